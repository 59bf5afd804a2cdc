import { foldText, stripAccents } from '../normalize/text'

/**
 * ISO-3166 alpha-2 codes for the places people search in. JSearch needs `country` for anything outside
 * the US, and a search in the wrong country finds nothing; unknown places leave it to JSearch (US).
 */
const COUNTRY_NAMES: Record<string, string> = {
  germany: 'de',
  deutschland: 'de',
  austria: 'at',
  osterreich: 'at',
  switzerland: 'ch',
  schweiz: 'ch',
  suisse: 'ch',
  'united kingdom': 'gb',
  uk: 'gb',
  england: 'gb',
  scotland: 'gb',
  wales: 'gb',
  'great britain': 'gb',
  ireland: 'ie',
  france: 'fr',
  netherlands: 'nl',
  'the netherlands': 'nl',
  nederland: 'nl',
  belgium: 'be',
  luxembourg: 'lu',
  italy: 'it',
  italia: 'it',
  spain: 'es',
  espana: 'es',
  portugal: 'pt',
  poland: 'pl',
  polska: 'pl',
  czechia: 'cz',
  'czech republic': 'cz',
  denmark: 'dk',
  danmark: 'dk',
  sweden: 'se',
  sverige: 'se',
  norway: 'no',
  finland: 'fi',
  estonia: 'ee',
  latvia: 'lv',
  lithuania: 'lt',
  hungary: 'hu',
  romania: 'ro',
  greece: 'gr',
  'united states': 'us',
  usa: 'us',
  us: 'us',
  canada: 'ca',
  australia: 'au',
  'new zealand': 'nz',
  india: 'in',
  singapore: 'sg',
  japan: 'jp',
  'united arab emirates': 'ae',
  uae: 'ae',
  israel: 'il',
  brazil: 'br',
  mexico: 'mx',
}

const CITY_COUNTRY: Record<string, string> = {
  berlin: 'de',
  hamburg: 'de',
  munich: 'de',
  muenchen: 'de',
  munchen: 'de',
  cologne: 'de',
  koeln: 'de',
  koln: 'de',
  frankfurt: 'de',
  'frankfurt am main': 'de',
  stuttgart: 'de',
  dusseldorf: 'de',
  duesseldorf: 'de',
  leipzig: 'de',
  dresden: 'de',
  hanover: 'de',
  hannover: 'de',
  nuremberg: 'de',
  nuernberg: 'de',
  nurnberg: 'de',
  bremen: 'de',
  essen: 'de',
  dortmund: 'de',
  bonn: 'de',
  karlsruhe: 'de',
  mannheim: 'de',
  heidelberg: 'de',
  freiburg: 'de',
  munster: 'de',
  muenster: 'de',
  aachen: 'de',
  potsdam: 'de',
  kiel: 'de',
  augsburg: 'de',
  regensburg: 'de',
  vienna: 'at',
  wien: 'at',
  graz: 'at',
  linz: 'at',
  salzburg: 'at',
  innsbruck: 'at',
  zurich: 'ch',
  zuerich: 'ch',
  geneva: 'ch',
  geneve: 'ch',
  genf: 'ch',
  basel: 'ch',
  bern: 'ch',
  lausanne: 'ch',
  london: 'gb',
  manchester: 'gb',
  edinburgh: 'gb',
  bristol: 'gb',
  cambridge: 'gb',
  oxford: 'gb',
  birmingham: 'gb',
  dublin: 'ie',
  paris: 'fr',
  lyon: 'fr',
  toulouse: 'fr',
  amsterdam: 'nl',
  rotterdam: 'nl',
  utrecht: 'nl',
  eindhoven: 'nl',
  'the hague': 'nl',
  brussels: 'be',
  antwerp: 'be',
  milan: 'it',
  milano: 'it',
  rome: 'it',
  roma: 'it',
  madrid: 'es',
  barcelona: 'es',
  valencia: 'es',
  lisbon: 'pt',
  lisboa: 'pt',
  porto: 'pt',
  warsaw: 'pl',
  warszawa: 'pl',
  krakow: 'pl',
  wroclaw: 'pl',
  prague: 'cz',
  praha: 'cz',
  copenhagen: 'dk',
  kobenhavn: 'dk',
  stockholm: 'se',
  gothenburg: 'se',
  oslo: 'no',
  helsinki: 'fi',
  tallinn: 'ee',
  budapest: 'hu',
  toronto: 'ca',
  vancouver: 'ca',
  montreal: 'ca',
  sydney: 'au',
  melbourne: 'au',
  singapore: 'sg',
  tokyo: 'jp',
  dubai: 'ae',
  'tel aviv': 'il',
  bangalore: 'in',
  bengaluru: 'in',
}

/** Full English place names the way Active Jobs DB's `locations_derived` spells them. */
const ENGLISH_NAMES: Record<string, string> = {
  muenchen: 'Munich',
  munchen: 'Munich',
  munich: 'Munich',
  koeln: 'Cologne',
  koln: 'Cologne',
  cologne: 'Cologne',
  wien: 'Vienna',
  zuerich: 'Zurich',
  zurich: 'Zurich',
  nuernberg: 'Nuremberg',
  nurnberg: 'Nuremberg',
  'frankfurt am main': 'Frankfurt',
  duesseldorf: 'Dusseldorf',
  dusseldorf: 'Dusseldorf',
  hannover: 'Hanover',
  praha: 'Prague',
  warszawa: 'Warsaw',
  lisboa: 'Lisbon',
  milano: 'Milan',
  roma: 'Rome',
  kobenhavn: 'Copenhagen',
  geneve: 'Geneva',
  genf: 'Geneva',
  'new york city': 'New York',
  nyc: 'New York',
  deutschland: 'Germany',
  osterreich: 'Austria',
  schweiz: 'Switzerland',
  nederland: 'Netherlands',
  espana: 'Spain',
  polska: 'Poland',
}

function key(text: string): string {
  return stripAccents(foldText(text).replace(/ä/g, 'ae').replace(/ö/g, 'oe').replace(/ü/g, 'ue'))
}

function plainKey(text: string): string {
  return stripAccents(foldText(text))
}

/** The ISO country code of a place ("München" → de, "Austin, TX, USA" → us), or undefined when unknown. */
export function countryOf(location: string): string | undefined {
  const parts = location
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)
  for (const part of [...parts].reverse()) {
    const code = COUNTRY_NAMES[plainKey(part)] ?? COUNTRY_NAMES[key(part)]
    if (code) return code
  }
  const first = parts[0] ?? location
  return CITY_COUNTRY[key(first)] ?? CITY_COUNTRY[plainKey(first)]
}

/** "München" → "Munich", "Köln, Deutschland" → "Cologne, Germany"; unknown names stay as typed. */
export function englishPlaceName(location: string): string {
  return location
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => ENGLISH_NAMES[key(part)] ?? ENGLISH_NAMES[plainKey(part)] ?? part)
    .join(', ')
}
