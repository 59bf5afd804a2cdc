import { describe, expect, it } from 'vitest'
import { parseSalaryMinimum } from '../../../shared/salary'
import { yearlyAmount } from './salary'
import { type FitInputs, type FitJob, fitInputsKey, prepareFitProfile, scoreJob } from './score'

const NOW = '2026-12-03T08:00:00.000Z'
const daysAgo = (d: number) => new Date(Date.parse(NOW) - d * 86_400_000).toISOString()

function job(title: string, fields: Partial<FitJob> = {}): FitJob {
  return {
    title,
    company_key: null,
    city: null,
    country: null,
    is_remote: 0,
    work_arrangement: null,
    description: null,
    key_skills: null,
    salary_year_min: null,
    salary_year_max: null,
    salary_currency: null,
    sort_at: daysAgo(2),
    ...fields,
  }
}

function inputs(profile: Partial<FitInputs['profile']>, extra: Partial<FitInputs> = {}): FitInputs {
  return {
    profile: {
      jobTitles: [],
      originalTitles: {},
      locations: [],
      country: null,
      workArrangement: null,
      seniority: null,
      skills: [],
      languages: [],
      ...profile,
    },
    planTitles: [],
    watched: [],
    ...extra,
  }
}

/** The titles in the order the score puts them (ties keep the given order, as the feed's newest-first does). */
function ranked(fit: FitInputs, jobs: Record<string, FitJob>): string[] {
  const profile = prepareFitProfile(fit)
  return Object.entries(jobs)
    .map(([name, j], i) => ({ name, i, score: scoreJob(profile, j, NOW).score }))
    .sort((a, b) => b.score - a.score || a.i - b.i)
    .map((r) => r.name)
}

describe('the fit score', () => {
  const berlinDataEngineer = inputs({
    jobTitles: ['Data Engineer'],
    locations: ['Berlin'],
    country: 'de',
    workArrangement: 'Hybrid',
    seniority: 'senior',
    skills: ['Python', 'Spark', 'Airflow', 'SQL', 'Kafka', 'AWS'],
    languages: ['English', 'German'],
  })

  it('ranks a Berlin data engineer’s jobs: title, skills and place first, a far-off junior role last', () => {
    const order = ranked(berlinDataEngineer, {
      exact: job('Senior Data Engineer (m/w/d)', {
        city: 'Berlin',
        country: 'DE',
        work_arrangement: 'Hybrid',
        description: 'We use Python, Spark and Airflow on AWS. Kafka streams. SQL daily.',
        salary_year_min: 70_000,
        salary_year_max: 90_000,
        salary_currency: 'EUR',
      }),
      skillsOnly: job('Backend Engineer', {
        city: 'Berlin',
        country: 'DE',
        description: 'Python, Kafka, AWS and SQL.',
      }),
      titleNoSkills: job('Data Engineer', { city: 'Munich', country: 'DE', description: 'Java and Scala.' }),
      junior: job('Junior Data Engineer', {
        city: 'Paris',
        country: 'FR',
        description: 'Python and SQL.',
      }),
      unrelated: job('Nurse', { city: 'Berlin', country: 'DE', description: 'Care for patients.' }),
    })
    expect(order).toEqual(['exact', 'skillsOnly', 'titleNoSkills', 'junior', 'unrelated'])
  })

  it('says why: skills found, the title, the arrangement and city, the pay; and what is missing', () => {
    const profile = prepareFitProfile(berlinDataEngineer)
    const fit = scoreJob(
      profile,
      job('Data Engineer', {
        city: 'Berlin',
        country: 'DE',
        work_arrangement: 'Hybrid',
        description: 'Python, Spark, Airflow. Sehr gute Deutschkenntnisse (C1) and fluent French required.',
        salary_year_min: 70_000,
        salary_year_max: 90_000,
        salary_currency: 'EUR',
        key_skills: JSON.stringify(['Python', 'Scala', 'Teamwork']),
      }),
      NOW,
    )
    expect(fit.reasons.good).toEqual([
      'Python, Spark, Airflow',
      'your title',
      'hybrid in Berlin',
      '€70K–€90K a year',
    ])
    // German is in the CV; French is not. Scala is a key skill the CV lacks (Teamwork is not technical).
    expect(fit.reasons.missing).toEqual(['French', 'Scala'])
    expect(fit.score).toBeGreaterThan(50)
    expect(fit.score).toBeLessThanOrEqual(100)
  })

  it('holds a language the CV lacks against a job ("missing: German C1"), and not one it has', () => {
    const english = inputs({ jobTitles: ['Data Engineer'], locations: ['Berlin'], languages: ['English'] })
    const asked = job('Data Engineer', {
      city: 'Berlin',
      country: 'DE',
      description: 'Deutsch auf C1-Niveau ist erforderlich.',
    })
    const plain = job('Data Engineer', {
      city: 'Berlin',
      country: 'DE',
      description: 'An English-speaking team.',
    })
    const profile = prepareFitProfile(english)
    const withGerman = scoreJob(profile, asked, NOW)
    expect(withGerman.reasons.missing).toContain('German C1')
    expect(scoreJob(profile, plain, NOW).score - withGerman.score).toBe(10)
    expect(scoreJob(prepareFitProfile(berlinDataEngineer), asked, NOW).reasons.missing).not.toContain(
      'German C1',
    )
  })

  it('reads a French CV: a translated title and its place count, remote counts when wanted', () => {
    const lyon = inputs({
      jobTitles: ['Software Developer'],
      originalTitles: { 'Software Developer': 'Développeur logiciel' },
      locations: ['Lyon', 'Remote'],
      country: 'fr',
      skills: ['Java', 'Spring', 'PostgreSQL'],
    })
    const order = ranked(lyon, {
      french: job('Développeur logiciel Java (H/F)', {
        city: 'Lyon',
        country: 'FR',
        description: 'Java 17, Spring Boot, PostgreSQL.',
      }),
      remote: job('Software Engineer', { is_remote: 1, description: 'Java and Spring.' }),
      paris: job('Software Developer', { city: 'Paris', country: 'FR', description: 'PHP.' }),
      designer: job('UX Designer', { city: 'Lyon', country: 'FR', description: 'Figma.' }),
    })
    expect(order).toEqual(['french', 'remote', 'paris', 'designer'])
    const remote = scoreJob(prepareFitProfile(lyon), job('Software Engineer', { is_remote: 1 }), NOW)
    expect(remote.reasons.good).toContain('remote')
    expect(remote.reasons.good).toContain('a title like yours')
  })

  it('matches skills as whole words: "Go" and "R" only as written, C++ and Node.js with their signs', () => {
    const profile = prepareFitProfile(inputs({ skills: ['Go', 'R', 'C++', 'Node.js'] }))
    const found = (description: string) =>
      scoreJob(profile, job('Engineer', { description }), NOW).reasons.good.find((r) =>
        /Go|R|C\+\+|Node/.test(r),
      )
    expect(found('We go to market fast and research R&D')).toBe('R')
    expect(found('Services in Go and C++; tooling in Node.js')).toBe('Go, C++, Node.js')
    expect(found('We write C and Cobol')).toBeUndefined()
  })

  it('gives a watched company a boost and says so; a new posting beats an old one of the same kind', () => {
    const fit = inputs({ jobTitles: ['Product Manager'], locations: ['Amsterdam'] }, { watched: ['adyen'] })
    const profile = prepareFitProfile(fit)
    const watched = scoreJob(profile, job('Product Manager', { company_key: 'adyen' }), NOW)
    const other = scoreJob(profile, job('Product Manager', { company_key: 'booking com' }), NOW)
    expect(watched.score - other.score).toBe(10)
    expect(watched.reasons.good[0]).toBe('a company you watch')
    const fresh = scoreJob(profile, job('Product Manager', { sort_at: daysAgo(0.2) }), NOW)
    const old = scoreJob(profile, job('Product Manager', { sort_at: daysAgo(30) }), NOW)
    expect(fresh.score - old.score).toBe(5)
  })

  it('steps seniority: one level off costs a little, two levels say so', () => {
    const junior = prepareFitProfile(inputs({ jobTitles: ['Data Analyst'], seniority: 'junior' }))
    const same = scoreJob(junior, job('Junior Data Analyst'), NOW)
    const mid = scoreJob(junior, job('Data Analyst'), NOW)
    const lead = scoreJob(junior, job('Lead Data Analyst'), NOW)
    expect(same.score).toBeGreaterThan(mid.score)
    expect(mid.score).toBeGreaterThan(lead.score)
    expect(lead.reasons.missing).toContain('a lead role')
  })

  it('is deterministic and bounded, and its inputs key changes with what it reads', () => {
    const profile = prepareFitProfile(berlinDataEngineer)
    const j = job('Data Engineer', {
      description: 'Python Spark Airflow SQL Kafka AWS',
      city: 'Berlin',
      country: 'DE',
    })
    expect(scoreJob(profile, j, NOW)).toEqual(scoreJob(prepareFitProfile(berlinDataEngineer), j, NOW))
    for (const title of ['', '-', 'Senior Senior Lead', 'Ä'.repeat(500)])
      expect(scoreJob(profile, job(title), NOW).score).toBeGreaterThanOrEqual(0)
    const key = fitInputsKey(berlinDataEngineer)
    expect(fitInputsKey({ ...berlinDataEngineer })).toBe(key)
    expect(fitInputsKey({ ...berlinDataEngineer, watched: ['zalando'] })).not.toBe(key)
    expect(fitInputsKey({ ...berlinDataEngineer, planTitles: ['Analytics Engineer'] })).not.toBe(key)
  })
})

describe('salaries as a year', () => {
  it('converts hour, day, week and month at 1,760 h, 220 days, 44 weeks and 12 months', () => {
    expect(yearlyAmount(50, 'HOUR')).toBe(88_000)
    expect(yearlyAmount(400, 'day')).toBe(88_000)
    expect(yearlyAmount(2000, 'WEEK')).toBe(88_000)
    expect(yearlyAmount(5000, 'monthly')).toBe(60_000)
    expect(yearlyAmount(60_000, 'YEAR')).toBe(60_000)
    expect(yearlyAmount(60_000, null)).toBe(60_000)
    // Too small to be a year's pay, and no period to say what it is.
    expect(yearlyAmount(3000, null)).toBeNull()
    expect(yearlyAmount(3000, 'per fortnight')).toBeNull()
  })

  it('reads a minimum as people write it, and says what to write otherwise', () => {
    expect(parseSalaryMinimum('60000')).toEqual({ yearly: 60_000, currency: null })
    expect(parseSalaryMinimum('60k EUR')).toEqual({ yearly: 60_000, currency: 'EUR' })
    expect(parseSalaryMinimum('€60,000')).toEqual({ yearly: 60_000, currency: 'EUR' })
    expect(parseSalaryMinimum('35 USD/hour')).toEqual({ yearly: 61_600, currency: 'USD' })
    expect(parseSalaryMinimum('5000 CHF per month')).toEqual({ yearly: 60_000, currency: 'CHF' })
    for (const bad of ['lots', '-5', '60000 dollars please', ''])
      expect(parseSalaryMinimum(bad)).toHaveProperty(
        'error',
        expect.stringMatching(/not a salary|not a currency/),
      )
  })
})
