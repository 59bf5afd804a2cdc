import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { publishJobs } from './corpus'
import { FakeClock } from './fake-clock'
import { startFakes } from './index'

/**
 * `npm run fakes`: the three fake APIs on 127.0.0.1 for manual runs and the browser tests. Prints the
 * environment to point Job Monitor at them. FAKES_LATENCY_MS, FAKES_BURST_PER_SECOND, FAKES_PORT_BASE
 * and FAKES_V2_ONLY=1 tune them; the clock runs in real time.
 */
const base = Number(process.env.FAKES_PORT_BASE ?? 0)
const fakes = await startFakes({
  clock: new FakeClock(new Date(), false),
  latencyMs: Number(process.env.FAKES_LATENCY_MS ?? 0),
  burstPerSecond: Number(process.env.FAKES_BURST_PER_SECOND ?? 5),
  v2Only: process.env.FAKES_V2_ONLY === '1',
  ports: base ? { jsearch: base, activeJobs: base + 1, anthropic: base + 2 } : {},
})
// The fake "model" reads every CV the same way: a data engineer in Berlin (a scan too — it sees the pages).
fakes.anthropic.responder = () => ({
  job_titles: ['Data Engineer'],
  locations: ['Berlin'],
  work_arrangement: 'Hybrid',
  seniority: 'mid',
  skills: ['Python', 'SQL'],
  languages: ['English'],
  summary: 'Data engineer in Berlin.',
})
console.log(
  `Fake APIs on 127.0.0.1 over ${fakes.corpus.length} seeded jobs. Point Job Monitor at them with:\n`,
)
for (const [name, value] of Object.entries(fakes.env)) console.log(`${name}=${value}`)
// A control port beside the fakes: `POST /publish?title=…&city=…&count=N` posts new jobs now, so a test can
// make a daily load find something new.
const control = base ? base + 3 : 0
const controlServer = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1')
  if (req.method !== 'POST' || url.pathname !== '/publish') {
    res.writeHead(404).end()
    return
  }
  try {
    const published = publishJobs(fakes.corpus, {
      title: url.searchParams.get('title') ?? 'Data Scientist',
      city: url.searchParams.get('city') ?? 'Berlin',
      count: Number(url.searchParams.get('count') ?? 5),
      now: fakes.clock.now(),
    })
    res
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ published: published.length }))
  } catch (error) {
    res
      .writeHead(400, { 'content-type': 'application/json' })
      .end(JSON.stringify({ error: (error as Error).message }))
  }
})
await new Promise<void>((resolve) => controlServer.listen(control, '127.0.0.1', resolve))
console.log(
  `\nControl: POST http://127.0.0.1:${(controlServer.address() as AddressInfo).port}/publish?title=…&city=…&count=N`,
)
console.log('\nPress Ctrl+C to stop.')
const stop = async () => {
  controlServer.close()
  await fakes.stop()
  process.exit(0)
}
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
