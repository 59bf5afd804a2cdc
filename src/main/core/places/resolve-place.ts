import { countryCode, countryName } from './country-names'
import { exonym } from './exonyms'
import { type City, gazetteer } from './gazetteer'
import { anyRegion, hasPostalRegions } from './regions'

/** A place placed: a city (or town) in an ISO country. */
export interface PlacedCity {
  kind: 'city'
  text: string
  /** The name job APIs index: English for cities with an exonym (München → Munich), else the gazetteer's. */
  city: string
  /** ISO 3166 alpha-2, upper case. */
  country: string
  /** The gazetteer's region code (IL, ON, "07"), or the written state; null when unknown. */
  region: string | null
  /** False when the country is known (it was written) but the town is not in the gazetteer. */
  inGazetteer: boolean
}

/** What a place in a plan, a CV or a job's location is. */
export type PlaceResolution =
  | { kind: 'remote'; text: string }
  | { kind: 'country'; text: string; country: string }
  | PlacedCity
  /**
   * A name several places of similar size carry (Cambridge: GB or CA; Springfield: MO, MA or IL). `options`
   * are texts that resolve to each; `best` is the biggest, for job locations that must be keyed anyway.
   */
  | { kind: 'ambiguous'; text: string; name: string; options: string[]; best: PlacedCity }
  | { kind: 'unknown'; text: string }

export interface ResolveOptions {
  /** The country to prefer for a bare name (where the person lives), ISO alpha-2. */
  countryHint?: string | null
}

const REMOTE =
  /^(?:remote|anywhere|worldwide|home ?office|fully remote|work from home|wfh|télétravail|teletrabajo|remoto|zdalnie|op afstand)$/i

/** A name's biggest place must be this many times larger than any other to win on its own. */
const DOMINANCE = 5

/** Postal codes around a place name ("69002 Lyon", "Seoul 03936", "00-950 Warszawa", "D-80331"). */
function withoutPostalCode(part: string): string {
  return part
    .replace(/\b(?:[A-Z]{1,2}-)?\d{2,3}-\d{3}\b/g, ' ')
    .replace(/\b(?:[A-Z]{1,2}-)?\d{4,6}\b/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
}

/**
 * A place as a person or an API writes it → a city in an ISO country, a country, Remote, or a clear
 * "cannot tell". Understands "City", "City, Country", "City, ST", "City, State, Country", exonyms in
 * several languages, postal codes and leading districts ("Mapo-gu, Seoul, 03936, Republic of Korea").
 */
export function resolvePlace(text: string, options: ResolveOptions = {}): PlaceResolution {
  const trimmed = text.trim()
  if (REMOTE.test(trimmed)) return { kind: 'remote', text: trimmed }
  const parts = trimmed
    .split(/\s*[,;·•|]\s*/)
    .map(withoutPostalCode)
    .filter((p) => p.length > 1)
  if (parts.length === 0) return { kind: 'unknown', text: trimmed }
  if (parts.length === 1) {
    const code = countryCode(parts[0]!, { codes: false })
    if (code) return { kind: 'country', text: trimmed, country: code }
  }

  // The parts after a name qualify it: countries and states narrow down which place it is. A leading part
  // that is no place (a street, a district) is passed over for the next.
  let fallback: PlacedCity | undefined
  for (let start = 0; start < parts.length; start++) {
    const name = parts[start]!
    if (countryCode(name, { codes: false })) break
    const stated = parts.slice(start + 1).flatMap((q) => {
      const region = anyRegion(q)
      const country = countryCode(q, { codes: !region })
      return country || region ? [{ country, region }] : []
    })
    const statedCountry =
      stated.find((q) => q.country)?.country ?? stated.find((q) => q.region)?.region?.country
    const candidates = candidatesFor(name).filter((city) =>
      stated.every(
        (q) =>
          q.country === city.country ||
          (q.region !== undefined && q.region.country === city.country && q.region.code === city.admin),
      ),
    )
    if (candidates.length > 0) {
      return choose(trimmed, name, candidates, statedCountry ?? options.countryHint?.toUpperCase() ?? null)
    }
    if (statedCountry && !fallback) {
      // "Piove di Sacco, Italy": not in the gazetteer, but the country is written.
      const region = stated.find((q) => q.region)?.region?.code ?? null
      fallback = {
        kind: 'city',
        text: trimmed,
        city: name,
        country: statedCountry,
        region,
        inGazetteer: false,
      }
    }
  }
  if (fallback) return fallback
  const lastCountry = countryCode(parts.at(-1)!, { codes: parts.length > 1 })
  if (lastCountry) return { kind: 'country', text: trimmed, country: lastCountry }
  return { kind: 'unknown', text: trimmed }
}

/** Places the name may be: the gazetteer's under every spelling of its exonym group, biggest first. */
function candidatesFor(name: string): City[] {
  const group = exonym(name)
  if (!group) return [...gazetteer().lookup(name)]
  const inCountry = group.spellings
    .flatMap((s) => gazetteer().lookup(s))
    .filter((c) => c.country === group.country)
  const unique = [...new Map(inCountry.map((c) => [`${c.name}|${c.admin}`, c])).values()]
  unique.sort((a, b) => b.population - a.population)
  // "Roma" is Rome, Italy, whatever else is called Roma.
  return unique.map((c) => ({ ...c, name: group.english }))
}

/**
 * The place meant: in the preferred country when it has one; else the biggest, when it is DOMINANCE times
 * bigger than the next place in another country (or another state, where states are written: US, CA, AU).
 */
function choose(text: string, name: string, candidates: City[], preferred: string | null): PlaceResolution {
  const inPreferred = preferred ? candidates.filter((c) => c.country === preferred) : []
  const pool = inPreferred.length > 0 ? inPreferred : candidates
  const top = pool[0]!
  const distinct = (a: City, b: City) =>
    a.country !== b.country || (hasPostalRegions(a.country) && a.admin !== b.admin)
  const rivals = pool.filter((c) => distinct(c, top) && c.population * DOMINANCE > top.population)
  const best = placed(text, top)
  if (rivals.length === 0) return best
  const seen = new Set<string>()
  const options = [top, ...rivals]
    .map((c) => optionText(name, c, c.country === top.country && rivals.some((r) => r.country === c.country)))
    .filter((o) => !seen.has(o) && seen.add(o))
    .slice(0, 5)
  return { kind: 'ambiguous', text, name, options, best }
}

function optionText(name: string, city: City, byRegion: boolean): string {
  return byRegion && hasPostalRegions(city.country)
    ? `${name}, ${city.admin}, ${city.country}`
    : `${name}, ${countryName(city.country)}`
}

function placed(text: string, city: City): PlacedCity {
  return {
    kind: 'city',
    text,
    city: city.name,
    country: city.country,
    region: city.admin || null,
    inGazetteer: true,
  }
}
