import type { FeedJob } from '../../../shared/contract/feed'

/** One person's feed as an Atom document (RFC 4287). */
export interface AtomFeed {
  /** A stable id for the feed (a URN: it never changes when the address does). */
  id: string
  title: string
  /** The address the feed is read at (rel="self"). */
  self: string
  /** When the newest entry was first seen, or when the feed was made when it has none. */
  updated: string
  jobs: readonly FeedJob[]
}

/**
 * Characters XML 1.0 does not allow at all (most C0 controls, lone surrogates, U+FFFE/U+FFFF): a job board's
 * text may hold them, and one would make the whole document unreadable to a feed reader.
 */
const NOT_XML =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g

/** Text as XML character data (or an attribute's value): escaped, and without what XML cannot carry. */
export function xmlText(text: string): string {
  return text
    .replace(NOT_XML, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
}

/** An entry's one-line summary: where, the fit and its reasons, the pay when known. */
function summaryOf(job: FeedJob): string {
  const where = [job.location, job.workArrangement].filter(Boolean).join(' · ')
  const fit =
    job.fit === null
      ? null
      : `Fit ${job.fit} of 100${job.fitReasons.length ? ` — ${job.fitReasons.join(', ')}` : ''}${
          job.fitMissing.length ? `; missing: ${job.fitMissing.join(', ')}` : ''
        }`
  const pay =
    job.salaryMin || job.salaryMax
      ? `Pay ${[job.salaryMin, job.salaryMax].filter(Boolean).join('–')}${job.salaryCurrency ? ` ${job.salaryCurrency}` : ''}${job.salaryPeriod ? ` a ${job.salaryPeriod.toLowerCase()}` : ''}`
      : null
  return [where, fit, pay, job.watched ? 'A company you watch' : null].filter(Boolean).join('. ')
}

/** Only web links go into a feed: a stored `javascript:` link would be a link in the reader too. */
function webLink(url: string | null): string | null {
  if (!url) return null
  try {
    const parsed = new URL(url)
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : null
  } catch {
    return null
  }
}

export function atomFeed(feed: AtomFeed): string {
  const entries = feed.jobs.map((job) => {
    const link = webLink(job.applyUrl)
    const title = job.company ? `${job.title} — ${job.company}` : job.title
    return [
      '  <entry>',
      `    <id>urn:job-monitor:job:${job.id}</id>`,
      `    <title>${xmlText(title)}</title>`,
      `    <updated>${job.firstSeenAt}</updated>`,
      job.postedAt ? `    <published>${job.postedAt}</published>` : null,
      link ? `    <link rel="alternate" type="text/html" href="${xmlText(link)}"/>` : null,
      job.company ? `    <author><name>${xmlText(job.company)}</name></author>` : null,
      `    <summary>${xmlText(summaryOf(job))}</summary>`,
      '  </entry>',
    ]
      .filter((line) => line !== null)
      .join('\n')
  })
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    `  <id>${xmlText(feed.id)}</id>`,
    `  <title>${xmlText(feed.title)}</title>`,
    `  <updated>${feed.updated}</updated>`,
    `  <link rel="self" type="application/atom+xml" href="${xmlText(feed.self)}"/>`,
    // Atom wants an author for every entry: the jobs without a company have this one.
    '  <author><name>Job Monitor</name></author>',
    '  <generator>Job Monitor</generator>',
    ...entries,
    '</feed>',
    '',
  ].join('\n')
}
