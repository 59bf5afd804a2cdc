import { describe, expect, it } from 'vitest'
import { foldText } from '../text'
import { combinationKey, locationKey, titleKey } from './combination-key'
import { canonicalCompany, canonicalTitle, canonicalUrl, dedupeKey } from './job-identity'

describe('combination keys', () => {
  it('fold case, whitespace and compatibility characters but keep words', () => {
    expect(titleKey('  Data   Scientist ')).toBe('data scientist')
    expect(titleKey('ＤＡＴＡ Scientist')).toBe('data scientist')
    expect(titleKey('Senior Data Scientist')).not.toBe(titleKey('Data Scientist'))
  })

  it('fold the Turkish dotted İ like a plain I (real rows say "İzmir")', () => {
    expect(foldText('İzmir')).toBe('izmir')
    expect(foldText('İZMİR')).toBe(foldText('Izmir'))
    expect(locationKey('İzmir')).toBe(locationKey('Izmir'))
  })

  it('map the spellings of one city to one key', () => {
    expect(locationKey('München')).toBe('munich')
    expect(locationKey('Muenchen')).toBe('munich')
    expect(locationKey('munich')).toBe('munich')
    expect(locationKey('Köln')).toBe('cologne')
    expect(locationKey('Cologne')).toBe('cologne')
    expect(locationKey('NYC')).toBe('new york')
    expect(locationKey('New York City')).toBe('new york')
    expect(locationKey('München, Deutschland')).toBe('munich')
    // A country other than the one the name alone means is part of the place: two people there do not share.
    expect(locationKey('Birmingham, United Kingdom')).toBe('birmingham')
    expect(locationKey('Birmingham, United States')).toBe('birmingham, us')
    expect(locationKey('Cambridge, Canada')).toBe('cambridge, ca')
    expect(locationKey('Springfield, IL, US')).not.toBe(locationKey('Springfield, MO, US'))
    expect(locationKey('Berlin, Germany')).toBe('berlin')
  })

  it('keep places apart that are different', () => {
    expect(locationKey('Berlin')).not.toBe(locationKey('Hamburg'))
    expect(locationKey('Frankfurt (Oder)')).not.toBe(locationKey('Frankfurt am Main'))
  })

  it('give the same pair for the same search however it is typed', () => {
    expect(combinationKey('Data Scientist', 'München')).toEqual(combinationKey('data  scientist', 'Munich'))
  })
})

describe('job identity', () => {
  it('drops tracking parameters, fragments, scheme and www. from apply URLs', () => {
    const a = canonicalUrl(
      'https://www.Example.de/jobs/123/?utm_source=google_jobs_apply&utm_medium=organic&gh_src=abc#apply',
    )
    expect(a).toBe('example.de/jobs/123')
    expect(canonicalUrl('http://example.de/jobs/123')).toBe(a)
    expect(canonicalUrl('https://example.de/jobs/view?id=7&utm_campaign=x')).toBe('example.de/jobs/view?id=7')
    expect(canonicalUrl('https://example.de/jobs/view?id=8')).not.toBe(
      canonicalUrl('https://example.de/jobs/view?id=7'),
    )
    expect(canonicalUrl('mailto:jobs@example.de')).toBeNull()
    expect(canonicalUrl('not a url')).toBeNull()
  })

  it('drops legal forms from company names', () => {
    expect(canonicalCompany('Example GmbH')).toBe('example')
    expect(canonicalCompany('Example GmbH.')).toBe('example')
    expect(canonicalCompany('EXAMPLE gmbh & Co. KG')).toBe('example')
    expect(canonicalCompany('Acme, Inc.')).toBe('acme')
    expect(canonicalCompany('Acme Ltd')).toBe('acme')
    expect(canonicalCompany('Acme Analytics')).toBe('acme analytics')
    expect(canonicalCompany('')).toBeNull()
  })

  it('treats "(m/w/d)" as noise but keeps a different title distinct', () => {
    expect(canonicalTitle('Data Engineer (m/w/d)')).toBe('data engineer')
    expect(canonicalTitle('Data Engineer (w/m/d)')).toBe('data engineer')
    expect(canonicalTitle('Data Engineer (all genders)')).toBe('data engineer')
    expect(canonicalTitle('Senior Data Engineer (m/w/d)')).toBe('senior data engineer')
    expect(canonicalTitle('Data Engineer (Spark)')).toBe('data engineer (spark)')
  })

  it('has no dedupe key without a company', () => {
    expect(dedupeKey({ company: null, title: 'Data Engineer', location: 'Berlin' })).toBeNull()
    expect(
      dedupeKey({ company: 'Example GmbH', title: 'Data Engineer (m/w/d)', location: 'Berlin, Germany' }),
    ).toBe(dedupeKey({ company: 'Example GmbH.', title: 'Data Engineer', location: 'Berlin' }))
  })
})
