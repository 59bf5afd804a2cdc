import { placeKey, umlautKey } from './place-text'

/**
 * Cities known by more than one name: the English name job APIs index first, then the country, then the
 * other spellings people write (the gazetteer holds one of them). Munich and München are one place.
 */
const GROUPS: ReadonlyArray<readonly [english: string, country: string, ...spellings: string[]]> = [
  ['Munich', 'DE', 'München', 'Muenchen', 'Munchen', 'Monaco di Baviera', 'Múnich', 'Monachium'],
  ['Cologne', 'DE', 'Köln', 'Koeln', 'Koln', 'Colonia', 'Kolonia'],
  ['Nuremberg', 'DE', 'Nürnberg', 'Nuernberg', 'Nurnberg', 'Norymberga', 'Núremberg'],
  ['Hanover', 'DE', 'Hannover'],
  ['Frankfurt', 'DE', 'Frankfurt am Main', 'Frankfurt a.M.', 'Frankfurt/Main', 'Francfort', 'Fráncfort'],
  ['Dusseldorf', 'DE', 'Düsseldorf', 'Duesseldorf'],
  ['Vienna', 'AT', 'Wien', 'Vienne', 'Viena', 'Wiedeń'],
  ['Zurich', 'CH', 'Zürich', 'Zuerich', 'Zurigo'],
  ['Geneva', 'CH', 'Genève', 'Geneve', 'Genf', 'Ginevra', 'Ginebra', 'Genewa'],
  ['Basel', 'CH', 'Bâle', 'Basilea'],
  ['Warsaw', 'PL', 'Warszawa', 'Varsovie', 'Varsovia', 'Varsavia', 'Warschau'],
  ['Kraków', 'PL', 'Krakow', 'Cracow', 'Cracovie', 'Cracovia', 'Krakau'],
  ['Wrocław', 'PL', 'Wroclaw', 'Breslau', 'Breslavia'],
  ['Gdańsk', 'PL', 'Gdansk', 'Danzig'],
  ['Poznań', 'PL', 'Poznan', 'Posen'],
  ['Prague', 'CZ', 'Praha', 'Prag', 'Praga'],
  ['Lisbon', 'PT', 'Lisboa', 'Lissabon', 'Lisbonne', 'Lizbona'],
  ['Milan', 'IT', 'Milano', 'Mailand', 'Milán', 'Mediolan'],
  ['Rome', 'IT', 'Roma', 'Rom', 'Rzym'],
  ['Turin', 'IT', 'Torino', 'Turyn'],
  ['Naples', 'IT', 'Napoli', 'Neapel', 'Nápoles'],
  ['Florence', 'IT', 'Firenze', 'Florenz', 'Florencia'],
  ['Venice', 'IT', 'Venezia', 'Venedig', 'Venecia'],
  ['Copenhagen', 'DK', 'København', 'Kobenhavn', 'Kopenhagen', 'Copenhague'],
  ['Gothenburg', 'SE', 'Göteborg', 'Goeteborg'],
  ['Brussels', 'BE', 'Bruxelles', 'Brussel', 'Brüssel', 'Bruselas', 'Bruksela'],
  ['Antwerp', 'BE', 'Antwerpen', 'Anvers', 'Amberes'],
  ['The Hague', 'NL', 'Den Haag', "'s-Gravenhage", 'La Haye', 'La Haya'],
  ['Seville', 'ES', 'Sevilla'],
  ['Athens', 'GR', 'Athína', 'Athen', 'Atenas', 'Atene'],
  ['Bucharest', 'RO', 'București', 'Bukarest'],
  ['Belgrade', 'RS', 'Beograd', 'Belgrad'],
  ['Moscow', 'RU', 'Moskva', 'Moskau', 'Moscou', 'Moscú'],
  ['Kyiv', 'UA', 'Kiev', 'Kiew', 'Kijów'],
  ['Istanbul', 'TR', 'İstanbul', 'Estambul', 'Stambuł'],
  ['Seoul', 'KR', 'Séoul', 'Seúl', 'Seul', '서울'],
  ['Busan', 'KR', 'Pusan', '부산'],
  ['Tokyo', 'JP', 'Tokio', 'Tōkyō', '東京'],
  ['Osaka', 'JP', 'Ōsaka', '大阪'],
  ['Beijing', 'CN', 'Peking', 'Pékin', 'Pekín', '北京'],
  ['Mexico City', 'MX', 'Ciudad de México', 'CDMX', 'Mexiko-Stadt'],
  ['São Paulo', 'BR', 'Sao Paulo', 'San Pablo'],
  ['Bangalore', 'IN', 'Bengaluru'],
  ['New York', 'US', 'New York City', 'NYC', 'Nueva York'],
  ['Montreal', 'CA', 'Montréal'],
  ['Quebec City', 'CA', 'Québec', 'Quebec'],
  ['Luxembourg', 'LU', 'Luxemburg'],
  ['Dublin', 'IE', 'Baile Átha Cliath'],
]

export interface Exonym {
  english: string
  country: string
  spellings: readonly string[]
}

const BY_KEY = new Map<string, Exonym>()
for (const [english, country, ...others] of GROUPS) {
  const entry = { english, country, spellings: [english, ...others] }
  for (const spelling of entry.spellings) {
    BY_KEY.set(placeKey(spelling), entry)
    BY_KEY.set(umlautKey(spelling), entry)
  }
}

/** The group a spelling belongs to ("München" → Munich, DE), if any. */
export function exonym(name: string): Exonym | undefined {
  return BY_KEY.get(placeKey(name)) ?? BY_KEY.get(umlautKey(name))
}
