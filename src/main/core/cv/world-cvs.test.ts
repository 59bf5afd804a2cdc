import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { makePdf } from '../../../../test/helpers/cv-fixtures'
import { countryOf } from '../places/countries'
import { extractText } from './extract-text'
import { parseCvOffline } from './heuristic-parser'

/**
 * CVs from 13 countries in 7 languages, written the way people there write them (postal addresses,
 * national headings, feminine titles, words that are also place names in the running text), each with the
 * plan a person would accept. Every CV is read as text and as a PDF drawn with an embedded Unicode font.
 */
interface Expected {
  file: string
  language: string
  titles: string[]
  places: string[]
  /** The country the person lives in (ISO, lower case), as the profile says it. */
  country: string | null
  /** What JSearch's `country` is for each place, in order ("remote" has none). */
  searchCountries: Array<string | undefined>
  originals?: Record<string, string>
  arrangement?: string | null
}

const WORLD: Expected[] = [
  {
    file: 'kr-seoul-backend',
    language: 'en',
    titles: ['Backend Engineer', 'Software Engineer'],
    places: ['Seoul'],
    country: 'kr',
    searchCountries: ['kr'],
  },
  {
    file: 'kr-busan-data',
    language: 'en',
    titles: ['Data Analyst', 'Data Engineer'],
    places: ['Busan', 'Seoul'],
    country: 'kr',
    searchCountries: ['kr', 'kr'],
  },
  {
    file: 'jp-osaka-ml',
    language: 'en',
    titles: ['Machine Learning Engineer', 'Data Scientist'],
    places: ['Osaka', 'Tokyo'],
    country: 'jp',
    searchCountries: ['jp', 'jp'],
  },
  {
    file: 'pt-porto-frontend',
    language: 'en',
    titles: ['Frontend Developer', 'Web Developer'],
    places: ['Porto'],
    country: 'pt',
    searchCountries: ['pt'],
  },
  {
    file: 'br-saopaulo-devops',
    language: 'en',
    titles: ['DevOps Engineer', 'Site Reliability Engineer'],
    places: ['São Paulo'],
    country: 'br',
    searchCountries: ['br'],
  },
  {
    file: 'fr-lyon-backend',
    language: 'fr',
    titles: ['Backend Developer', 'Full Stack Developer'],
    places: ['Lyon', 'Paris'],
    country: 'fr',
    searchCountries: ['fr', 'fr'],
    originals: {
      'Backend Developer': 'Développeuse Backend',
      'Full Stack Developer': 'Développeuse Full Stack',
    },
  },
  {
    file: 'ch-geneve-infirmiere',
    language: 'fr',
    titles: ['Nurse'],
    places: ['Genève'],
    country: 'ch',
    searchCountries: ['ch'],
    originals: { Nurse: 'Infirmière' },
  },
  {
    file: 'es-madrid-backend',
    language: 'es',
    titles: ['Senior Backend Developer', 'Software Developer'],
    places: ['Madrid', 'Barcelona'],
    country: 'es',
    searchCountries: ['es', 'es'],
    originals: {
      'Senior Backend Developer': 'Desarrollador Backend Senior',
      'Software Developer': 'Desarrollador de software',
    },
  },
  {
    file: 'mx-cdmx-datos',
    language: 'es',
    titles: ['Data Scientist', 'Data Analyst'],
    places: ['Ciudad de México'],
    country: 'mx',
    searchCountries: ['mx'],
    originals: { 'Data Scientist': 'Científica de datos', 'Data Analyst': 'Analista de datos' },
  },
  {
    file: 'it-milano-sviluppatore',
    language: 'it',
    titles: ['Full Stack Developer', 'Backend Developer'],
    places: ['Milano'],
    country: 'it',
    searchCountries: ['it'],
    originals: {
      'Full Stack Developer': 'Sviluppatore Full Stack',
      'Backend Developer': 'Sviluppatore Backend',
    },
  },
  {
    file: 'nl-utrecht-data',
    language: 'nl',
    titles: ['Data Engineer', 'Data Analyst'],
    places: ['Utrecht', 'Amsterdam'],
    country: 'nl',
    searchCountries: ['nl', 'nl'],
    originals: { 'Data Analyst': 'Data-analist' },
    arrangement: 'Hybrid',
  },
  {
    file: 'pl-wroclaw-programista',
    language: 'pl',
    titles: ['Backend Developer', 'QA Engineer'],
    places: ['Wrocław'],
    country: 'pl',
    searchCountries: ['pl'],
    originals: { 'Backend Developer': 'Programistka Backend', 'QA Engineer': 'Tester oprogramowania' },
  },
  {
    file: 'de-mainz-buchhalterin',
    language: 'de',
    titles: ['Buchhalterin', 'Sachbearbeiterin'],
    places: ['Mainz', 'Wiesbaden'],
    country: 'de',
    searchCountries: ['de', 'de'],
  },
  {
    file: 'at-wien-projektleiter',
    language: 'de',
    titles: ['Projektleiter', 'IT-Berater'],
    places: ['Wien'],
    country: 'at',
    searchCountries: ['at'],
  },
  {
    file: 'de-hamburg-berlin',
    language: 'en',
    titles: ['Frontend Developer'],
    places: ['Kiel', 'Hamburg', 'Berlin'],
    country: 'de',
    searchCountries: ['de', 'de', 'de'],
  },
  {
    file: 'tr-istanbul-mobile',
    language: 'en',
    titles: ['Mobile Developer', 'iOS Developer'],
    places: ['İstanbul'],
    country: 'tr',
    searchCountries: ['tr'],
  },
  {
    file: 'us-chicago-analyst',
    language: 'en',
    titles: ['Financial Analyst', 'Accountant'],
    places: ['Chicago'],
    country: 'us',
    searchCountries: ['us'],
  },
  {
    file: 'us-cambridge-research',
    language: 'en',
    titles: ['Research Scientist'],
    places: ['Cambridge, MA'],
    country: 'us',
    searchCountries: ['us'],
  },
  {
    file: 'gb-reading-engineer',
    language: 'en',
    titles: ['Software Engineer', 'Mobile Developer'],
    places: ['Reading, UK', 'London'],
    country: 'gb',
    searchCountries: ['gb', 'gb'],
  },
  {
    file: 'ca-toronto-pm',
    language: 'en',
    titles: ['Product Manager', 'Business Analyst'],
    places: ['Toronto'],
    country: 'ca',
    searchCountries: ['ca'],
  },
  {
    file: 'in-bengaluru-fullstack',
    language: 'en',
    titles: ['Full Stack Developer', 'Software Engineer'],
    places: ['Bengaluru'],
    country: 'in',
    searchCountries: ['in'],
  },
  {
    file: 'hr-split-tourism',
    language: 'en',
    titles: ['Project Manager', 'Mobile Developer'],
    places: ['Split'],
    country: 'hr',
    searchCountries: ['hr'],
  },
  {
    file: 'no-place-student',
    language: 'en',
    titles: ['Frontend Developer'],
    places: [],
    country: null,
    searchCountries: [],
  },
]

/** The CV's lines as a word processor sets them on an A4 page: long sentences wrap. */
function wrapped(cv: string, width = 90): string[] {
  return cv.split('\n').flatMap((line) => {
    const out: string[] = []
    let current = ''
    for (const word of line.split(' ')) {
      if (current && current.length + word.length + 1 > width) {
        out.push(current)
        current = word
      } else current = current ? `${current} ${word}` : word
    }
    out.push(current)
    return out
  })
}

const text = (file: string) => readFileSync(`test/fixtures/cvs/world/${file}.txt`, 'utf8')

function expectPlan(profile: ReturnType<typeof parseCvOffline>, cv: Expected) {
  expect(profile.jobTitles).toEqual(cv.titles)
  expect(profile.locations).toEqual(cv.places)
  expect(profile.country).toBe(cv.country)
  expect(profile.locations.map((p) => countryOf(p))).toEqual(cv.searchCountries)
  if (cv.originals) expect(profile.originalTitles).toEqual(cv.originals)
  if (cv.arrangement !== undefined) expect(profile.workArrangement).toBe(cv.arrangement)
}

describe('CVs from around the world, read offline', () => {
  it('covers at least 20 CVs, 12 countries and 5 languages', () => {
    expect(WORLD.length).toBeGreaterThanOrEqual(20)
    expect(new Set(WORLD.map((cv) => cv.file.slice(0, 2))).size).toBeGreaterThanOrEqual(12)
    expect(new Set(WORLD.map((cv) => cv.language)).size).toBeGreaterThanOrEqual(5)
  })

  for (const cv of WORLD) {
    it(`${cv.file} (${cv.language}) as text: ${cv.titles.join(', ')} in ${cv.places.join(', ') || 'no place'}`, () => {
      expectPlan(parseCvOffline(text(cv.file)), cv)
    })
  }

  for (const cv of WORLD) {
    it(`${cv.file} as a PDF`, async () => {
      const pdf = await makePdf([wrapped(text(cv.file))], { unicode: true })
      const extracted = await extractText(pdf, 'pdf', `${cv.file}.pdf`)
      expectPlan(parseCvOffline(extracted.text), cv)
    })
  }

  it('reads no place out of running text: Reading, Nice, Split and Mobile stay words there', () => {
    const profile = parseCvOffline(
      [
        'Sam Taylor',
        'Software Engineer',
        'Leeds, UK',
        '',
        'Profile',
        'Reading code all day. Nice to have: pairing. Split work between Mobile and web.',
      ].join('\n'),
    )
    expect(profile.locations).toEqual(['Leeds'])
  })
})
