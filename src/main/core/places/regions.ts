import { placeKey } from './place-text'

/**
 * States and provinces the way job APIs write them: JSearch gives codes ("Chicago, IL"), Active Jobs DB
 * full names ("Chicago, Illinois, United States"). In the United States, Canada and Australia the
 * gazetteer's admin code is this same postal code, so both spellings meet on it.
 */
const REGIONS: Record<string, Record<string, string>> = {
  US: {
    AL: 'Alabama',
    AK: 'Alaska',
    AZ: 'Arizona',
    AR: 'Arkansas',
    CA: 'California',
    CO: 'Colorado',
    CT: 'Connecticut',
    DE: 'Delaware',
    DC: 'District of Columbia',
    FL: 'Florida',
    GA: 'Georgia',
    HI: 'Hawaii',
    ID: 'Idaho',
    IL: 'Illinois',
    IN: 'Indiana',
    IA: 'Iowa',
    KS: 'Kansas',
    KY: 'Kentucky',
    LA: 'Louisiana',
    ME: 'Maine',
    MD: 'Maryland',
    MA: 'Massachusetts',
    MI: 'Michigan',
    MN: 'Minnesota',
    MS: 'Mississippi',
    MO: 'Missouri',
    MT: 'Montana',
    NE: 'Nebraska',
    NV: 'Nevada',
    NH: 'New Hampshire',
    NJ: 'New Jersey',
    NM: 'New Mexico',
    NY: 'New York',
    NC: 'North Carolina',
    ND: 'North Dakota',
    OH: 'Ohio',
    OK: 'Oklahoma',
    OR: 'Oregon',
    PA: 'Pennsylvania',
    PR: 'Puerto Rico',
    RI: 'Rhode Island',
    SC: 'South Carolina',
    SD: 'South Dakota',
    TN: 'Tennessee',
    TX: 'Texas',
    UT: 'Utah',
    VT: 'Vermont',
    VA: 'Virginia',
    WA: 'Washington',
    WV: 'West Virginia',
    WI: 'Wisconsin',
    WY: 'Wyoming',
  },
  CA: {
    AB: 'Alberta',
    BC: 'British Columbia',
    MB: 'Manitoba',
    NB: 'New Brunswick',
    NL: 'Newfoundland and Labrador',
    NS: 'Nova Scotia',
    NT: 'Northwest Territories',
    NU: 'Nunavut',
    ON: 'Ontario',
    PE: 'Prince Edward Island',
    QC: 'Quebec',
    SK: 'Saskatchewan',
    YT: 'Yukon',
  },
  AU: {
    ACT: 'Australian Capital Territory',
    NSW: 'New South Wales',
    NT: 'Northern Territory',
    QLD: 'Queensland',
    SA: 'South Australia',
    TAS: 'Tasmania',
    VIC: 'Victoria',
    WA: 'Western Australia',
  },
}

/** GeoNames gives Canada's provinces as numbers; these are their postal codes. */
const CANADA_ADMIN: Record<string, string> = {
  '01': 'AB',
  '02': 'BC',
  '03': 'MB',
  '04': 'NB',
  '05': 'NL',
  '07': 'NS',
  '08': 'ON',
  '09': 'PE',
  '10': 'QC',
  '11': 'SK',
  '12': 'YT',
  '13': 'NT',
  '14': 'NU',
}

/** GeoNames' Australian state numbers → postal codes. */
const AUSTRALIA_ADMIN: Record<string, string> = {
  '01': 'ACT',
  '02': 'NSW',
  '03': 'NT',
  '04': 'QLD',
  '05': 'SA',
  '06': 'TAS',
  '07': 'VIC',
  '08': 'WA',
}

const BY_NAME = new Map<string, { country: string; code: string }>()
for (const [country, regions] of Object.entries(REGIONS)) {
  for (const [code, name] of Object.entries(regions)) {
    BY_NAME.set(`${country}:${placeKey(name)}`, { country, code })
    BY_NAME.set(`${country}:${code.toLowerCase()}`, { country, code })
  }
}

/**
 * A state or province as its postal code within a country ("Illinois" or "IL" in US → IL), or undefined
 * when the text is no region we know there.
 */
export function regionCode(country: string, text: string): string | undefined {
  return BY_NAME.get(`${country.toUpperCase()}:${placeKey(text)}`)?.code
}

/** A state name or code in any of the three countries: which country and code it is ("Ontario" → CA/ON). */
export function anyRegion(text: string): { country: string; code: string } | undefined {
  const key = placeKey(text)
  for (const country of Object.keys(REGIONS)) {
    const found = BY_NAME.get(`${country}:${key}`)
    if (found) return found
  }
  return undefined
}

/** The gazetteer's admin code as the postal code people use (Canada "08" → ON); others unchanged. */
export function postalAdmin(country: string, admin: string): string {
  if (country === 'CA') return CANADA_ADMIN[admin] ?? admin
  if (country === 'AU') return AUSTRALIA_ADMIN[admin] ?? admin
  return admin
}

/** Whether people tell this country's same-named towns apart by a written state code (US, CA, AU). */
export function hasPostalRegions(country: string): boolean {
  return country in REGIONS
}
