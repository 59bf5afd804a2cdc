import { describe, expect, it } from 'vitest'
import { currencyCode } from '../normalize/currency'
import { employmentTypeOf } from '../normalize/employment-type'
import { canonicalPlace } from '../normalize/job-place'
import { checkPlaces, requirePlaced } from './check-places'
import { countryOf, englishPlaceName } from './countries'
import { countryCode, countryCodes } from './country-names'
import { resolvePlace } from './resolve-place'

describe('the world gazetteer', () => {
  it.each([
    ['Seoul', 'kr'],
    ['Busan', 'kr'],
    ['Osaka', 'jp'],
    ['Porto', 'pt'],
    ['São Paulo', 'br'],
    ['Sao Paulo', 'br'],
    ['Mainz', 'de'],
    ['Wrocław', 'pl'],
    ['Wroclaw', 'pl'],
    ['Istanbul', 'tr'],
    ['İzmir', 'tr'],
    ['Izmir', 'tr'],
    ['München', 'de'],
    ['Muenchen', 'de'],
    ['Köln, Deutschland', 'de'],
    ['Wien', 'at'],
    ['La Spezia', 'it'],
    ['Piove di Sacco, Italia', 'it'],
    ['Toronto, ON', 'ca'],
    ['Chicago, IL', 'us'],
    ['Cambridge, MA', 'us'],
    ['Cambridge, UK', 'gb'],
    ['Mapo-gu, Seoul, 03936, Republic of Korea', 'kr'],
    ['69002 Lyon', 'fr'],
    ['Deutschland', 'de'],
    ['Ciudad de México', 'mx'],
  ])('puts %s in %s, so JSearch is asked in the right country', (place, country) => {
    expect(countryOf(place)).toBe(country)
  })

  it('knows every country by its name in many languages, and retired codes are not countries', () => {
    expect(countryCodes().length).toBeGreaterThan(240)
    expect(countryCodes()).not.toContain('DD')
    expect(countryCode('Germany')).toBe('DE')
    expect(countryCode('Allemagne')).toBe('DE')
    expect(countryCode('Niemcy')).toBe('DE')
    expect(countryCode('Corée du Sud')).toBe('KR')
    expect(countryCode('Republic of Korea')).toBe('KR')
    expect(countryCode('대한민국')).toBe('KR')
    expect(countryCode('Türkiye')).toBe('TR')
    expect(countryCode('United States')).toBe('US')
    expect(countryCode('fr')).toBe('FR')
    expect(countryCode('Springfield')).toBeUndefined()
  })

  it('asks which place when a name is shared by places of similar size, and offers texts that answer', () => {
    const cambridge = resolvePlace('Cambridge')
    expect(cambridge.kind).toBe('ambiguous')
    if (cambridge.kind !== 'ambiguous') return
    expect(cambridge.options).toContain('Cambridge, United Kingdom')
    for (const option of cambridge.options) expect(resolvePlace(option).kind).toBe('city')
    const springfield = resolvePlace('Springfield')
    expect(springfield.kind === 'ambiguous' && springfield.options).toContain('Springfield, IL, US')
    // Where the person lives decides a bare name.
    expect(resolvePlace('Cambridge', { countryHint: 'gb' })).toMatchObject({ kind: 'city', country: 'GB' })
    // A big city beats the small towns named after it.
    expect(resolvePlace('Vienna')).toMatchObject({ kind: 'city', country: 'AT', city: 'Vienna' })
  })

  it('says an unknown place needs its country, in a sentence with the fix', () => {
    expect(resolvePlace('Xyzzyville').kind).toBe('unknown')
    expect(checkPlaces(['Seoul', 'Remote', 'Xyzzyville'])).toMatchObject([
      { status: 'placed', country: 'KR', label: 'Seoul, South Korea' },
      { status: 'remote' },
      { status: 'unknown', label: expect.stringContaining('which country?') },
    ])
    expect(() => requirePlaced(['Xyzzyville'], { flag: true })).toThrow(
      'We could not place "Xyzzyville" — which country? Use --place "Xyzzyville, Country" (e.g. "Xyzzyville, Germany").',
    )
    expect(() => requirePlaced(['Springfield'])).toThrow(
      /"Springfield" is the name of several places: write one of/,
    )
  })

  it('writes a place in the English the job APIs index', () => {
    expect(englishPlaceName('München')).toBe('Munich')
    expect(englishPlaceName('Köln, Deutschland')).toBe('Cologne, Germany')
    expect(englishPlaceName('Wien')).toBe('Vienna')
    expect(englishPlaceName('Mapo-gu, Seoul, 03936, Republic of Korea')).toBe('Seoul, South Korea')
    expect(englishPlaceName('Mapo-gu, 03936, Seoul, Korea')).toBe('Seoul, South Korea')
    expect(englishPlaceName('Portland, Oregon')).toBe('Portland, Oregon')
  })
})

describe('one place vocabulary for jobs', () => {
  it('gives the same Chicago job from both APIs one key', () => {
    const jsearch = canonicalPlace({ city: 'Chicago', region: 'IL', country: 'US', location: 'Chicago, IL' })
    const activeJobs = canonicalPlace({
      city: 'Chicago',
      region: 'Illinois',
      country: 'United States',
      location: 'Chicago, Illinois, United States',
    })
    expect(jsearch).toEqual({ city: 'Chicago', region: 'IL', country: 'US', key: activeJobs.key })
    expect(activeJobs.country).toBe('US')
  })

  it('keys Turkish dotted İ, exonyms and Italian provinces alike', () => {
    expect(canonicalPlace({ city: 'İzmir', country: 'Turkey' }).key).toBe(
      canonicalPlace({ city: 'Izmir', country: 'TR' }).key,
    )
    expect(canonicalPlace({ city: 'München', country: 'DE' }).key).toBe(
      canonicalPlace({ city: 'Munich', region: 'Bavaria', country: 'Germany' }).key,
    )
    expect(
      canonicalPlace({ city: 'La Spezia', region: 'SP', country: 'IT', location: 'La Spezia SP' }).key,
    ).toBe(canonicalPlace({ city: 'La Spezia', region: 'Liguria', country: 'Italy' }).key)
    // Two Springfields stay two places.
    expect(canonicalPlace({ city: 'Springfield', region: 'IL', country: 'US' }).key).not.toBe(
      canonicalPlace({ city: 'Springfield', region: 'Missouri', country: 'US' }).key,
    )
  })
})

describe('one employment vocabulary, one currency vocabulary', () => {
  it.each([
    [['FULLTIME'], 'full-time'],
    [['Full-time'], 'full-time'],
    [['FULL_TIME'], 'full-time'],
    [['Full time'], 'full-time'],
    [['Temps complet'], 'full-time'],
    [['Vollzeit'], 'full-time'],
    [['Yarı zamanlı'], 'part-time'],
    [['PARTTIME'], 'part-time'],
    [['Teilzeit'], 'part-time'],
    [['CONTRACTOR'], 'contract'],
    [['TEMPORARY'], 'temporary'],
    [['INTERN'], 'internship'],
    [['Praktikum'], 'internship'],
    [['VOLUNTEER'], 'other'],
    [[null], null],
    [[], null],
  ])('%j is %s', (texts, type) => {
    expect(employmentTypeOf(texts)).toBe(type)
  })

  it('writes currencies as ISO 4217, from the country when only an amount is given', () => {
    expect(currencyCode('usd', 'US', true)).toBe('USD')
    expect(currencyCode('€', 'DE', true)).toBe('EUR')
    expect(currencyCode('$', 'CA', true)).toBe('CAD')
    expect(currencyCode(null, 'IT', true)).toBe('EUR')
    expect(currencyCode(null, 'US', false)).toBeNull()
    expect(currencyCode('dollars', 'US', true)).toBeNull()
  })
})
