import { foldText, stripAccents } from '../text'
import { canonicalPlace } from './job-place'

/** Query parameters that only track where a click came from; two URLs differing only in these are one job. */
const TRACKING_PARAMS = new Set([
  'gclid',
  'fbclid',
  'msclkid',
  'dclid',
  'yclid',
  'mc_cid',
  'mc_eid',
  '_hsenc',
  '_hsmi',
  'trk',
  'trkinfo',
  'trackingid',
  'refid',
  'ref',
  'referrer',
  'src',
  'source',
  'gh_src',
  'lever-source',
  'lever-origin',
  'campaign',
  'campaignid',
  'ccuid',
  'cmp',
  'sid',
  'icid',
  'feedid',
  'from',
  'share_id',
  'ga',
])

/**
 * An apply URL reduced to what identifies the posting: no scheme, lower-case host without `www.`,
 * no fragment, no tracking parameters, remaining parameters sorted, no trailing slash. Null when the
 * value is not an http(s) URL.
 */
export function canonicalUrl(raw: string | null | undefined): string | null {
  if (!raw) return null
  let url: URL
  try {
    url = new URL(raw.trim())
  } catch {
    return null
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null
  const host = url.hostname.toLowerCase().replace(/^www\./, '')
  const params = [...url.searchParams.entries()]
    .filter(([name]) => !name.toLowerCase().startsWith('utm_') && !TRACKING_PARAMS.has(name.toLowerCase()))
    .sort(([a, av], [b, bv]) => (a === b ? av.localeCompare(bv) : a.localeCompare(b)))
  const query = params.length ? `?${new URLSearchParams(params).toString()}` : ''
  const path = url.pathname.replace(/\/+$/, '')
  const port = url.port ? `:${url.port}` : ''
  return `${host}${port}${path}${query}`
}

/** Legal-form words dropped from company names: "Example GmbH." and "Example" are one employer. */
const LEGAL_SUFFIXES = [
  'gmbh & co. kg',
  'gmbh & co kg',
  'gmbh',
  'mbh',
  'ag',
  'se',
  'kgaa',
  'kg',
  'ohg',
  'ug (haftungsbeschrankt)',
  'ug',
  'e.v.',
  'ev',
  'inc',
  'inc.',
  'incorporated',
  'llc',
  'l.l.c.',
  'ltd',
  'ltd.',
  'limited',
  'plc',
  'corp',
  'corp.',
  'corporation',
  'co',
  'co.',
  'company',
  'lp',
  'llp',
  'sarl',
  's.a.r.l.',
  'sas',
  's.a.s.',
  'sa',
  's.a.',
  'bv',
  'b.v.',
  'nv',
  'n.v.',
  'ab',
  'oy',
  'as',
  'a/s',
  'aps',
  'spa',
  's.p.a.',
  'srl',
  's.r.l.',
  'sp. z o.o.',
  'pty',
  'pty ltd',
]
const SUFFIX_PATTERN = new RegExp(
  `(?:[\\s,]+(?:${LEGAL_SUFFIXES.sort((a, b) => b.length - a.length)
    .map((s) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'))
    .join('|')}))+\\.?$`,
)

export function canonicalCompany(company: string | null | undefined): string | null {
  if (!company) return null
  let name = stripAccents(foldText(company))
  let previous = ''
  while (previous !== name) {
    previous = name
    name = name.replace(SUFFIX_PATTERN, '').trim()
  }
  name = name.replace(/[^\p{L}\p{N}&+]+/gu, ' ').trim()
  return name || null
}

/**
 * A title without gender markers ("(m/w/d)", "(f/m/x)", "(all genders)"), which German postings add and
 * aggregators sometimes drop. Nothing else is removed: "Senior Data Engineer" stays distinct from "Data Engineer".
 */
export function canonicalTitle(title: string): string {
  return foldText(title)
    .replace(/[([]\s*(?:[mwfdxh]\s*\/\s*){1,3}[mwfdxh]\s*(?:iv|ivers)?\s*[)\]]/g, ' ')
    .replace(/[([]\s*(?:all genders?|gn\*?|w\/m\/div|m\/w\/div|d\/m\/w)\s*[)\]]/g, ' ')
    .replace(/\s+-\s*$/, '')
    .replace(/\s+/g, ' ')
    .trim()
}

/**
 * company | title | place, or null when the company is unknown (too weak to merge on title alone). The place
 * is the canonical one (country | region code | city), so "Chicago, IL" from JSearch and "Chicago,
 * Illinois, United States" from Active Jobs DB are one job.
 */
export function dedupeKey(job: {
  company: string | null
  title: string
  location: string | null
  city?: string | null
  region?: string | null
  country?: string | null
}): string | null {
  const company = canonicalCompany(job.company)
  if (!company) return null
  return `${company}|${canonicalTitle(job.title)}|${canonicalPlace(job).key ?? ''}`
}
