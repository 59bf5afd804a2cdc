import type { AlertJob, AlertPayload } from './payload'

/** "3 new jobs for you", "1 new job that fits (70 or more)", "Job Monitor test alert". */
export function alertTitle(payload: AlertPayload): string {
  if (payload.kind === 'test') return 'Job Monitor test alert'
  const count = payload.jobs.length + payload.more
  const jobs = count === 1 ? '1 new job' : `${count.toLocaleString('en')} new jobs`
  if (payload.minFit > 0) return `${jobs} that ${count === 1 ? 'fits' : 'fit'} (${payload.minFit} or more)`
  return `${jobs} for you`
}

/** "Data Engineer · Zalando · Berlin · fit 82". */
export function jobLine(job: AlertJob): string {
  return [
    job.title,
    job.company,
    job.place,
    job.fit === null ? null : `fit ${job.fit}`,
    job.watched ? 'watched' : null,
  ]
    .filter(Boolean)
    .join(' · ')
}

/** The plain text of an alert: one line per job with its link, then how many more. */
export function alertText(payload: AlertPayload, maxJobs = payload.jobs.length): string {
  const lines: string[] = []
  for (const job of payload.jobs.slice(0, maxJobs)) {
    lines.push(jobLine(job))
    if (job.link) lines.push(`  ${job.link}`)
  }
  const more = payload.more + Math.max(0, payload.jobs.length - maxJobs)
  if (more > 0) lines.push(`…and ${more.toLocaleString('en')} more in Job Monitor.`)
  return lines.join('\n')
}

/** The e-mail digest's subject: the count and the best job. */
export function digestSubject(payload: AlertPayload): string {
  const best = payload.jobs[0]
  const title = alertTitle(payload)
  if (!best || payload.kind === 'test') return title
  return `${title}: ${best.title}${best.company ? ` at ${best.company}` : ''}${payload.jobs.length + payload.more > 1 ? ' and more' : ''}`
}

/** The digest's HTML part: a list of linked jobs, every text escaped. */
export function digestHtml(payload: AlertPayload): string {
  const items = payload.jobs.map((job) => {
    const title = job.link
      ? `<a href="${escapeHtml(job.link)}">${escapeHtml(job.title)}</a>`
      : escapeHtml(job.title)
    const details = [job.company, job.place, job.fit === null ? null : `fit ${job.fit}`]
      .filter(Boolean)
      .map((d) => escapeHtml(String(d)))
      .join(' · ')
    return `<li><strong>${title}</strong>${details ? `<br><span style="color:#555">${details}</span>` : ''}</li>`
  })
  const more = payload.more > 0 ? `<p>…and ${payload.more.toLocaleString('en')} more in Job Monitor.</p>` : ''
  return [
    '<!doctype html><html><body style="font-family:system-ui,sans-serif">',
    `<h1 style="font-size:18px">${escapeHtml(alertTitle(payload))}</h1>`,
    `<ul style="padding-left:18px;line-height:1.5">${items.join('')}</ul>`,
    more,
    '<p style="color:#777;font-size:12px">Sent by Job Monitor after its daily load. Settings → Alerts changes where alerts go.</p>',
    '</body></html>',
  ].join('')
}

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  )
}
