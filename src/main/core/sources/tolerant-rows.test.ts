import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Fakes, startFakes } from '../../../../test/fakes/index'
import {
  activeJobsAgainst,
  backfillWindow,
  collector,
  combo,
  jsearchAgainst,
  sum,
} from '../../../../test/helpers/sources'
import type { CallRecord } from './rapidapi-gateway'
import { endpointUrl } from './rapidapi-gateway'

let fakes: Fakes
beforeAll(async () => {
  fakes = await startFakes({ corpusSize: 3000 })
})
afterAll(() => fakes.stop())

describe('one bad row in an answer', () => {
  it('JSearch: is skipped with its id and field named; the rest of the billed page is stored', async () => {
    fakes.jsearch.rewrite = (_path, body) => {
      const b = body as { data: Array<Record<string, unknown>> }
      if (b.data[0]) b.data[0] = { ...b.data[0], job_title: null }
      return b
    }
    try {
      const calls: CallRecord[] = []
      const notices: string[] = []
      const { pages, onPage } = collector()
      const summary = await jsearchAgainst(fakes, calls).fetch(
        [combo('Engineer', 'Berlin')],
        backfillWindow(fakes),
        {
          maxPages: 1,
          onPage,
          onNotice: (m) => notices.push(m),
        },
      )
      expect(summary.failures.map((f) => f.error.message)).toEqual([])
      expect(notices).toHaveLength(1)
      expect(notices[0]).toMatch(
        /^Skipped JSearch job \S+ \(job_title: .+\); the rest of the page was stored\.$/,
      )
      expect(sum(pages, (p) => p.items.length)).toBeGreaterThan(0)
      expect(calls.every((c) => c.error === null)).toBe(true)
    } finally {
      fakes.jsearch.rewrite = undefined
    }
  })

  it('Active Jobs DB: is skipped, still counted as billed, and the rest is stored', async () => {
    fakes.activeJobs.rewrite = (_path, body) => {
      const rows = body as Array<Record<string, unknown>>
      if (rows[0]) rows[0] = { ...rows[0], title: 42 }
      return rows
    }
    try {
      const calls: CallRecord[] = []
      const notices: string[] = []
      const { pages, onPage } = collector()
      await activeJobsAgainst(fakes, calls).fetch([combo('Engineer', 'Berlin')], backfillWindow(fakes), {
        maxPages: 1,
        onPage,
        onNotice: (m) => notices.push(m),
      })
      expect(notices[0]).toMatch(
        /^Skipped Active Jobs DB job \d+ \(title: .+\); the rest of the page was stored\.$/,
      )
      const stored = sum(pages, (p) => p.items.length + p.droppedOutsideWindow)
      expect(sum(calls, (c) => c.billedJobs)).toBe(stored + 1)
      expect(sum(pages, (p) => p.billedJobs)).toBe(stored + 1)
    } finally {
      fakes.activeJobs.rewrite = undefined
    }
  })
})

describe('a base URL', () => {
  it.each([
    ['https://gw.example/jsearch', 'https://gw.example/jsearch/search'],
    ['https://gw.example/jsearch/', 'https://gw.example/jsearch/search'],
    ['https://gw.example', 'https://gw.example/search'],
    ['https://gw.example/', 'https://gw.example/search'],
    ['http://127.0.0.1:4010/a/b', 'http://127.0.0.1:4010/a/b/search'],
  ])('%s keeps its path: %s', (base, expected) => {
    expect(endpointUrl(base, '/search').href).toBe(expected)
  })
})
