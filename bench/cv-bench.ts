import { readdirSync, readFileSync } from 'node:fs'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { extractText } from '../src/main/core/cv/extract-text'
import { detectCvType } from '../src/main/core/cv/file-type'
import { parseCvOffline } from '../src/main/core/cv/heuristic-parser'
import { gazetteer, gazetteerLoaded } from '../src/main/core/places/gazetteer'
import { makePdf } from '../test/helpers/cv-fixtures'

/** A collection now, so heap figures are what is kept, not garbage waiting. */
function collect(): void {
  setFlagsFromString('--expose_gc')
  ;(runInNewContext('gc') as () => void)()
}

/**
 * The world's CVs (test/fixtures/cvs/world: 23 CVs, 15 countries, 7 languages) parsed offline with the
 * gazetteer: its one-time load (time and retained heap) on its own, then every CV parsed 5 times.
 */
function worldBench(report: (line: string) => void): Record<string, number> {
  if (gazetteerLoaded()) throw new Error('the gazetteer must not be loaded before its benchmark')
  const dir = 'test/fixtures/cvs/world'
  const cvs = readdirSync(dir)
    .filter((f) => f.endsWith('.txt'))
    .map((f) => readFileSync(`${dir}/${f}`, 'utf8'))
  collect()
  const heapBefore = process.memoryUsage().heapUsed
  const started = performance.now()
  parseCvOffline(cvs[0]!)
  const firstMs = performance.now() - started
  collect()
  const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024
  const times: number[] = []
  for (let round = 0; round < 5; round++) {
    for (const cv of cvs) {
      const t0 = performance.now()
      parseCvOffline(cv)
      times.push(performance.now() - t0)
    }
  }
  times.sort((a, b) => a - b)
  const median = times[Math.floor(times.length / 2)]!
  const slowest = times.at(-1)!
  report(
    `\nOffline CV parse with the world gazetteer (${gazetteer().size.toLocaleString('en')} places): ${cvs.length} CVs × 5`,
  )
  report(
    `first CV (loads the gazetteer) ${firstMs.toFixed(0)} ms, gazetteer heap ${heapMb.toFixed(1)} MB; after it: median ${median.toFixed(1)} ms, slowest ${slowest.toFixed(1)} ms per CV (target < 300 ms) ${slowest < 300 ? 'PASS' : 'MISS'}`,
  )
  return {
    'cv.world_first_parse_ms': Math.round(firstMs),
    'cv.gazetteer_heap_mb': Number(heapMb.toFixed(1)),
    'cv.world_parse.median_ms': Number(median.toFixed(2)),
    'cv.world_parse.max_ms': Number(slowest.toFixed(1)),
  }
}

/** Reading a 3-page PDF CV and parsing it offline, as an import without a Claude key does. */
export async function runCvBench(report: (line: string) => void): Promise<Record<string, number>> {
  const world = worldBench(report)
  const lines = readFileSync('test/fixtures/cvs/en-data-scientist.txt', 'utf8').split('\n')
  const filler = Array.from(
    { length: 40 },
    (_, i) =>
      `• Project ${i + 1}: built data pipelines with Python, Spark and Airflow for the logistics team`,
  )
  const pdf = await makePdf([lines, filler.slice(0, 40), filler.slice(0, 25)])
  const times: number[] = []
  let titles: string[] = []
  for (let i = 0; i < 21; i++) {
    const started = performance.now()
    const { text } = await extractText(pdf, detectCvType(pdf), 'cv.pdf')
    titles = parseCvOffline(text).jobTitles
    times.push(performance.now() - started)
  }
  // The first run also loads pdf.js; it is reported on its own.
  const first = times.shift()!
  times.sort((a, b) => a - b)
  const median = times[Math.floor(times.length / 2)]!
  report('\nCV import without a Claude key: 3-page PDF, text extraction + offline parse (1 + 20 runs)')
  report(
    `median ${median.toFixed(1)} ms, slowest ${times.at(-1)!.toFixed(1)} ms, first run (loads pdf.js) ${first.toFixed(0)} ms (target median < 300 ms) ${median < 300 ? 'PASS' : 'MISS'}; titles found: ${titles.join(', ')}`,
  )
  return {
    ...world,
    'cv.pdf3_extract_parse.median_ms': Number(median.toFixed(1)),
    'cv.pdf3_first_run_ms': Math.round(first),
  }
}
