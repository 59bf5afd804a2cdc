import { mkdirSync, writeFileSync } from 'node:fs'
import { runCvBench } from './cv-bench'
import { runDbBench } from './db-bench'
import { runEconomyBench } from './economy-bench'
import { runServerBench } from './server-bench'
import { runSourcesBench } from './sources-bench'
import { runUiBench } from './ui-bench'

/**
 * `npm run bench`: every benchmark, measured side by side in one run, printed as a table, and saved to
 * bench/results/latest.json. Targets are checked here, never in timed tests: the machine is shared.
 * BENCH_SCALE=0.1 runs a tenth of the data for a quick look; BENCH_ONLY=<part> runs one part (docs/performance.md
 * lists them, and BENCH_KEEP_SCHEMA / BENCH_PG_SCHEMA for keeping and reusing a seeded PostgreSQL schema).
 */
const scale = Number(process.env.BENCH_SCALE ?? 1)
const pgUrl =
  process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'

async function main(): Promise<void> {
  const started = Date.now()
  const report = (line: string) => console.log(line)
  const reachable = await canReach(pgUrl)
  const only = process.env.BENCH_ONLY
  const figures: Record<string, number> = {}
  if (!only || only === 'cv') Object.assign(figures, await runCvBench(report))
  if (!only || only === 'economy') Object.assign(figures, await runEconomyBench(report))
  if (!only || only === 'sources') Object.assign(figures, await runSourcesBench(report))
  if (!only || only === 'upsert' || only === 'feed' || only === 'search')
    Object.assign(
      figures,
      await runDbBench({
        upsertRows: Math.round(100_000 * scale),
        feedJobs: Math.round(200_000 * scale),
        pgUrl: reachable ? pgUrl : undefined,
        only,
        repeat: Number(process.env.BENCH_REPEAT ?? 3),
        report,
      }),
    )
  if (!only || only === 'server')
    Object.assign(
      figures,
      await runServerBench({
        jobs: Math.round(200_000 * scale),
        pgUrl: reachable ? pgUrl : undefined,
        report,
      }),
    )
  if (!only || only === 'ui')
    Object.assign(figures, await runUiBench({ jobs: Math.round(50_000 * scale), report }))
  mkdirSync('bench/results', { recursive: true })
  writeFileSync(
    'bench/results/latest.json',
    `${JSON.stringify({ at: new Date().toISOString(), scale, figures }, null, 2)}\n`,
  )
  console.log(
    `\nDone in ${((Date.now() - started) / 1000).toFixed(0)} s; figures in bench/results/latest.json`,
  )
}

async function canReach(url: string): Promise<boolean> {
  const { default: pg } = await import('pg')
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 })
  try {
    await client.connect()
    return true
  } catch {
    return false
  } finally {
    await client.end().catch(() => {})
  }
}

main().catch((error) => {
  console.error(`bench: ${(error as Error).stack ?? error}`)
  process.exit(1)
})
