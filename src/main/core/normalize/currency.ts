import countryToCurrency from 'country-to-currency'

/** Symbols some rows carry instead of a code; `$` and `¥` depend on the country. */
const SYMBOLS: Record<string, string> = {
  '€': 'EUR',
  '£': 'GBP',
  '₹': 'INR',
  '₩': 'KRW',
  '₺': 'TRY',
  zł: 'PLN',
  r$: 'BRL',
  fr: 'CHF',
  kr: 'SEK',
}

/** The ISO 4217 currency of a country ("IT" → EUR), or null. */
export function currencyOfCountry(country: string | null | undefined): string | null {
  const code = country?.trim().toUpperCase()
  if (!code || !(code in countryToCurrency)) return null
  return countryToCurrency[code as keyof typeof countryToCurrency]
}

/**
 * A currency as ISO 4217 ("usd" → USD, "€" → EUR, "$" in Canada → CAD); null for anything else. Without a
 * currency but with an amount, the country's currency is what the salary is in.
 */
export function currencyCode(
  value: string | null | undefined,
  country: string | null | undefined,
  hasAmount: boolean,
): string | null {
  const text = value?.trim() ?? ''
  if (/^[A-Za-z]{3}$/.test(text)) return text.toUpperCase()
  const symbol = text.toLowerCase()
  if (symbol in SYMBOLS) return SYMBOLS[symbol]!
  if (symbol === '$' || symbol === 'us$') {
    const local = currencyOfCountry(country)
    return local?.endsWith('D') ? local : 'USD'
  }
  if (symbol === '¥') return currencyOfCountry(country) === 'CNY' ? 'CNY' : 'JPY'
  return !text && hasAmount ? currencyOfCountry(country) : null
}
