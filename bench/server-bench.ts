import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { postgresTarget, seedFeed, sqliteTarget, type Target } from './db-bench'
import { startServeChild } from './serve-child'

/**
 * The headless server as a person meets it: `job-monitor serve` started cold on a database of 200,000
 * jobs until it answers its first request, and the feed's round trip over HTTP (JSON, token, contract
 * validation included). Targets: cold start < 1.5 s, feed round trip < 30 ms median.
 */
export async function runServerBench(options: {
  jobs: number
  pgUrl?: string
  report: (line: string) => void
}): Promise<Record<string, number>> {
  const { report } = options
  const figures: Record<string, number> = {}
  if (!existsSync('out/main/cli.js'))
    throw new Error('out/main/cli.js is missing: run "npm run build" first.')
  const targets: Target[] = [sqliteTarget(), ...(options.pgUrl ? [postgresTarget(options.pgUrl)] : [])]
  report(`\nHeadless server: \`job-monitor serve\` on ${options.jobs.toLocaleString('en')} jobs`)
  report('dialect    measure                          median ms   runs   target')
  for (const target of targets) {
    const { handle, url, cleanup } = await target.fresh()
    const dataDir = mkdtempSync(join(tmpdir(), 'jm-serve-bench-'))
    try {
      await seedFeed(handle, options.jobs)
      writeFileSync(join(dataDir, 'local-settings.json'), JSON.stringify({ userEmail: 'bench@example.com' }))
      const starts: number[] = []
      let trips: number[] = []
      let filtered: number[] = []
      for (let round = 0; round < 3; round++) {
        const server = await startServer(url, dataDir)
        starts.push(server.coldStartMs)
        try {
          const call = (body: unknown) =>
            fetch(`${server.origin}/api/feed/list`, {
              method: 'POST',
              headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
              body: JSON.stringify(body),
            }).then(async (r) => {
              if (!r.ok) throw new Error(`feed/list answered ${r.status}: ${await r.text()}`)
              return (await r.json()) as { result: { jobs: unknown[] } }
            })
          // The first page warms the statement cache, as the UI's first paint does; it must be a full page.
          const first = await call({ limit: 50 })
          if (first.result.jobs.length !== 50)
            throw new Error(`feed/list gave ${first.result.jobs.length} jobs, not 50`)
          if (round === 0) {
            trips = await timeEach(40, () => call({ limit: 50 }))
            filtered = await timeEach(40, () => call({ limit: 50, text: 'senior' }))
          }
        } finally {
          await server.stop()
        }
      }
      const rows: Array<[string, number[], number]> = [
        ['cold start to first answer', starts, 1500],
        ['feed/list page of 50', trips, 30],
        ['feed/list text "senior"', filtered, 30],
      ]
      for (const [name, times, targetMs] of rows) {
        const median = medianOf(times)
        report(
          `${target.dialect.padEnd(10)} ${name.padEnd(32)} ${median.toFixed(1).padStart(9)} ${String(times.length).padStart(6)}   < ${targetMs} ms ${median < targetMs ? 'PASS' : 'MISS'}`,
        )
        figures[`${target.dialect}.serve.${name.replace(/[^a-z0-9]+/gi, '_')}.median_ms`] = Number(
          median.toFixed(1),
        )
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true })
      await cleanup()
    }
  }
  return figures
}

const TOKEN = 'bench-token-0123456789abcdef'

function medianOf(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]!
}

async function timeEach(times: number, work: () => Promise<unknown>): Promise<number[]> {
  const out: number[] = []
  for (let i = 0; i < times; i++) {
    const t0 = performance.now()
    await work()
    out.push(performance.now() - t0)
  }
  return out
}

/** Spawns the built CLI's `serve` and times it until its first request is answered. */
async function startServer(
  databaseUrl: string,
  dataDir: string,
): Promise<{ origin: string; coldStartMs: number; stop(): Promise<void> }> {
  const child = await startServeChild({
    DATABASE_URL: databaseUrl,
    JOB_MONITOR_DATA_DIR: dataDir,
    JOB_MONITOR_SERVER_TOKEN: TOKEN,
  })
  const first = await fetch(`${child.origin}/api/system/get-status`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body: 'null',
  })
  if (!first.ok) throw new Error(`system/get-status answered ${first.status}`)
  await first.json()
  return { origin: child.origin, coldStartMs: performance.now() - child.startedAt, stop: child.stop }
}
