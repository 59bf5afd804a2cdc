import { type SalaryPeriod, YEAR_FACTORS } from '../../../shared/salary'

export { parseSalaryMinimum, type SalaryPeriod, YEAR_FACTORS } from '../../../shared/salary'

const PERIOD_WORDS: Record<string, SalaryPeriod> = {
  hour: 'hour',
  hourly: 'hour',
  'per hour': 'hour',
  hr: 'hour',
  day: 'day',
  daily: 'day',
  'per day': 'day',
  week: 'week',
  weekly: 'week',
  'per week': 'week',
  month: 'month',
  monthly: 'month',
  'per month': 'month',
  year: 'year',
  yearly: 'year',
  annual: 'year',
  annually: 'year',
  'per year': 'year',
}

/** A source's period text ("HOUR", "yearly", "per month") → our period, or null when it says none we know. */
export function salaryPeriodOf(text: string | null | undefined): SalaryPeriod | null {
  return PERIOD_WORDS[(text ?? '').trim().toLowerCase()] ?? null
}

/**
 * One amount as a year's pay. Without a period, an amount of 5,000 or more is taken as a year's pay
 * (that is what postings without one state); a smaller one cannot be told apart from an hour's or a
 * month's and gives null.
 */
export function yearlyAmount(amount: number | null, period: string | null | undefined): number | null {
  if (amount === null || !Number.isFinite(amount)) return null
  const known = salaryPeriodOf(period)
  if (known) return amount * YEAR_FACTORS[known]
  if ((period === null || period === undefined) && amount >= 5000) return amount
  return null
}
