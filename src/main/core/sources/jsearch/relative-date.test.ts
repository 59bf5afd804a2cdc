import { describe, expect, it } from 'vitest'
import { adaptJsearchJob } from './jsearch-adapter'
import { jsearchJobSchema } from './jsearch-schema'
import { relativePostedAt } from './relative-date'

const NOW = new Date('2026-11-28T06:00:00.000Z')
const ago = (ms: number) => new Date(NOW.getTime() - ms).toISOString()
const HOUR = 3_600_000
const DAY = 24 * HOUR

describe('relative posting times, as JSearch sends them in the posting’s language', () => {
  it.each([
    ['2 days ago', ago(2 * DAY)],
    ['1 giorno fa', ago(DAY)],
    ['3 giorni fa', ago(3 * DAY)],
    ['vor 3 Tagen', ago(3 * DAY)],
    ['vor 5 Stunden', ago(5 * HOUR)],
    ['il y a 4 jours', ago(4 * DAY)],
    ['hace 2 días', ago(2 * DAY)],
    ['3 dagen geleden', ago(3 * DAY)],
    ['2 dni temu', ago(2 * DAY)],
    ['há 6 dias', ago(6 * DAY)],
    ['30+ days ago', ago(30 * DAY)],
    ['2 weeks ago', ago(14 * DAY)],
    ['Just posted', NOW.toISOString()],
    ['gestern', ago(DAY)],
  ])('%s', (text, expected) => {
    expect(relativePostedAt(text, NOW)?.toISOString()).toBe(expected)
  })

  it('says nothing about text it cannot read', () => {
    expect(relativePostedAt('Actively hiring', NOW)).toBeUndefined()
    expect(relativePostedAt(null, NOW)).toBeUndefined()
  })
})

describe('JSearch rows from 2025', () => {
  const row = (fields: Record<string, unknown>) =>
    adaptJsearchJob(jsearchJobSchema.parse({ job_id: 'x', job_title: 'Data Engineer', ...fields }), NOW)

  it('dates a row with both dates null from its relative text', () => {
    const job = row({
      job_posted_at_datetime_utc: null,
      job_posted_at_timestamp: null,
      job_posted_at: '1 giorno fa',
      job_country: 'IT',
    })
    expect(job.postedAt).toBe(ago(DAY))
  })

  it('takes the currency of the country when a salary has amounts but no currency', () => {
    const job = row({
      job_min_salary: 92_820,
      job_max_salary: 120_120,
      job_salary_period: 'YEAR',
      job_country: 'US',
    })
    expect(job).toMatchObject({
      salaryMin: 92_820,
      salaryMax: 120_120,
      salaryCurrency: 'USD',
      salaryPeriod: 'YEAR',
    })
  })

  it('drops a salary period that comes without an amount', () => {
    const job = row({
      job_min_salary: null,
      job_max_salary: null,
      job_salary_period: 'HOUR',
      job_country: 'IT',
    })
    expect(job).toMatchObject({ salaryMin: null, salaryCurrency: null, salaryPeriod: null })
  })
})
