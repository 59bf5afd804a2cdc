import { comboId } from '../../../../shared/domain'
import { locationKey } from '../../normalize/combination-key'
import { englishPlaceName } from '../../places/countries'
import { foldText, stripAccents } from '../../text'
import type { Combination } from '../job-source'

/** One Active Jobs DB query: every title × every location, so each returned job belongs to the batch. */
export interface Batch {
  titles: string[]
  /** Location filter alternatives; empty for a remote-only batch. */
  locations: string[]
  remote: boolean
  combinations: Combination[]
}

export interface BatchLimits {
  maxTitles: number
  maxLocations: number
}

/**
 * Groups combinations into grids. Active Jobs DB bills every job it returns, so asking once for
 * `"A" OR "B"` in `"X" OR "Y"` costs one request instead of four and bills a job that matches two of the
 * combinations once. Only full grids are batched: a partial one would bill jobs nobody asked for.
 */
export function planBatches(combinations: readonly Combination[], limits: BatchLimits): Batch[] {
  const unique = dedupe(combinations)
  const byLocation = new Map<string, Combination[]>()
  for (const combination of unique) {
    const list = byLocation.get(combination.locationKey) ?? []
    list.push(combination)
    byLocation.set(combination.locationKey, list)
  }
  // Locations that want exactly the same titles form one grid.
  const grids = new Map<string, Combination[][]>()
  for (const list of byLocation.values()) {
    const signature = list
      .map((c) => c.titleKey)
      .sort()
      .join('\u0000')
    const group = grids.get(signature) ?? []
    group.push(list)
    grids.set(signature, group)
  }
  const batches: Batch[] = []
  for (const columns of grids.values()) {
    const remote = columns.filter((list) => list[0]!.locationKey === 'remote')
    const places = columns.filter((list) => list[0]!.locationKey !== 'remote')
    for (const group of [remote, places]) {
      if (group.length === 0) continue
      const titles = [...new Map(group[0]!.map((c) => [c.titleKey, c.title])).entries()]
      for (const titleChunk of chunk(titles, limits.maxTitles)) {
        for (const locationChunk of chunk(group, limits.maxLocations)) {
          const wanted = new Set(titleChunk.map(([key]) => key))
          const isRemote = locationChunk[0]![0]!.locationKey === 'remote'
          batches.push({
            titles: titleChunk.map(([, title]) => title),
            locations: isRemote ? [] : locationChunk.map((list) => locationFilterValue(list[0]!.location)),
            remote: isRemote,
            combinations: locationChunk.flatMap((list) => list.filter((c) => wanted.has(c.titleKey))),
          })
        }
      }
    }
  }
  return batches
}

function dedupe(combinations: readonly Combination[]): Combination[] {
  const seen = new Map<string, Combination>()
  for (const c of combinations) seen.set(comboId(c.titleKey, c.locationKey), c)
  return [...seen.values()]
}

function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += Math.max(1, size)) out.push(items.slice(i, i + Math.max(1, size)))
  return out
}

/**
 * `location_filter` wants full English names and matches them inside `locations_derived`
 * ("Munich, Bavaria, Germany"), so the city alone is sent: "München" becomes "Munich". A place typed with
 * its region or country ("Portland, Oregon") is sent as typed, in English.
 */
export function locationFilterValue(location: string): string {
  return englishPlaceName(location)
}

/** `"Data Engineer" OR "ML Engineer"`: quoted phrases joined with OR, the documented grammar. */
export function orFilter(values: readonly string[]): string {
  return values.map((v) => `"${v.replace(/"/g, '')}"`).join(' OR ')
}

function words(text: string): string[] {
  return stripAccents(foldText(text))
    .split(/[^\p{L}\p{N}+#]+/u)
    .filter(Boolean)
}

/** Every word of the searched title appears in the job title (a word may carry a plural or suffix). */
export function titleMatches(jobTitle: string, searched: string): boolean {
  const have = words(jobTitle)
  return words(searched).every((w) => have.some((h) => h === w || h.startsWith(w)))
}

/** The job is in the searched place: same location key for its city, or the city named in one of its locations. */
export function locationMatches(
  jobLocations: readonly string[],
  jobCities: readonly string[],
  searched: string,
): boolean {
  const wantedKey = locationKey(searched)
  if (jobCities.some((city) => locationKey(city) === wantedKey)) return true
  const city = words(englishPlaceName(searched).split(',')[0] ?? searched).join(' ')
  return jobLocations.some((l) => ` ${words(l).join(' ')} `.includes(` ${city} `))
}

/**
 * Which of the batch's combinations a returned job belongs to. The API's own matching is looser than
 * ours (stemming, synonyms), so a job that matches no title or no place here still belongs to every
 * combination of the batch on that side: it was billed, and the API judged it relevant.
 */
export function assignToCombinations(
  job: { title: string; locations: readonly string[]; cities: readonly string[] },
  batch: Batch,
): Combination[] {
  const byTitle = batch.combinations.filter((c) => titleMatches(job.title, c.title))
  const titled = byTitle.length > 0 ? byTitle : batch.combinations
  if (batch.remote) return titled
  const placed = titled.filter((c) => locationMatches(job.locations, job.cities, c.location))
  return placed.length > 0 ? placed : titled
}
