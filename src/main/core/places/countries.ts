import { countryCode, countryName } from './country-names'
import { resolvePlace } from './resolve-place'

/**
 * The ISO country (lower case, as JSearch's `country` wants it) of a place in a plan: "München" → de,
 * "Austin, TX" → us, "Seoul" → kr. A name several countries share goes to its biggest place (the review
 * asked the person first); undefined only for Remote and for text that names no place at all.
 */
export function countryOf(location: string): string | undefined {
  const place = resolvePlace(location)
  if (place.kind === 'city' || place.kind === 'country') return place.country.toLowerCase()
  if (place.kind === 'ambiguous') return place.best.country.toLowerCase()
  return undefined
}

/**
 * A place in the English the job APIs index: "München" → "Munich", "Köln, Deutschland" → "Cologne,
 * Germany", "Mapo-gu, Seoul, 03936" → "Seoul". Text that names no place stays as typed.
 */
export function englishPlaceName(location: string): string {
  const place = resolvePlace(location)
  const parts = location
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)
  if (place.kind !== 'city' && place.kind !== 'ambiguous') {
    return parts.map((p) => (countryCode(p, { codes: false }) ? countryName(countryCode(p)!) : p)).join(', ')
  }
  const city = place.kind === 'city' ? place.city : place.best.city
  // What follows the city (its state, its country) stays; a district or street written before it goes.
  const cityAt = Math.max(
    0,
    parts.findIndex((p) => resolvePlace(p).kind !== 'unknown'),
  )
  const rest = parts.slice(cityAt + 1).flatMap((p) => {
    if (/^\d/.test(p)) return []
    const code = countryCode(p, { codes: false })
    return [code ? countryName(code) : p]
  })
  return [city, ...rest].join(', ')
}
