import type { WorkArrangement } from '../db/schema'
import { locationKey } from '../normalize/combination-key'
import { countryOf } from '../sources/countries'
import { CITIES, JOB_TITLES, JUNIOR_STEPS, LANGUAGES, SENIORITY_PREFIX, SKILLS } from './dictionaries'
import type { CvProfile } from './profile'

/** A phrase from a list as a case-insensitive pattern that only matches whole words. */
function alternation(phrases: readonly string[]): string {
  return [...phrases]
    .sort((a, b) => b.length - a.length)
    .map((p) => p.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&').replace(/\s+/g, '\\s+'))
    .join('|')
}
const WORD = '[\\p{L}\\p{N}]'
// German gender forms written "Entwickler:in", "Entwickler*in" or "EntwicklerIn" count as the title.
const TITLE_RE = new RegExp(`(?<!${WORD})(?:${alternation(JOB_TITLES)})(?:[:*]in|In)?(?!${WORD})`, 'giu')
const CITY_RE = new RegExp(`(?<!${WORD})(?:${alternation(CITIES)})(?!${WORD})`, 'giu')
const SKILL_RE = new RegExp(`(?<![\\p{L}\\p{N}+#.])(?:${alternation(SKILLS)})(?![\\p{L}\\p{N}+#])`, 'giu')
const LANGUAGE_RE = new RegExp(`(?<!${WORD})(?:${alternation(Object.keys(LANGUAGES))})(?!${WORD})`, 'giu')

const HEADINGS: Array<[Section, RegExp]> = [
  [
    'experience',
    /^(work |professional )?experience|^employment( history)?|^berufserfahrung|^beruflicher werdegang|^berufliche (erfahrung|laufbahn)|^werdegang|^career/i,
  ],
  ['education', /^education|^ausbildung|^studium|^bildungsweg|^schulbildung|^academic/i],
  ['skills', /^(technical )?skills|^kenntnisse|^fähigkeiten|^kompetenzen|^it-kenntnisse|^tech stack/i],
  ['languages', /^languages|^sprachen|^sprachkenntnisse/i],
  ['profile', /^profile|^profil|^summary|^about me|^über mich|^kurzprofil/i],
  // A sidebar's contact block comes after the main column in a two-column PDF.
  ['contact', /^contact|^kontakt|^personal (details|information|data)|^persönliche (daten|angaben)/i],
]
type Section =
  | 'header'
  | 'contact'
  | 'experience'
  | 'education'
  | 'skills'
  | 'languages'
  | 'profile'
  | 'other'

const TARGET_LINE =
  /^(?:target (?:role|position|job)s?|desired (?:role|position)s?|looking for|objective|career goal|wunschposition(?:en)?|angestrebte (?:position|stelle)|gesuchte (?:position|stelle)|zielposition)\s*[:\-–]\s*(.+)$/i
const HOME_LINE =
  /^(?:wohnort|location|based in|address|adresse|anschrift|standort|residence|city|ort)\s*[:\-–]?\s*(.+)$/i
const RELOCATION =
  /open to relocat|willing to relocate|relocat(?:e|ion) to|umzugsbereit|bereit,? (?:nach|für)|umzug nach|mobil für/i
const REMOTE = /\b(?:fully remote|remote[- ]first|remote|home ?office|homeoffice|mobiles arbeiten)\b/i
const HYBRID = /\bhybrid\b/i

interface Line {
  text: string
  section: Section
  index: number
}

function sections(text: string): Line[] {
  let section: Section = 'header'
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((raw, index) => {
      const heading = raw.length < 40 ? HEADINGS.find(([, re]) => re.test(raw)) : undefined
      if (heading) section = heading[0]
      return { text: raw, section, index }
    })
}

/** Titles found on a line, each with a seniority word in front of it ("Senior Data Scientist"). */
function titlesIn(line: string): string[] {
  const out: string[] = []
  for (const match of line.matchAll(TITLE_RE)) {
    const before = line.slice(0, match.index)
    const prefix = SENIORITY_PREFIX.exec(before)?.[0] ?? ''
    const title =
      `${capitalize(prefix.trim())} ${match[0].replace(/(?:[:*]in|In)$/, '').replace(/\s+/g, ' ')}`.trim()
    out.push(title)
  }
  return out
}

function capitalize(word: string): string {
  if (!word) return ''
  return word.toLowerCase() === 'head of' ? 'Head of' : word[0]!.toUpperCase() + word.slice(1).toLowerCase()
}

function citiesIn(line: string): string[] {
  return [...line.matchAll(CITY_RE)].map((m) => m[0].replace(/\s+/g, ' '))
}

function unique(values: string[], key: (v: string) => string = (v) => v.toLowerCase()): string[] {
  const seen = new Map<string, string>()
  for (const v of values) if (!seen.has(key(v))) seen.set(key(v), v)
  return [...seen.values()]
}

/**
 * The offline parser: no network, deterministic. It reads a stated target ("Target role: …",
 * "Wunschposition: …"), the headline under the name ("DevOps Engineer · Software Architect"), and the most
 * recent titles under Experience/Berufserfahrung; the home city ("Wohnort: …", the contact line), cities the
 * person would move to, and remote wishes.
 */
export function parseCvOffline(text: string): CvProfile {
  const lines = sections(text)
  const header = lines.filter((l) => (l.section === 'header' && l.index < 10) || l.section === 'contact')

  const stated = lines.flatMap((l) => {
    const m = TARGET_LINE.exec(l.text)
    return m ? titlesIn(m[1]!).concat(titlesIn(m[1]!).length ? [] : splitList(m[1]!)) : []
  })
  const headline = header.filter((l) => l.section === 'header').flatMap((l) => titlesIn(l.text))
  const recent = lines
    .filter((l) => l.section === 'experience' && !JUNIOR_STEPS.test(l.text))
    .flatMap((l) => titlesIn(l.text))
  const wanted = unique([...stated, ...headline])
  const jobTitles = unique([...wanted, ...recent.slice(0, wanted.length >= 2 ? 0 : 2 - wanted.length)])
  if (jobTitles.length === 0) {
    // Only junior steps (a student's CV): they are what the person has done, so search for those.
    jobTitles.push(
      ...unique(lines.filter((l) => l.section === 'experience').flatMap((l) => titlesIn(l.text))).slice(0, 2),
    )
  }

  const home = lines.flatMap((l) => {
    const m = HOME_LINE.exec(l.text)
    if (!m) return []
    const found = citiesIn(m[1]!)
    return found.length
      ? found.slice(0, 1)
      : [
          m[1]!
            .split(',')[0]!
            .replace(/^\d{4,5}\s+/, '')
            .trim(),
        ].filter((c) => c.length > 1)
  })
  const contact = header.flatMap((l) => citiesIn(l.text)).slice(0, 1)
  const moves = lines.filter((l) => RELOCATION.test(l.text)).flatMap((l) => citiesIn(l.text))
  const wishes = lines.filter(
    (l) =>
      l.section === 'header' ||
      l.section === 'contact' ||
      l.section === 'profile' ||
      TARGET_LINE.test(l.text),
  )
  const remote = wishes.some((l) => REMOTE.test(l.text))
  const hybrid = wishes.some((l) => HYBRID.test(l.text))
  const locations = unique([...home, ...contact, ...moves], locationKey)
  if (remote) locations.push('Remote')
  const workArrangement: WorkArrangement | null = remote
    ? locations.length > 1
      ? 'Remote OK'
      : 'Remote Solely'
    : hybrid
      ? 'Hybrid'
      : null

  const first = jobTitles[0]?.toLowerCase() ?? ''
  const seniority = /^(senior|sr)/.test(first)
    ? 'senior'
    : /^(lead|head of|principal|staff|chief)/.test(first) || /\b(lead|leiter)/.test(first)
      ? 'lead'
      : /^(junior|jr)/.test(first)
        ? 'junior'
        : JUNIOR_STEPS.test(first)
          ? 'intern'
          : null
  const skills = unique([...text.matchAll(SKILL_RE)].map((m) => m[0])).slice(0, 20)
  const languages = unique(
    lines
      .filter((l) => l.section === 'languages' || /sprachen|languages/i.test(l.text))
      .flatMap((l) => [...l.text.matchAll(LANGUAGE_RE)].map((m) => LANGUAGES[m[0].toLowerCase()]!)),
  )
  const summary = jobTitles.length
    ? `${jobTitles[0]}${locations[0] ? ` in ${locations[0]}` : ''}${skills.length ? ` (${skills.slice(0, 3).join(', ')})` : ''}`
    : ''
  const homeLine = lines.find((l) => HOME_LINE.test(l.text))?.text
  const country =
    (homeLine && countryOf(homeLine.replace(HOME_LINE, '$1'))) ??
    (locations[0] ? countryOf(locations[0]) : undefined)
  return {
    jobTitles,
    locations,
    country: country ?? null,
    workArrangement,
    seniority,
    skills,
    languages,
    summary,
  }
}

function splitList(value: string): string[] {
  return value
    .split(/\s*(?:[,;/|·•]|\bor\b|\boder\b)\s*/i)
    .map((v) => v.trim())
    .filter((v) => v.length > 2 && v.length < 60)
}
