import { createHash } from 'node:crypto'
import type { CvProfile } from '../../../shared/contract/profile'
import type { WorkArrangement } from '../../../shared/domain'
import { canonicalTitle } from '../normalize/job-identity'
import { countryName } from '../places/country-names'
import { placeKey } from '../places/place-text'
import { resolvePlace } from '../places/resolve-place'
import { searchWords } from '../search/fold'
import { LANGUAGES, SKILLS } from '../vocabulary/dictionaries'
import { TITLE_TRANSLATIONS } from '../vocabulary/title-translations'

/**
 * How well a job fits a person, 0–100, with the reasons a person can check, computed locally from the CV
 * profile (no API call, deterministic: the same profile, job and day give the same score). The parts:
 *
 * | part | points | from |
 * | --- | --- | --- |
 * | title | 30 | the wanted titles: the same words 30, all of them and a few more 26, a title of the same kind (developer ≈ engineer, a translation) 21, half the words or more up to 15 |
 * | skills | 30 | the CV's skills found in the job's title, description and Active Jobs DB's key skills: 30 × found ÷ min(6, skills) |
 * | seniority | 10 | the title's level against the CV's: the same 10, one step 6, further 0 (unknown: 5) |
 * | place | 20 | remote when wanted, or one of the person's cities 20 (16 when the arrangement differs), their country 10, remote when not asked for 10 |
 * | salary | 5 | stated (a posting that says what it pays) |
 * | freshness | 5 | posted within a day 5, 3 days 4, a week 3, two weeks 1 |
 * | watched company | +10 | a company on the person's watchlist |
 * | language | −10 | the job asks for a language the CV does not list |
 *
 * Bumping FIT_VERSION recomputes every stored score (it is part of the inputs' key).
 */
export const FIT_VERSION = 1

export interface FitReasons {
  /** What fits, most telling first: "a company you watch", "Python, Spark, Airflow", "your title", "hybrid in Berlin". */
  good: string[]
  /** What the job asks for that the CV lacks, or where it falls short: "German C1", "a junior role". */
  missing: string[]
}

export interface Fit {
  score: number
  reasons: FitReasons
}

/** The job fields a score reads (a `jobs` row has them all). */
export interface FitJob {
  title: string
  company_key: string | null
  city: string | null
  country: string | null
  is_remote: number | boolean
  work_arrangement: WorkArrangement | null
  description: string | null
  /** JSON array text, as stored. */
  key_skills: string | null
  salary_year_min: number | null
  salary_year_max: number | null
  salary_currency: string | null
  sort_at: string
}

type Place =
  | { kind: 'city'; key: string; country: string; name: string }
  | { kind: 'country'; country: string }

interface Skill {
  name: string
  folded: string
  /** One- and two-letter names ("R", "Go") count only as written; the rest case-blind. */
  exactCase: boolean
}

/** A profile made ready for scoring many jobs: titles split into words, skills as patterns, places resolved. */
export interface FitProfile {
  titles: Array<{ core: string[]; mapped: string[] }>
  translations: Set<string>
  skills: Skill[]
  /** Every case-blind skill in one pattern over the lower-cased text, and the exact-case ones in another. */
  skillScan: RegExp | null
  exactScan: RegExp | null
  seniority: number | null
  places: Place[]
  wantsRemote: boolean
  arrangement: WorkArrangement | null
  /** English names ("German"); empty = unknown, and no language is held against a job. */
  languages: Set<string>
  watched: Set<string>
}

export interface FitInputs {
  profile: Pick<
    CvProfile,
    | 'jobTitles'
    | 'originalTitles'
    | 'locations'
    | 'country'
    | 'workArrangement'
    | 'seniority'
    | 'skills'
    | 'languages'
  >
  /** The titles of the person's plan (they may add titles the CV did not name). */
  planTitles: readonly string[]
  /**
   * The plan's combinations (`title key · place key`), paused ones too. They do not change a score, but
   * which jobs are scored: a new pair of a title and a place the plan already holds brings in other jobs.
   */
  combinations?: readonly string[]
  /** The watched companies' keys (canonicalCompany). */
  watched: readonly string[]
}

/** A hash of everything a person's scores depend on: when it changes, their scores are computed again. */
export function fitInputsKey(inputs: FitInputs): string {
  const p = inputs.profile
  const stable = {
    v: FIT_VERSION,
    titles: [...p.jobTitles, ...Object.values(p.originalTitles ?? {}), ...inputs.planTitles]
      .map((t) => t.toLowerCase())
      .sort(),
    locations: p.locations,
    country: p.country,
    arrangement: p.workArrangement,
    seniority: p.seniority,
    skills: p.skills,
    languages: p.languages,
    watched: [...inputs.watched].sort(),
    combinations: [...(inputs.combinations ?? [])].sort(),
  }
  return createHash('sha256').update(JSON.stringify(stable)).digest('hex').slice(0, 24)
}

const LEVELS = ['intern', 'junior', 'mid', 'senior', 'lead', 'principal', 'executive'] as const
const LEVEL_WORDS: Record<string, number> = {
  intern: 0,
  internship: 0,
  trainee: 0,
  praktikant: 0,
  praktikantin: 0,
  praktikum: 0,
  werkstudent: 0,
  werkstudentin: 0,
  stagiaire: 0,
  becario: 0,
  junior: 1,
  jr: 1,
  entry: 1,
  graduate: 1,
  mid: 2,
  intermediate: 2,
  senior: 3,
  sr: 3,
  experienced: 3,
  lead: 4,
  staff: 4,
  teamlead: 4,
  principal: 5,
  head: 6,
  director: 6,
  chief: 6,
  vp: 6,
}
/** Words that say a level, a gender marker or a filler: not what a title is about. */
const NOT_CORE = new Set([
  ...Object.keys(LEVEL_WORDS),
  'level',
  'i',
  'ii',
  'iii',
  'iv',
  'of',
  'm',
  'w',
  'd',
  'f',
  'x',
  'all',
  'genders',
  'remote',
  'hybrid',
  'working',
  'student',
])
/** Words that name the same kind of work in titles. */
const SAME_KIND: Record<string, string> = Object.fromEntries(
  Object.entries({
    engineer: [
      'developer',
      'programmer',
      'dev',
      'entwickler',
      'entwicklerin',
      'ingenieur',
      'ingenieurin',
      'developpeur',
      'developpeuse',
      'desarrollador',
      'desarrolladora',
      'sviluppatore',
      'sviluppatrice',
      'ontwikkelaar',
      'programista',
      'programistka',
      'ingeniero',
      'ingeniera',
      'ingegnere',
    ],
    analyst: ['analyste', 'analista', 'analytiker', 'analytikerin'],
    scientist: ['wissenschaftler', 'wissenschaftlerin'],
    manager: ['managerin', 'gestionnaire'],
    software: ['logiciel', 'oprogramowania'],
    data: ['daten', 'donnees', 'datos', 'dati'],
  }).flatMap(([head, words]) => [[head, head], ...words.map((w) => [w, head])]),
)
const JOINED: Array<[string, string, string]> = [
  ['back', 'end', 'backend'],
  ['front', 'end', 'frontend'],
  ['full', 'stack', 'fullstack'],
  ['dev', 'ops', 'devops'],
]

function titleWords(title: string): string[] {
  const words = searchWords(canonicalTitle(title))
  const out: string[] = []
  for (let i = 0; i < words.length; i++) {
    const pair = JOINED.find(([a, b]) => words[i] === a && words[i + 1] === b)
    if (pair) {
      out.push(pair[2])
      i++
    } else out.push(words[i]!)
  }
  return out
}

const coreOf = (words: string[]) => [...new Set(words.filter((w) => !NOT_CORE.has(w)))]
const mappedOf = (core: string[]) => [...new Set(core.map((w) => SAME_KIND[w] ?? w))]

function levelOfTitle(words: string[]): number | null {
  for (const w of words) if (w in LEVEL_WORDS) return LEVEL_WORDS[w]!
  return null
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** Skills as one pattern of whole words: `(?<!letter)(c\+\+|python|…)(?!letter, + or #)`, longest first. */
function scanOf(names: string[], flags: string): RegExp | null {
  if (names.length === 0) return null
  const alternatives = [...names].sort((a, b) => b.length - a.length).map(escapeRegExp)
  return new RegExp(`(?<![\\p{L}\\p{N}])(${alternatives.join('|')})(?![\\p{L}\\p{N}+#])`, flags)
}

export function prepareFitProfile(inputs: FitInputs): FitProfile {
  const p = inputs.profile
  const wanted = [...p.jobTitles, ...Object.values(p.originalTitles ?? {}), ...inputs.planTitles]
  const titles = [...new Map(wanted.map((t) => [t.toLowerCase(), t])).values()].map((t) => {
    const core = coreOf(titleWords(t))
    return { core, mapped: mappedOf(core) }
  })
  const translations = new Set<string>()
  for (const t of wanted) {
    const english = Object.keys(TITLE_TRANSLATIONS).find((e) => e.toLowerCase() === t.toLowerCase())
    for (const form of english ? [english, ...TITLE_TRANSLATIONS[english]!] : [])
      translations.add(coreOf(titleWords(form)).join(' '))
  }
  const places: Place[] = []
  let wantsRemote = p.workArrangement === 'Remote OK' || p.workArrangement === 'Remote Solely'
  for (const location of p.locations) {
    const place = resolvePlace(location, { countryHint: p.country })
    if (place.kind === 'remote') wantsRemote = true
    else if (place.kind === 'country') places.push({ kind: 'country', country: place.country })
    else if (place.kind === 'city' || place.kind === 'ambiguous') {
      const city = place.kind === 'city' ? place : place.best
      places.push({ kind: 'city', key: placeKey(city.city), country: city.country, name: city.city })
    }
  }
  const skills = [...new Map(p.skills.map((s) => [s.trim().toLowerCase(), s.trim()])).values()]
    .filter(Boolean)
    .map((name) => ({ name, folded: name.toLowerCase(), exactCase: /^[A-Za-z]{1,2}$/.test(name) }))
  return {
    titles,
    translations,
    skills,
    skillScan: scanOf(
      skills.filter((k) => !k.exactCase).map((k) => k.folded),
      'gu',
    ),
    exactScan: scanOf(
      skills.filter((k) => k.exactCase).map((k) => k.name),
      'gu',
    ),
    seniority: p.seniority ? LEVELS.indexOf(p.seniority) : null,
    places,
    wantsRemote,
    arrangement: p.workArrangement,
    languages: new Set(p.languages.map((l) => LANGUAGES[l.trim().toLowerCase()] ?? l.trim())),
    watched: new Set(inputs.watched),
  }
}

/** Language names as descriptions write them, by English name. */
const LANGUAGE_NAMES: Record<string, string[]> = {}
for (const [word, english] of Object.entries(LANGUAGES))
  LANGUAGE_NAMES[english] = [...(LANGUAGE_NAMES[english] ?? []), word]
const REQUIRED =
  '(?:fluent|fluency|native|business|excellent|very good|strong|proficient|fließend\\w*|verhandlungssicher\\w*|sehr gute?\\w*|gute?|courant|parfait)'
const NEEDS =
  '(?:required|is a must|a must|mandatory|essential|erforderlich|vorausgesetzt|fließend|verhandlungssicher|obligatoire|imprescindible)'

/** Per language, the patterns of a description asking for it (built once). */
const LANGUAGE_PATTERNS = Object.entries(LANGUAGE_NAMES).map(([english, words]) => {
  const name = `(?:${words.map(escapeRegExp).join('|')})`
  return {
    english,
    levelAfter: new RegExp(`\\b${name}\\w*\\b[^.\\n;]{0,25}?\\b([ABC][12])\\b`, 'iu'),
    levelBefore: new RegExp(`\\b([ABC][12])\\b[^.\\n;]{0,12}?\\b${name}`, 'iu'),
    asked: [
      new RegExp(`\\b${REQUIRED}\\b[^.\\n;]{0,20}?\\b${name}\\b`, 'iu'),
      new RegExp(`\\b${name}\\b[^.\\n;]{0,15}?\\b${NEEDS}`, 'iu'),
      new RegExp(`\\b${name}kenntnisse`, 'iu'),
    ],
  }
})

/**
 * Every language name in one pattern: one pass over a description finds which are named. It runs on the
 * lower-cased text, without the `i` and `u` flags, which made it a tenth of the time of storing a job.
 */
const ANY_LANGUAGE = new RegExp(
  `\\b(${Object.keys(LANGUAGES)
    .map((name) => name.toLowerCase())
    .sort((a, b) => b.length - a.length)
    .map(escapeRegExp)
    .join('|')})`,
  'g',
)

/** The languages a description asks for, with the level when it says one ("C1"). */
function requiredLanguages(text: string): Array<{ language: string; level: string | null }> {
  const found: Array<{ language: string; level: string | null }> = []
  const named = new Set<string>()
  for (const m of text.toLowerCase().matchAll(ANY_LANGUAGE)) named.add(LANGUAGES[m[1]!] ?? '')
  for (const p of LANGUAGE_PATTERNS) {
    if (!named.has(p.english)) continue
    const level = p.levelAfter.exec(text)?.[1] ?? p.levelBefore.exec(text)?.[1] ?? null
    if (level !== null || p.asked.some((r) => r.test(text)))
      found.push({ language: p.english, level: level?.toUpperCase() ?? null })
  }
  return found
}

const TECHNICAL = new Set(SKILLS.map((s) => s.toLowerCase()))
const DAY = 86_400_000

function keySkillsOf(json: string | null): string[] {
  if (!json) return []
  try {
    const value: unknown = JSON.parse(json)
    return Array.isArray(value)
      ? value.filter((s): s is string => typeof s === 'string' && s.trim() !== '')
      : []
  } catch {
    return []
  }
}

function money(amount: number, currency: string): string {
  try {
    return new Intl.NumberFormat('en', {
      style: 'currency',
      currency,
      notation: 'compact',
      maximumFractionDigits: 0,
    }).format(amount)
  } catch {
    return `${Math.round(amount / 1000)}k ${currency}`
  }
}

/** Scores one job for one person at `now` (an ISO time: only the freshness part reads it). */
export function scoreJob(profile: FitProfile, job: FitJob, now: string): Fit {
  const good: string[] = []
  const missing: string[] = []
  let score = 0

  if (job.company_key && profile.watched.has(job.company_key)) {
    score += 10
    good.push('a company you watch')
  }

  // Skills.
  const keySkills = keySkillsOf(job.key_skills)
  const keyFolded = new Set(keySkills.map((s) => s.toLowerCase()))
  const text = `${job.title}\n${job.description ?? ''}`
  const seen = new Set(keyFolded)
  if (profile.skillScan) for (const m of text.toLowerCase().matchAll(profile.skillScan)) seen.add(m[1]!)
  if (profile.exactScan) for (const m of text.matchAll(profile.exactScan)) seen.add(m[1]!.toLowerCase())
  const found = profile.skills.filter((s) => seen.has(s.folded))
  if (profile.skills.length === 0) score += 15
  else score += Math.round(30 * Math.min(1, found.length / Math.min(6, profile.skills.length)) * 10) / 10
  if (found.length > 0)
    good.push(
      found
        .slice(0, 4)
        .map((s) => s.name)
        .join(', '),
    )
  const have = new Set(profile.skills.map((s) => s.folded))
  const lacking = keySkills
    .filter((s) => TECHNICAL.has(s.toLowerCase()) && !have.has(s.toLowerCase()))
    .slice(0, 2)

  // Title.
  const words = titleWords(job.title)
  const core = coreOf(words)
  const mapped = mappedOf(core)
  let title = 0
  let titleReason = ''
  for (const wanted of profile.titles) {
    if (wanted.core.length === 0) continue
    const coreSet = new Set(core)
    const mappedSet = new Set(mapped)
    let points = 0
    let reason = ''
    if (wanted.core.length === core.length && wanted.core.every((w) => coreSet.has(w))) {
      points = 30
      reason = 'your title'
    } else if (wanted.core.every((w) => coreSet.has(w))) {
      points = core.length - wanted.core.length <= 2 ? 26 : 22
      reason = 'your title'
    } else if (wanted.mapped.every((w) => mappedSet.has(w)) || profile.translations.has(core.join(' '))) {
      points = 21
      reason = 'a title like yours'
    } else {
      const share = wanted.mapped.filter((w) => mappedSet.has(w)).length / wanted.mapped.length
      if (share >= 0.5) {
        points = Math.round(15 * share)
        reason = 'a related title'
      }
    }
    if (points > title) {
      title = points
      titleReason = reason
    }
  }
  score += title
  if (titleReason) good.push(titleReason)

  // Seniority.
  const level = levelOfTitle(words)
  if (profile.seniority === null) score += 5
  else {
    const step = (level ?? 2) - profile.seniority
    if (step === 0) score += 10
    else if (Math.abs(step) === 1) {
      score += 6
      if (step === 1 && level !== null) good.push('one step up')
    } else missing.push(`a ${LEVELS[level ?? 2]} role`)
  }

  // Place and arrangement.
  const remote =
    Boolean(Number(job.is_remote)) ||
    job.work_arrangement === 'Remote OK' ||
    job.work_arrangement === 'Remote Solely'
  const cityKey = job.city ? placeKey(job.city) : null
  const country = job.country?.toUpperCase() ?? null
  const inCity = profile.places.find(
    (p) => p.kind === 'city' && p.key === cityKey && (!country || p.country === country),
  )
  const inCountry = country ? profile.places.find((p) => p.country === country) : undefined
  if (remote && profile.wantsRemote) {
    score += 20
    good.push('remote')
  } else if (inCity?.kind === 'city') {
    const how =
      job.work_arrangement === 'Hybrid' ? 'hybrid ' : job.work_arrangement === 'On-site' ? 'on-site ' : ''
    const differs =
      (profile.arrangement === 'Remote Solely' && !remote) ||
      (profile.arrangement === 'Hybrid' && job.work_arrangement === 'On-site')
    score += differs ? 16 : 20
    good.push(`${how}in ${job.city}`)
  } else if (inCountry) {
    score += 10
    good.push(`in ${countryName(inCountry.country)}`)
  } else if (remote) {
    score += 10
    good.push('remote')
  } else if (profile.places.length === 0 && !profile.wantsRemote) {
    score += 10
  } else missing.push('not in your places')

  // Salary.
  if (job.salary_currency && (job.salary_year_min !== null || job.salary_year_max !== null)) {
    score += 5
    const low = job.salary_year_min ?? job.salary_year_max!
    const high = job.salary_year_max ?? job.salary_year_min!
    good.push(
      low === high
        ? `${money(low, job.salary_currency)} a year`
        : `${money(low, job.salary_currency)}–${money(high, job.salary_currency)} a year`,
    )
  }

  // Freshness.
  const age = (Date.parse(now) - Date.parse(job.sort_at)) / DAY
  if (age <= 1) score += 5
  else if (age <= 3) score += 4
  else if (age <= 7) score += 3
  else if (age <= 14) score += 1

  // Languages the job asks for and the CV does not list.
  if (profile.languages.size > 0) {
    for (const need of requiredLanguages(text)) {
      if (profile.languages.has(need.language)) continue
      score -= 10
      missing.unshift(need.level ? `${need.language} ${need.level}` : need.language)
    }
  }
  missing.push(...lacking)

  return { score: Math.max(0, Math.min(100, Math.round(score))), reasons: { good, missing } }
}

/** The days after which a score's freshness part no longer changes (it is 0 from day 15). */
export const FRESHNESS_DAYS = 15
