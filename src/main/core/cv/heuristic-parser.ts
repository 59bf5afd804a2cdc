import type { WorkArrangement } from '../db/schema'
import { locationKey } from '../normalize/combination-key'
import { countryCode } from '../places/country-names'
import { exonym } from '../places/exonyms'
import { gazetteer } from '../places/gazetteer'
import { type PlacedCity, resolvePlace } from '../places/resolve-place'
import { JOB_TITLES, JUNIOR_STEPS, LANGUAGES, SENIORITY_PREFIX, SKILLS } from '../vocabulary/dictionaries'
import { TITLE_TRANSLATIONS } from '../vocabulary/title-translations'
import {
  HEADINGS,
  HOME_LINE,
  HYBRID,
  RELOCATION,
  REMOTE,
  type Section,
  TARGET_LINE,
  WISH,
} from './cv-vocabulary'
import type { CvProfile } from './profile'

/** A phrase from a list as a case-insensitive pattern that only matches whole words. */
function alternation(phrases: readonly string[]): string {
  return [...phrases]
    .sort((a, b) => b.length - a.length)
    .map((p) => p.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&').replace(/[\s-]+/g, '[\\s-]+'))
    .join('|')
}
const WORD = '[\\p{L}\\p{N}]'
/** Every local spelling (lower case, single spaces) → the English title searched for it. */
const ENGLISH_TITLE = new Map<string, string>(
  Object.entries(TITLE_TRANSLATIONS).flatMap(([english, locals]) =>
    locals.map((local) => [normalTitle(local), english] as const),
  ),
)
const ALL_TITLES = [
  ...JOB_TITLES,
  ...Object.keys(TITLE_TRANSLATIONS),
  ...Object.values(TITLE_TRANSLATIONS).flat(),
]
// German gender forms written "Entwickler:in", "Entwickler*in" or "EntwicklerIn", French "Développeur·se", count as the title.
const TITLE_RE = new RegExp(
  `(?<!${WORD})(?:${alternation(ALL_TITLES)})(?:[:*·]in|In|·se|·euse|\\(e\\))?(?!${WORD})`,
  'giu',
)
/** The same titles without the global flag: a yes/no test that keeps no state between calls. */
const HAS_TITLE = new RegExp(TITLE_RE.source, 'iu')
const SENIORITY_AFTER = /^\s*(?:[,-]\s*)?(senior|sénior|sr\.?|junior|júnior|jr\.?)(?![\p{L}])/iu
const SKILL_RE = new RegExp(`(?<![\\p{L}\\p{N}+#.])(?:${alternation(SKILLS)})(?![\\p{L}\\p{N}+#])`, 'giu')
const LANGUAGE_RE = new RegExp(`(?<!${WORD})(?:${alternation(Object.keys(LANGUAGES))})(?!${WORD})`, 'giu')
const SKILL_WORDS = new Set(SKILLS.map((s) => s.toLowerCase()))

function normalTitle(value: string): string {
  return value
    .toLowerCase()
    .replace(/[\s-]+/g, ' ')
    .trim()
}

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
      const heading = raw.length < 48 ? HEADINGS.find(([, re]) => re.test(raw)) : undefined
      if (heading) section = heading[0]
      return { text: raw, section, index }
    })
}

interface FoundTitle {
  /** What the plan searches: English for French, Spanish, Italian, Dutch and Polish titles. */
  title: string
  /** As the CV wrote it, when it was translated. */
  original: string | null
}

/** Titles found on a line, each with a seniority word before or after it ("Senior Data Scientist"). */
function titlesIn(line: string): FoundTitle[] {
  const out: FoundTitle[] = []
  for (const match of line.matchAll(TITLE_RE)) {
    const written = match[0].replace(/(?:[:*·]in|In|·se|·euse|\(e\))$/, '').replace(/\s+/g, ' ')
    const before = line.slice(0, match.index)
    const after = line.slice(match.index + match[0].length)
    const prefix = SENIORITY_PREFIX.exec(before)?.[1] ?? SENIORITY_AFTER.exec(after)?.[1] ?? ''
    const english = ENGLISH_TITLE.get(normalTitle(written))
    const seniority = prefix ? `${capitalize(prefix.replace(/é|ú/g, (c) => (c === 'é' ? 'e' : 'u')))} ` : ''
    out.push({
      title: `${seniority}${english ?? written}`.trim(),
      original: english
        ? `${SENIORITY_PREFIX.exec(before)?.[0] ?? ''}${written}${SENIORITY_AFTER.exec(after)?.[0] ?? ''}`.trim()
        : null,
    })
  }
  return out
}

function capitalize(word: string): string {
  if (!word) return ''
  return word.toLowerCase() === 'head of' ? 'Head of' : word[0]!.toUpperCase() + word.slice(1).toLowerCase()
}

function unique<T>(values: T[], key: (v: T) => string): T[] {
  const seen = new Map<string, T>()
  for (const v of values) if (!seen.has(key(v))) seen.set(key(v), v)
  return [...seen.values()]
}

const uniqueTitles = (values: FoundTitle[]) => unique(values, (t) => t.title.toLowerCase())

/** International dialling codes of the countries CVs most often come from → ISO country. */
const DIALLING: Record<string, string> = {
  '1': 'US',
  '30': 'GR',
  '31': 'NL',
  '32': 'BE',
  '33': 'FR',
  '34': 'ES',
  '36': 'HU',
  '39': 'IT',
  '40': 'RO',
  '41': 'CH',
  '43': 'AT',
  '44': 'GB',
  '45': 'DK',
  '46': 'SE',
  '47': 'NO',
  '48': 'PL',
  '49': 'DE',
  '52': 'MX',
  '54': 'AR',
  '55': 'BR',
  '57': 'CO',
  '61': 'AU',
  '65': 'SG',
  '81': 'JP',
  '82': 'KR',
  '86': 'CN',
  '90': 'TR',
  '91': 'IN',
  '351': 'PT',
  '353': 'IE',
  '358': 'FI',
  '420': 'CZ',
  '971': 'AE',
  '972': 'IL',
}

function diallingCountry(text: string): string | undefined {
  const m = /(?:^|[\s(])(?:\+|00)(\d{1,3})[\s\-./)]/.exec(text)
  if (!m) return undefined
  const digits = m[1]!
  for (const length of [3, 2, 1]) {
    const code = DIALLING[digits.slice(0, length)]
    if (code && digits.length >= length) return code
  }
  return undefined
}

/** A place the parser found: as the CV wrote it, and the country it is in. */
interface FoundPlace {
  text: string
  country: string | null
}

/** Parts of a contact or address line: "Mapo-gu, Seoul, 03936, Republic of Korea" → its pieces. */
function segmentsOf(line: string): string[] {
  return line
    .split(/\s*(?:[,;·•|]|\s[-–—]\s)\s*/)
    .map((s) => s.trim())
    .filter(Boolean)
}

/** A street, an e-mail address, a web address or a phone number: never a place. */
const STREET =
  /\d|@|https?:|www\.|\.com\b|\.[a-z]{2,3}\/|\b(?:rue|via|viale|calle|avenida|avda|avenue|ave|boulevard|blvd|street|road|lane|drive|straße|strasse|str|weg|gasse|allee|platz|ul|ulica|al|aleja|plac|laan|straat|gracht|rua|travessa|carrer|corso|piazza)\b\.?|(?:straße|strasse|weg|gasse|allee|platz|laan|straat|gracht)$/i

/**
 * The places of a header, contact or address line. Each piece is a place when the gazetteer knows it, read
 * together with what follows it on the line (a state or country says which Cambridge). Streets, e-mail
 * addresses, phone numbers and skills are passed over; a bare piece in the header must be a town of 10,000+.
 */
function placesOnLine(
  line: string,
  options: { labelled: boolean; countryHint: string | null },
): FoundPlace[] {
  const segments = segmentsOf(line)
  const countries = segments.map((s) => countryCode(s, { codes: false })).filter(Boolean) as string[]
  const hint = countries[0] ?? options.countryHint
  const out: FoundPlace[] = []
  segments.forEach((segment, i) => {
    const piece = segment.replace(/^(?:\p{L}[\p{L} ]{0,30})?\s*[:：]\s*/u, (label) =>
      options.labelled ? '' : label,
    )
    const name = withoutPostalCode(piece)
    // A number left after the postal code is a house number: "Rue du Rhône 40", "Via Torino 15".
    if (!name || STREET.test(name) || !/^\p{Lu}/u.test(name)) return
    if (SKILL_WORDS.has(name.toLowerCase()) || countryCode(name, { codes: false })) return
    if (HAS_TITLE.test(name)) return
    const rest = segments
      .slice(i + 1)
      .map(withoutPostalCode)
      .filter((s) => s && !STREET.test(s))
    const place = resolvePlace([name, ...rest].join(', '), { countryHint: hint })
    if (place.kind === 'city' && place.inGazetteer) {
      if (!options.labelled && !bigEnough(name)) return
      out.push({ text: unambiguous(name, rest, place), country: place.country })
    } else if (place.kind === 'ambiguous') {
      out.push({ text: name, country: null })
    } else if (place.kind === 'city' && options.labelled && i === 0) {
      // "Wohnort: Piove di Sacco, Italien": written as the home, in a country we know.
      out.push({ text: name, country: place.country })
    }
  })
  return unique(out, (p) => locationKey(p.text))
}

/** A postal code (69002, 00-950, 4000-447, 530-0001, D-80331, M5V 2T6) and a province in brackets dropped. */
function withoutPostalCode(text: string): string {
  return text
    .replace(/\s*\([A-Z]{2}\)/g, '')
    .replace(/\b[A-Z]\d[A-Z] ?\d[A-Z]\d\b/g, ' ')
    .replace(/\b(?:[A-Z]{1,2}-)?(?:\d{2,4}-\d{3,4}|\d{4,6})\b/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
}

/**
 * The place as the plan should keep it: the name alone when it says where it is ("Seoul"), else with the
 * state or country the CV wrote after it ("Cambridge, MA", "Reading, UK"), so that the search goes there.
 */
function unambiguous(name: string, rest: string[], place: PlacedCity): string {
  const alone = resolvePlace(name)
  if (alone.kind === 'city' && alone.country === place.country && alone.region === place.region) return name
  for (const qualifier of rest) {
    const written = `${name}, ${qualifier}`
    const again = resolvePlace(written)
    if (again.kind === 'city' && again.country === place.country) return written
  }
  return `${name}, ${place.country}`
}

function bigEnough(name: string): boolean {
  const place = resolvePlace(name)
  return place.kind === 'ambiguous' || (place.kind === 'city' && populationOf(name) >= 10_000)
}

function populationOf(name: string): number {
  if (exonym(name)) return Number.POSITIVE_INFINITY
  return gazetteer().lookup(name)[0]?.population ?? 0
}

const LIST_SPLIT =
  /\s*(?:,|\/|&|\+|\bor\b|\band\b|\boder\b|\bund\b|\bsowie\b|\bou\b|\bet\b|\bo\b|\by\b|\be\b|\bof\b|\ben\b|\blub\b|\bi\b)\s*/i
const PREPOSITION =
  /(?:^|[\s(:])(?:in|to|near|around|nach|in der nähe von|bei|à|a|en|vers|près de|w|we|do|naar|te|in de regio|zone|area)\s+/giu

/**
 * The places of a target or relocation line: after "in", "to", "nach", "à", "en", "w", "naar" … a list of
 * places ("in Hamburg or Berlin", "relocate to Munich", "à Lyon ou Paris"), each a capitalised name the
 * gazetteer knows. Words in running text are never read as places: only what follows a preposition.
 */
function placesAfterPrepositions(line: string, countryHint: string | null): FoundPlace[] {
  const out: FoundPlace[] = []
  for (const match of line.matchAll(PREPOSITION)) {
    const rest = line.slice(match.index + match[0].length).split(/[.;()!?]|\s[-–—]\s/)[0] ?? ''
    for (const raw of rest.split(LIST_SPLIT)) {
      const piece = raw
        .trim()
        .replace(/\s+(?:area|region|metro(?:politan)? area|umgebung|und umgebung)$/i, '')
      if (!piece) continue
      if (REMOTE.test(piece)) continue
      if (!/^\p{Lu}/u.test(piece)) break
      const place = resolvePlace(piece, { countryHint })
      if (place.kind === 'city' && place.inGazetteer) out.push({ text: piece, country: place.country })
      else if (place.kind === 'ambiguous') out.push({ text: piece, country: null })
      else if (place.kind !== 'country') break
    }
  }
  return out
}

/**
 * The offline parser: no network, deterministic. Titles: a stated target ("Target role: …", "Wunschposition:
 * …", "Poste recherché : …", "Puesto deseado: …"), the headline under the name, the most recent titles under
 * Experience in English, German, French, Spanish, Italian, Dutch or Polish (the last five searched in
 * English, the original kept). Places: the home on the contact and address lines (any town of the world's
 * gazetteer), every place of a target line, relocation wishes, remote wishes. Running text is not read
 * for places: "Reading", "Nice" and "Split" are words there.
 */
export function parseCvOffline(text: string): CvProfile {
  const lines = sections(text)
  const header = lines.filter((l) => (l.section === 'header' && l.index < 10) || l.section === 'contact')

  const stated = lines.flatMap((l) => {
    const m = TARGET_LINE.exec(l.text)
    if (!m) return []
    const found = titlesIn(m[1]!)
    // "Target role: Barista" names a title we have no word for; a sentence ("Ik zoek een rol in …") does not.
    const labelled = /^[^:]{2,40}:/.test(l.text)
    return found.length || !labelled ? found : splitList(m[1]!).map((title) => ({ title, original: null }))
  })
  const headline = header.filter((l) => l.section === 'header').flatMap((l) => titlesIn(l.text))
  const recent = lines
    .filter((l) => l.section === 'experience' && !JUNIOR_STEPS.test(l.text))
    .flatMap((l) => titlesIn(l.text))
  const wanted = uniqueTitles([...stated, ...headline])
  const wantedKeys = new Set(wanted.map((t) => t.title.toLowerCase()))
  const others = uniqueTitles(recent).filter((t) => !wantedKeys.has(t.title.toLowerCase()))
  const titles = [...wanted, ...others.slice(0, Math.max(0, 2 - wanted.length))]
  if (titles.length === 0) {
    // Only junior steps (a student's CV): they are what the person has done, so search for those.
    titles.push(
      ...uniqueTitles(lines.filter((l) => l.section === 'experience').flatMap((l) => titlesIn(l.text))).slice(
        0,
        2,
      ),
    )
  }

  const phoneCountry = header.map((l) => diallingCountry(l.text)).find(Boolean) ?? null
  const home = lines.flatMap((l) => {
    const m = HOME_LINE.exec(l.text)
    return m ? placesOnLine(m[1]!, { labelled: true, countryHint: phoneCountry }) : []
  })
  const contact = header
    .filter((l) => !HOME_LINE.test(l.text) && !TARGET_LINE.test(l.text) && !RELOCATION.test(l.text))
    .flatMap((l) => placesOnLine(l.text, { labelled: l.section === 'contact', countryHint: phoneCountry }))
    .slice(0, 1)
  const homeCountry = home[0]?.country ?? contact[0]?.country ?? phoneCountry
  const targets = lines
    .map((l, i) => ({ ...l, text: withContinuation(lines, i) }))
    .filter(
      (l) =>
        TARGET_LINE.test(l.text) ||
        RELOCATION.test(l.text) ||
        ((l.section === 'profile' || l.section === 'header') && WISH.test(l.text)),
    )
    .flatMap((l) => placesAfterPrepositions(l.text, homeCountry))
  const wishes = lines.filter(
    (l) =>
      l.section === 'header' ||
      l.section === 'contact' ||
      l.section === 'profile' ||
      TARGET_LINE.test(l.text),
  )
  const remote = wishes.some((l) => REMOTE.test(l.text))
  const hybrid = wishes.some((l) => HYBRID.test(l.text))
  const locations = unique([...home, ...contact, ...targets], (p) => locationKey(p.text)).map((p) => p.text)
  if (remote) locations.push('Remote')
  const workArrangement: WorkArrangement | null = remote
    ? locations.length > 1
      ? 'Remote OK'
      : 'Remote Solely'
    : hybrid
      ? 'Hybrid'
      : null

  const jobTitles = titles.map((t) => t.title)
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
  const skills = unique(
    [...text.matchAll(SKILL_RE)].map((m) => m[0]),
    (s) => s.toLowerCase(),
  ).slice(0, 20)
  const languages = unique(
    lines
      .filter(
        (l) =>
          l.section === 'languages' || /sprachen|languages|langues|idiomas|lingue|talen|języki/i.test(l.text),
      )
      .flatMap((l) => [...l.text.matchAll(LANGUAGE_RE)].map((m) => LANGUAGES[m[0].toLowerCase()]!)),
    (l) => l,
  )
  const summary = jobTitles.length
    ? `${jobTitles[0]}${locations[0] ? ` in ${locations[0]}` : ''}${skills.length ? ` (${skills.slice(0, 3).join(', ')})` : ''}`
    : ''
  const originalTitles = Object.fromEntries(
    titles.flatMap((t) => (t.original && t.original !== t.title ? [[t.title, t.original]] : [])),
  )
  return {
    jobTitles,
    originalTitles,
    locations,
    country: homeCountry?.toLowerCase() ?? targets[0]?.country?.toLowerCase() ?? null,
    workArrangement,
    seniority,
    skills,
    languages,
    summary,
  }
}

/**
 * A line with the one after it when a PDF wrapped a sentence there ("… dispuesto a trasladarme a" /
 * "Barcelona."): same section, and the line does not end a sentence or a list item.
 */
function withContinuation(lines: Line[], i: number): string {
  const line = lines[i]!
  const next = lines[i + 1]
  if (!next || next.section !== line.section || /[.!?:;)]$/.test(line.text) || line.text.length < 50)
    return line.text
  return `${line.text} ${next.text}`
}

function splitList(value: string): string[] {
  return value
    .split(/\s*(?:[,;/|·•]|\bor\b|\boder\b|\bou\b|\bo\b)\s*/i)
    .map((v) => v.trim())
    .filter((v) => v.length > 2 && v.length < 60)
}
