import { countryCode } from '../places/country-names'
import { resolvePlace } from '../places/resolve-place'
import { foldText, stripAccents } from '../text'

/** The country a name alone is searched in: its place, or the biggest of the places it may be. */
function countryOfBareName(name: string): string | undefined {
  const place = resolvePlace(name)
  if (place.kind === 'city') return place.country
  if (place.kind === 'ambiguous') return place.best.country
  return undefined
}

/**
 * Keys that decide whether two people's searches are the same combination (and so share one fetch).
 * The display text keeps the person's spelling; only keys are normalized.
 */
export function titleKey(title: string): string {
  return foldText(title)
}

export function locationKey(location: string): string {
  const folded = foldText(location).replace(/\s*,\s*/g, ', ')
  const whole = LOCATION_ALIASES.get(transliterate(folded))
  if (whole) return whole
  // "Munich, Germany" and "München, Deutschland" are the same place as "Munich". A country that is not the
  // one the bare name means stays in the key: "Birmingham, United States" is not Birmingham, England.
  const [first, ...rest] = folded.split(', ')
  if (first && rest.length > 0 && rest.every((part) => COUNTRY_WORDS.has(transliterate(part)))) {
    const bare = LOCATION_ALIASES.get(transliterate(first)) ?? first
    const stated = countryCode(rest.at(-1)!, { codes: false })
    const meant = stated ? countryOfBareName(first) : undefined
    return stated && meant && stated !== meant ? `${bare}, ${stated.toLowerCase()}` : bare
  }
  return folded
}

export interface CombinationKey {
  titleKey: string
  locationKey: string
}

export function combinationKey(title: string, location: string): CombinationKey {
  return { titleKey: titleKey(title), locationKey: locationKey(location) }
}

/** `ü` → `ue` style first, then accents dropped, so "Muenchen", "München" and "Munchen" meet. */
function transliterate(value: string): string {
  return stripAccents(value.replace(/ä/g, 'ae').replace(/ö/g, 'oe').replace(/ü/g, 'ue'))
}

/** Spellings of one place → the key used for it. Keys on the left are transliterated and case-folded. */
const ALIAS_GROUPS: Record<string, string[]> = {
  munich: ['muenchen', 'munchen', 'munich'],
  cologne: ['koeln', 'koln', 'cologne'],
  'new york': ['nyc', 'new york city', 'new york, ny', 'new york', 'ny'],
  vienna: ['wien', 'vienna'],
  zurich: ['zuerich', 'zurich'],
  nuremberg: ['nuernberg', 'nurnberg', 'nuremberg'],
  frankfurt: ['frankfurt am main', 'frankfurt a.m.', 'frankfurt/main', 'frankfurt'],
  dusseldorf: ['duesseldorf', 'dusseldorf'],
  hanover: ['hannover', 'hanover'],
  prague: ['praha', 'prague'],
  warsaw: ['warszawa', 'warsaw'],
  lisbon: ['lisboa', 'lisbon'],
  milan: ['milano', 'milan'],
  rome: ['roma', 'rome'],
  copenhagen: ['kobenhavn', 'copenhagen'],
  'the hague': ['den haag', "'s-gravenhage", 'the hague'],
  geneva: ['geneve', 'genf', 'geneva'],
  'san francisco': ['sf', 'san francisco', 'san francisco bay area'],
  'los angeles': ['la', 'los angeles'],
  'washington, dc': ['washington dc', 'washington d.c.', 'washington, d.c.', 'washington, dc'],
  remote: ['remote', 'anywhere', 'worldwide', 'home office', 'homeoffice', 'fully remote'],
}

const LOCATION_ALIASES = new Map<string, string>(
  Object.entries(ALIAS_GROUPS).flatMap(([key, spellings]) =>
    spellings.map((s) => [transliterate(s), key] as const),
  ),
)

/**
 * Every spelling a search word may stand for when it names a place: `munich` → `münchen`, `muenchen`,
 * `munchen`, `munich` (and back). A word that is no known place is only itself. Lower-case.
 */
export function placeSpellings(word: string): string[] {
  const typed = word.toLowerCase()
  const key = LOCATION_ALIASES.get(transliterate(foldText(word)))
  if (!key) return [typed]
  const spellings = ALIAS_GROUPS[key]!.filter((s) => s.length >= 4 && !s.includes(','))
  const withUmlauts = spellings.map((s) => s.replace(/ue/g, 'ü').replace(/oe/g, 'ö').replace(/ae/g, 'ä'))
  return [...new Set([typed, key, ...spellings, ...withUmlauts])]
}

const COUNTRY_WORDS = new Set(
  [
    'germany',
    'deutschland',
    'de',
    'austria',
    'oesterreich',
    'at',
    'switzerland',
    'schweiz',
    'ch',
    'united states',
    'usa',
    'us',
    'united kingdom',
    'uk',
    'england',
    'france',
    'netherlands',
    'nl',
    'italy',
    'italia',
    'spain',
    'espana',
    'portugal',
    'poland',
    'polska',
    'czechia',
    'czech republic',
    'denmark',
    'danmark',
    'sweden',
    'ireland',
    'belgium',
    'canada',
    'bavaria',
    'bayern',
    'nrw',
    'north rhine-westphalia',
    'nordrhein-westfalen',
    'hesse',
    'hessen',
    'ny',
    'ca',
  ].map(transliterate),
)
