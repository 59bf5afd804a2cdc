import { DOMParser } from '@xmldom/xmldom'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { type Fakes, startFakes } from '../../../test/fakes/index'
import { describeEachDialect } from '../../../test/helpers/databases'
import { makeJob } from '../../../test/helpers/jobs'
import { type TestRuntime, testRuntime } from '../../../test/helpers/runtime'
import { FEED_ENTRIES, privateFeed } from '../core/app/private-feed'
import { combinationKey } from '../core/normalize/combination-key'
import { upsertJobs } from '../core/repos/jobs-repo'
import { addQueries } from '../core/repos/queries-repo'
import { upsertUser } from '../core/repos/users-repo'
import { type RunningServer, startHeadlessServer } from './server'

let fakes: Fakes
beforeAll(async () => {
  fakes = await startFakes({ corpusSize: 50 })
})
afterAll(() => fakes.stop())

/** Titles a job board could send: markup, entities, a CDATA end, control characters, a lone surrogate. */
const HOSTILE = [
  'Engineer <script>alert(1)</script> & "friends"',
  'Data ]]> Engineer &amp; &#x41; &nbsp;',
  `Bell\u0007 and form\u000C feed \uD800 lone, café 東京 🚀`,
]

/** An Atom document parsed strictly: any well-formedness error fails the test. */
function parseAtom(xml: string): Document {
  const errors: string[] = []
  const doc = new DOMParser({
    errorHandler: {
      error: (message: string) => errors.push(`error: ${message}`),
      fatalError: (message: string) => errors.push(`fatal: ${message}`),
    },
  }).parseFromString(xml, 'application/xml') as unknown as Document
  expect(errors).toEqual([])
  return doc
}

const text = (el: Element, name: string) => el.getElementsByTagName(name)[0]?.textContent ?? null

describeEachDialect('the private feed', (t) => {
  let app: TestRuntime
  let server: RunningServer
  beforeAll(async () => {
    app = await testRuntime(t, fakes)
    server = await startHeadlessServer({
      handlers: app.handlers,
      events: app.ctx.events,
      log: app.log,
      host: '127.0.0.1',
      port: 0,
      privateFeed: (token, self) => privateFeed(app.ctx, app.handlers, token, self),
    })
    const { db } = app.ctx.handle
    const clock = fakes.clock.now
    const ada = await upsertUser(db, { email: 'ada@example.com', name: 'Ada' }, clock)
    await addQueries(db, ada.id, [{ title: 'Data Engineer', location: 'Berlin' }], clock)
    app.ctx.local.update({ userEmail: 'ada@example.com' })
    await upsertJobs(
      db,
      [
        ...Array.from({ length: 60 }, (_, i) =>
          makeJob({
            sourceJobId: `plain-${i}`,
            title: `Data Engineer ${i}`,
            applyUrl: `https://jobs.example.org/${i}`,
            postedAt: new Date(clock().getTime() - (i + 10) * 3_600_000).toISOString(),
          }),
        ),
        ...HOSTILE.map((title, i) =>
          makeJob({
            sourceJobId: `hostile-${i}`,
            title,
            company: i === 0 ? null : 'Mallory <GmbH>',
            applyUrl: i === 1 ? 'javascript:alert(1)' : `https://jobs.example.org/hostile-${i}?a=1&b=2`,
            postedAt: new Date(clock().getTime() - i * 3_600_000).toISOString(),
          }),
        ),
      ].map((job) => ({ job, matches: [combinationKey('Data Engineer', 'Berlin')] })),
      clock,
    )
  })
  afterAll(async () => {
    await server.close()
    await app.close()
  })

  it('serves the person’s newest jobs as well-formed Atom, hostile titles as text, without a session', async () => {
    expect(await app.call('feeds/get')).toEqual({ address: null })
    const made = await app.call('feeds/create')
    expect(made.path).toMatch(/^\/feeds\/[\w-]{43}\.atom$/)
    const url = `${server.origin}${made.path}`
    const response = await fetch(url)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8')
    const doc = parseAtom(await response.text())
    const feed = doc.documentElement
    expect(feed.namespaceURI).toBe('http://www.w3.org/2005/Atom')
    expect(text(feed, 'title')).toBe('Job Monitor — new jobs for Ada')
    expect(feed.getElementsByTagName('link')[0]!.getAttribute('href')).toBe(url)

    const entries = Array.from(doc.getElementsByTagName('entry'))
    const listed = (await app.call('feed/list', { limit: FEED_ENTRIES })).jobs
    expect(entries).toHaveLength(FEED_ENTRIES)
    // The same jobs in the same order as the feed, each title as the text it was (what XML cannot carry dropped).
    expect(entries.map((e) => text(e, 'id'))).toEqual(listed.map((j) => `urn:job-monitor:job:${j.id}`))
    // (The database already turned the lone surrogate into U+FFFD; the controls reach the feed and are dropped.)
    expect(listed[2]!.title).toContain('\u0007')
    expect(entries.slice(0, 3).map((e) => text(e, 'title'))).toEqual([
      HOSTILE[0],
      `${HOSTILE[1]} — Mallory <GmbH>`,
      `${listed[2]!.title.replace(/[\u0007\u000C]/g, '')} — Mallory <GmbH>`,
    ])
    // Links only to the web: the javascript: one has none; a query keeps its &.
    const links = entries
      .slice(0, 3)
      .map((e) => e.getElementsByTagName('link')[0]?.getAttribute('href') ?? null)
    expect(links).toEqual([
      'https://jobs.example.org/hostile-0?a=1&b=2',
      null,
      'https://jobs.example.org/hostile-2?a=1&b=2',
    ])
    expect(text(entries[3]!, 'summary')).toMatch(/^Berlin, Germany · Hybrid/)

    // A reader polling an unchanged feed gets 304.
    const again = await fetch(url, { headers: { 'if-none-match': response.headers.get('etag')! } })
    expect(again.status).toBe(304)
    expect(await app.call('feeds/get')).toMatchObject({ address: { lastUsedAt: expect.any(String) } })
    // The address does not open the app: the API still needs a session.
    const api = await fetch(`${server.origin}/api/profile/get`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    })
    expect(api.status).toBe(401)
  })

  it('revokes: a new address ends the old one, Revoke ends both, and the log never holds a token', async () => {
    const first = await app.call('feeds/create')
    const second = await app.call('feeds/create')
    const gone = await fetch(`${server.origin}${first.path}`)
    expect(gone.status).toBe(404)
    expect(await gone.json()).toMatchObject({
      error: {
        message: 'This feed address was revoked or never existed: make a new one in Settings → Private feed.',
      },
    })
    expect((await fetch(`${server.origin}${second.path}`)).status).toBe(200)
    expect(await app.call('feeds/revoke')).toEqual({ revoked: true })
    expect((await fetch(`${server.origin}${second.path}`)).status).toBe(404)
    expect(await app.call('feeds/revoke')).toEqual({ revoked: false })
    expect(await app.call('feeds/get')).toEqual({ address: null })
    // Guessing: a made-up token, a too short one, a path with more in it.
    for (const path of ['/feeds/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.atom', '/feeds/x.atom'])
      expect((await fetch(`${server.origin}${path}`)).status).toBe(404)
    expect((await fetch(`${server.origin}${second.path}`, { method: 'POST' })).status).toBe(405)
    const token = second.path.slice('/feeds/'.length, -'.atom'.length)
    expect(app.log.lines.join('\n')).not.toContain(token)
    expect(app.log.lines.some((l) => l.includes('/feeds/…'))).toBe(true)
    // Only a hash is stored.
    const stored = await app.ctx.handle.db.selectFrom('feed_tokens').select('token_hash').execute()
    expect(stored.map((r) => r.token_hash).join()).not.toContain(token)
  })
})
