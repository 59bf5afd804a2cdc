import { afterAll, beforeAll, expect, it } from 'vitest'
import { type Fakes, startFakes } from '../../../../test/fakes/index'
import { collector, dailyWindow, grid, jsearchAgainst } from '../../../../test/helpers/sources'
import type { CallRecord } from './rapidapi-gateway'

let fakes: Fakes
beforeAll(async () => {
  fakes = await startFakes({ corpusSize: 500 })
})
afterAll(() => fakes.stop())

it('retries many calls under one run signal without a MaxListenersExceededWarning', async () => {
  const warnings: string[] = []
  const onWarning = (warning: Error) => warnings.push(`${warning.name}: ${warning.message}`)
  process.on('warning', onWarning)
  try {
    fakes.jsearch.inject({ fault: '503', times: 60 })
    const run = new AbortController()
    const calls: CallRecord[] = []
    const notices: string[] = []
    const source = jsearchAgainst(fakes, calls, { concurrency: 6, maxRetries: 4, backoffMs: 2 })
    const summary = await source.fetch(
      grid(
        ['Engineer', 'Developer', 'Data Scientist', 'Data Analyst'],
        ['Berlin', 'Hamburg', 'München', 'Köln'],
      ),
      dailyWindow(fakes),
      { maxPages: 1, signal: run.signal, onNotice: (m) => notices.push(m), ...collector() },
    )
    expect(calls.length).toBeGreaterThan(40)
    expect(
      notices.some((n) => /^JSearch answered 503 \(Internal error\); retry \d of 4 in \d+ ms\.$/.test(n)),
    ).toBe(true)
    expect(summary.calls + summary.failures.length).toBeGreaterThan(0)
    await new Promise((resolve) => setImmediate(resolve))
    expect(warnings.filter((w) => w.startsWith('MaxListenersExceededWarning'))).toEqual([])
  } finally {
    process.off('warning', onWarning)
    fakes.jsearch.clearFaults()
  }
})
