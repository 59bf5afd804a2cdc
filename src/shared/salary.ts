/**
 * A salary as a year's pay, so one minimum compares every period: a year is 12 months, 44 weeks, 220
 * working days or 1,760 hours (40 hours a week, 8 a day). The same factors as migration 11.
 */
export const YEAR_FACTORS = { hour: 1760, day: 220, week: 44, month: 12, year: 1 } as const
export type SalaryPeriod = keyof typeof YEAR_FACTORS

const SYMBOLS: Record<string, string> = {
  '€': 'EUR',
  '£': 'GBP',
  $: 'USD',
  us$: 'USD',
  '¥': 'JPY',
  '₹': 'INR',
  fr: 'CHF',
  zł: 'PLN',
}

function currencyOf(text: string): string | null {
  if (/^[A-Za-z]{3}$/.test(text)) return text.toUpperCase()
  return SYMBOLS[text.toLowerCase()] ?? null
}

export interface SalaryMinimum {
  /** A year's pay. */
  yearly: number
  /** ISO 4217; null = the person's own currency (decided where the person is known). */
  currency: string | null
}

const SUFFIX: Record<string, number> = { k: 1_000, m: 1_000_000 }

/**
 * "60000", "60k", "60k EUR", "€60,000", "EUR 5000/month", "25 USD/hour" → a year's minimum and its currency;
 * a message saying what to write for anything else.
 */
export function parseSalaryMinimum(text: string): SalaryMinimum | { error: string } {
  const cleaned = text.trim().replace(/\s+/g, ' ')
  const match =
    /^([^\d\s]{1,3}|[A-Za-z]{3} )?\s*(\d{1,3}(?:[,. ']\d{3})+|\d+(?:\.\d+)?)\s*([kKmM])?\s*([A-Za-z]{3}|[^\d\s/]{1,3})?\s*(?:(?:\/|a |per )\s*(hour|day|week|month|year))?$/i.exec(
      cleaned,
    )
  const example =
    'write an amount with an optional currency and period, e.g. "60000", "60k EUR" or "35 USD/hour"'
  if (!match) return { error: `“${text.trim()}” is not a salary: ${example}.` }
  const [, before, digits, suffix, after, period] = match
  const amount =
    Number(digits!.replace(/[,. '](?=\d{3}(?:\D|$))/g, '')) * (suffix ? SUFFIX[suffix.toLowerCase()]! : 1)
  if (!Number.isFinite(amount) || amount <= 0)
    return { error: `“${text.trim()}” is not a salary: ${example}.` }
  const currencyText = (before ?? after ?? '').trim()
  const currency = currencyText ? currencyOf(currencyText) : null
  if (currencyText && !currency)
    return { error: `“${currencyText}” is not a currency: use a code such as EUR, USD or GBP.` }
  const yearly = amount * YEAR_FACTORS[(period?.toLowerCase() as SalaryPeriod | undefined) ?? 'year']
  return { yearly, currency }
}
