import type { PlaceCheck } from '../../../shared/contract/profile'
import { UserError } from '../errors'
import { countryName } from './country-names'
import { resolvePlace } from './resolve-place'

/**
 * Where each place of a plan would be searched, for the review: "Seoul" → Seoul, South Korea; "Cambridge"
 * → which of these?; "Xyzzy" → we could not place it. The review shows the first two kinds of answer and
 * will not save a plan with a place of the last two.
 */
export function checkPlaces(places: readonly string[], countryHint?: string | null): PlaceCheck[] {
  return places.map((text) => {
    const place = resolvePlace(text, { countryHint })
    switch (place.kind) {
      case 'remote':
        return { text, status: 'remote', country: null, label: 'searched as remote work', options: [] }
      case 'country':
        return {
          text,
          status: 'placed',
          country: place.country,
          label: `all of ${countryName(place.country)}`,
          options: [],
        }
      case 'city':
        return {
          text,
          status: 'placed',
          country: place.country,
          label: `${place.city}, ${countryName(place.country)}`,
          options: [],
        }
      case 'ambiguous':
        return {
          text,
          status: 'ambiguous',
          country: null,
          label: `We could not tell which "${place.name}" — pick one`,
          options: place.options,
        }
      default:
        return {
          text,
          status: 'unknown',
          country: null,
          label: `We could not place "${text}" — which country? Write it as "${text}, Country"`,
          options: [],
        }
    }
  })
}

/** Stops a plan with a place no search could go to, with the words that fix it. */
export function requirePlaced(places: readonly string[], how: { flag?: boolean } = {}): void {
  for (const check of checkPlaces(places)) {
    if (check.status === 'unknown') {
      throw new UserError(
        `We could not place "${check.text}" — which country? ${how.flag ? `Use --place "${check.text}, Country"` : `Write it as "${check.text}, Country"`} (e.g. "${check.text}, Germany").`,
        'plan.unplaced',
      )
    }
    if (check.status === 'ambiguous') {
      const options = check.options.map((o) => `"${o}"`).join(', ')
      throw new UserError(
        `"${check.text}" is the name of several places: ${how.flag ? 'use --place with' : 'write'} one of ${options}.`,
        'plan.ambiguous-place',
      )
    }
  }
}
