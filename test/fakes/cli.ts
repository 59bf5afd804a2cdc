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
console.log(
  `Fake APIs on 127.0.0.1 over ${fakes.corpus.length} seeded jobs. Point Job Monitor at them with:\n`,
)
for (const [name, value] of Object.entries(fakes.env)) console.log(`${name}=${value}`)
console.log('\nPress Ctrl+C to stop.')
const stop = async () => {
  await fakes.stop()
  process.exit(0)
}
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
