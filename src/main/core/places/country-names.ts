import { placeKey } from './place-text'

/**
 * Country names in the languages CVs and job APIs write them, from the runtime's own CLDR data
 * (`Intl.DisplayNames`), so every ISO 3166 country is known by its English, German, French, Spanish,
 * Italian, Dutch, Polish, Portuguese, Turkish, Korean, Japanese … name without a list of our own.
 */
const LOCALES = [
  'en',
  'de',
  'fr',
  'es',
  'it',
  'nl',
  'pl',
  'pt',
  'tr',
  'sv',
  'da',
  'nb',
  'fi',
  'cs',
  'hu',
  'ro',
  'el',
  'ru',
  'uk',
  'ko',
  'ja',
  'zh',
  'ar',
  'he',
] as const

/** Codes that name no country (the EU, the UN, test and unknown regions). */
const NOT_COUNTRIES = new Set(['EU', 'EZ', 'UN', 'QO', 'XA', 'XB', 'ZZ'])

/** Names CVs and APIs use that CLDR does not give as a country's display name. */
const EXTRA_NAMES: Record<string, string> = {
  usa: 'US',
  'u s a': 'US',
  'u s': 'US',
  'united states of america': 'US',
  america: 'US',
  uk: 'GB',
  'u k': 'GB',
  'great britain': 'GB',
  britain: 'GB',
  england: 'GB',
  scotland: 'GB',
  wales: 'GB',
  'northern ireland': 'GB',
  'republic of korea': 'KR',
  'korea republic of': 'KR',
  korea: 'KR',
  'korea south': 'KR',
  'the netherlands': 'NL',
  holland: 'NL',
  'czech republic': 'CZ',
  uae: 'AE',
  turkey: 'TR',
  turkiye: 'TR',
  russia: 'RU',
  'russian federation': 'RU',
  'peoples republic of china': 'CN',
  prc: 'CN',
  'hong kong sar': 'HK',
  vietnam: 'VN',
  'viet nam': 'VN',
  'ivory coast': 'CI',
  'the philippines': 'PH',
  brasil: 'BR',
  'deutschland brd': 'DE',
  brd: 'DE',
}

interface CountryIndex {
  byName: Map<string, string>
  codes: string[]
}

let index: CountryIndex | undefined

function build(): CountryIndex {
  const english = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' })
  const codes: string[] = []
  for (let a = 65; a <= 90; a++) {
    for (let b = 65; b <= 90; b++) {
      const code = String.fromCharCode(a, b)
      // Retired codes (DD, SU, YU, UK…) are aliases the runtime maps to today's: skip them.
      if (NOT_COUNTRIES.has(code) || Intl.getCanonicalLocales(`und-${code}`)[0] !== `und-${code}`) continue
      const name = english.of(code)
      if (name && name !== code) codes.push(code)
    }
  }
  const byName = new Map<string, string>()
  for (const locale of LOCALES) {
    for (const style of ['long', 'short'] as const) {
      const names = new Intl.DisplayNames([locale], { type: 'region', fallback: 'none', style })
      for (const code of codes) {
        const name = names.of(code)
        if (!name) continue
        const key = placeKey(name)
        if (key && !byName.has(key)) byName.set(key, code)
        // "Korea, Republic of" style names also go in without their article/qualifier order.
        const bare = key.replace(/\s*\(.*\)$/, '')
        if (bare && !byName.has(bare)) byName.set(bare, code)
      }
    }
  }
  for (const [name, code] of Object.entries(EXTRA_NAMES)) byName.set(placeKey(name), code)
  return { byName, codes }
}

function countries(): CountryIndex {
  index ??= build()
  return index
}

/**
 * The ISO 3166 alpha-2 code (upper case) of a country name in any of our languages, or of a code itself
 * ("Deutschland" → DE, "Republic of Korea" → KR, "fr" → FR); undefined when the text names no country.
 * Two-letter codes count only when `codes` is set: "IN" and "DE" are words too.
 */
export function countryCode(text: string, options: { codes?: boolean } = {}): string | undefined {
  const key = placeKey(text.replace(/,/g, ' '))
  if (!key) return undefined
  const named = countries().byName.get(key)
  if (named) return named
  if (options.codes !== false && /^[a-z]{2}$/.test(key)) {
    const code = key.toUpperCase()
    if (code === 'UK') return 'GB'
    if (countries().codes.includes(code)) return code
  }
  return undefined
}

/** The country's name in English ("KR" → "South Korea"), or the code when the runtime does not know it. */
export function countryName(code: string, locale = 'en'): string {
  return new Intl.DisplayNames([locale], { type: 'region', fallback: 'code' }).of(code.toUpperCase()) ?? code
}

/** Every ISO 3166 alpha-2 code the runtime knows a name for. */
export function countryCodes(): readonly string[] {
  return countries().codes
}
