import { countryCode } from '../places/country-names'
import { placeKey } from '../places/place-text'
import { hasPostalRegions, regionCode } from '../places/regions'
import { resolvePlace } from '../places/resolve-place'
import { locationKey } from './combination-key'

export interface CanonicalPlace {
  city: string | null
  /** The gazetteer's region code (IL, ON, "07"), else the source's region as written. */
  region: string | null
  /** ISO 3166 alpha-2, upper case. */
  country: string | null
  /** country | region code | city: equal for one place however a source spells it; null with no place. */
  key: string | null
}

/**
 * A job's place as both APIs should agree on it: JSearch's `Chicago` / `IL` / `US` and Active Jobs DB's
 * "Chicago, Illinois, United States" are both Chicago, IL, US with one key, so the job merges.
 */
export function canonicalPlace(job: {
  city?: string | null
  region?: string | null
  country?: string | null
  location?: string | null
}): CanonicalPlace {
  const country = job.country ? (countryCode(job.country) ?? null) : null
  const city = job.city?.trim() || null
  const region = job.region?.trim() || null
  if (city) {
    const withRegion = resolvePlace(region ? `${city}, ${region}` : city, { countryHint: country })
    const placed =
      withRegion.kind === 'ambiguous' ? withRegion.best : withRegion.kind === 'city' ? withRegion : undefined
    const fits = placed && (!country || placed.country === country)
    const cityOnly = fits ? undefined : resolvePlace(city, { countryHint: country })
    const alone =
      cityOnly?.kind === 'ambiguous' ? cityOnly.best : cityOnly?.kind === 'city' ? cityOnly : undefined
    const found = fits ? placed : alone && (!country || alone.country === country) ? alone : undefined
    if (found?.inGazetteer) {
      return {
        city: found.city,
        region: shownRegion(found.country, found.region, region),
        country: found.country,
        key: `${found.country}|${found.region ?? ''}|${placeKey(found.city)}`,
      }
    }
    // Not in the gazetteer: the city as written, a state code where states have codes.
    const code = country && region ? (regionCode(country, region) ?? '') : ''
    return { city, region: code || region, country, key: `${country ?? ''}|${code}|${placeKey(city)}` }
  }
  if (job.location) {
    const place = resolvePlace(job.location, { countryHint: country })
    const found = place.kind === 'ambiguous' ? place.best : place.kind === 'city' ? place : undefined
    if (found && (!country || found.country === country)) {
      return {
        city: found.city,
        region: shownRegion(found.country, found.region, region),
        country: found.country,
        key: `${found.country}|${found.region ?? ''}|${placeKey(found.city)}`,
      }
    }
    if (place.kind === 'country') return { city: null, region, country: place.country, key: place.country }
    return { city: null, region, country, key: locationKey(job.location) }
  }
  return { city: null, region, country, key: country }
}

/** US, Canadian and Australian states by their codes (IL, ON); elsewhere the region as the source named it. */
function shownRegion(country: string, code: string | null, written: string | null): string | null {
  return hasPostalRegions(country) && code ? code : written
}
