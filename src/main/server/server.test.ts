import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { request as httpRequest } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { type Fakes, startFakes } from '../../../test/fakes/index'
import { describeEachDialect } from '../../../test/helpers/databases'
import { readJson } from '../../../test/helpers/json'
import { type TestRuntime, testRuntime } from '../../../test/helpers/runtime'
import { knownMigrations } from '../core/db/migrate'
import { type RunningServer, startHeadlessServer } from './server'

const renderer = mkdtempSync(join(tmpdir(), 'jm-renderer-'))
writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>Job Monitor</title>')
writeFileSync(join(renderer, 'app.js'), 'console.log(1)')
mkdirSync(join(renderer, 'assets'))
writeFileSync(join(renderer, 'assets', 'index-W4csNPsj.js'), `console.log("${'x'.repeat(4000)}")`)
let fakes: Fakes
beforeAll(async () => {
  fakes = await startFakes({ corpusSize: 500 })
})
afterAll(async () => {
  rmSync(renderer, { recursive: true, force: true })
  await fakes.stop()
})

describeEachDialect('the headless server', (t) => {
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
      rendererDir: renderer,
      maxBodyBytes: 64 * 1024,
    })
  })
  afterAll(async () => {
    await server.close()
    await app.close()
  })

  const auth = () => ({ authorization: `Bearer ${server.token}`, 'content-type': 'application/json' })
  const post = (name: string, body: unknown, headers: Record<string, string> = auth()) =>
    fetch(`${server.origin}/api/${name}`, { method: 'POST', headers, body: JSON.stringify(body) })

  it('prints a link with a random token that sets a same-site cookie, and refuses everything without it', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{32}$/)
    const other = await startHeadlessServer({
      handlers: app.handlers,
      events: app.ctx.events,
      host: '127.0.0.1',
      port: 0,
    })
    expect(other.token).not.toBe(server.token)
    await other.close()

    const bare = await fetch(`${server.origin}/`)
    expect(bare.status).toBe(401)
    expect(await bare.text()).toMatch(/open the link that `job-monitor serve` printed/)
    const api = await post('system/get-status', null, { 'content-type': 'application/json' })
    expect(api.status).toBe(401)
    expect((await readJson(api)).error.code).toBe('auth.token')
    const wrong = await post('system/get-status', null, { ...auth(), authorization: 'Bearer nope' })
    expect(wrong.status).toBe(401)
    expect((await fetch(`${server.origin}/?token=nope`)).status).toBe(401)

    const landing = await fetch(server.url, { redirect: 'manual' })
    expect(landing.status).toBe(303)
    expect(landing.headers.get('location')).toBe('/')
    const cookie = landing.headers.get('set-cookie')!
    expect(cookie).toMatch(/HttpOnly/)
    expect(cookie).toMatch(/SameSite=Strict/)
    const page = await fetch(`${server.origin}/`, { headers: { cookie: cookie.split(';')[0]! } })
    expect(page.status).toBe(200)
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'")
    expect(await page.text()).toContain('<title>Job Monitor</title>')
    const viaCookie = await post('system/get-status', null, {
      'content-type': 'application/json',
      cookie: cookie.split(';')[0]!,
    })
    expect(viaCookie.status).toBe(200)

    // The link worked once: opened again (from a history, a log, a screenshot) it is refused.
    const again = await fetch(server.url, { redirect: 'manual' })
    expect(again.status).toBe(401)
    expect(await again.text()).toMatch(/This link was used already/)
    // A new one can be asked for, by whoever has access.
    const fresh = await fetch(`${server.origin}/auth/link`, { method: 'POST', headers: auth() })
    const { url } = await readJson(fresh)
    expect(url).not.toBe(server.url)
    expect((await fetch(url, { redirect: 'manual' })).status).toBe(303)
    // No line of the log holds a code or the token.
    const code = new URL(server.url).searchParams.get('token')!
    expect(app.log.lines.join('\n')).not.toContain(code)
    expect(app.log.lines.join('\n')).not.toContain(server.token)
  })

  it('refuses calls from another origin or site, even with the session cookie', async () => {
    const landing = await fetch(server.newLink(), { redirect: 'manual' })
    const cookie = landing.headers.get('set-cookie')!.split(';')[0]!
    const call = (headers: Record<string, string>) =>
      fetch(`${server.origin}/api/system/get-status`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie, ...headers },
        body: 'null',
      })
    // A page on another port of 127.0.0.1 is "same-site": SameSite alone would let it in.
    const otherPort = await call({ origin: 'http://127.0.0.1:1', 'sec-fetch-site': 'same-site' })
    expect(otherPort.status).toBe(403)
    expect((await readJson(otherPort)).error.code).toBe('auth.origin')
    expect((await call({ origin: 'https://evil.example' })).status).toBe(403)
    expect((await call({ 'sec-fetch-site': 'cross-site' })).status).toBe(403)
    expect((await call({ origin: server.origin, 'sec-fetch-site': 'same-origin' })).status).toBe(200)
    expect((await call({})).status).toBe(200)
  })

  it('answers junk in a bounded way: 400 for a broken escape, no `//` redirect, 413 before closing', async () => {
    expect((await fetch(`${server.origin}/%E0%A4%A`, { headers: auth() })).status).toBe(400)
    const code = new URL(server.newLink()).searchParams.get('token')
    const redirect = await fetch(`${server.origin}//evil.example/?token=${code}`, { redirect: 'manual' })
    expect(redirect.status).toBe(303)
    expect(redirect.headers.get('location')).toMatch(/^\/(?![/\\])/)

    // A body that grows past the limit without saying its length: the 413 arrives, then the socket closes.
    const answer = await new Promise<{ status: number; connection: string | undefined }>(
      (resolve, reject) => {
        const req = httpRequest(
          `${server.origin}/api/cv/read`,
          { method: 'POST', headers: auth() },
          (res) => {
            res.resume()
            resolve({ status: res.statusCode!, connection: res.headers.connection })
          },
        )
        req.on('error', reject)
        const chunk = 'x'.repeat(16 * 1024)
        for (let i = 0; i < 8; i++) req.write(chunk)
        req.end()
      },
    )
    expect(answer).toEqual({ status: 413, connection: 'close' })
    const refused = await fetch(`${server.origin}/api/system/get-status`, { method: 'POST' })
    expect(refused.status).toBe(401)
    expect(refused.headers.get('connection')).toBe('close')
    // Refusals are logged in one line each, without a stack.
    expect(app.log.lines.filter((l) => l.startsWith('INFO Refused')).length).toBeGreaterThan(2)
    expect(app.log.lines.some((l) => /^ERROR .*(auth|http)\./.test(l))).toBe(false)
  })

  it('caps event streams and drops a request that does not arrive in time', async () => {
    const small = await startHeadlessServer({
      handlers: app.handlers,
      events: app.ctx.events,
      host: '127.0.0.1',
      port: 0,
      token: 'a-token-for-the-bounded-server',
      maxEventStreams: 2,
      requestTimeoutMs: 500,
    })
    const controllers = [new AbortController(), new AbortController()]
    try {
      const headers = { authorization: 'Bearer a-token-for-the-bounded-server' }
      for (const c of controllers) {
        const open = await fetch(`${small.origin}/api/events`, { headers, signal: c.signal })
        expect(open.status).toBe(200)
      }
      const third = await fetch(`${small.origin}/api/events`, { headers })
      expect(third.status).toBe(503)
      expect((await readJson(third)).error.message).toMatch(/Too many open event streams/)
      // Half a request, then nothing: the server hangs up within about a second.
      const { connect } = await import('node:net')
      const started = Date.now()
      await new Promise<void>((resolve, reject) => {
        const socket = connect(Number(new URL(small.origin).port), '127.0.0.1', () =>
          socket.write('POST /api/system/get-status HTTP/1.1\r\nHost: 127.0.0.1\r\n'),
        )
        socket.on('close', () => resolve())
        socket.on('error', reject)
        socket.resume()
        setTimeout(() => reject(new Error('still open after 5 s')), 5_000)
      })
      expect(Date.now() - started).toBeLessThan(4_000)
      expect(small.server.maxConnections).toBe(64)
    } finally {
      for (const c of controllers) c.abort()
      await small.close()
    }
  })

  it('opened to the network, answers only to its names and sets a Secure cookie behind HTTPS', async () => {
    // 127.0.0.2 is this machine too, but not a loopback *name*: the server treats it as network-facing.
    const remote = await startHeadlessServer({
      handlers: app.handlers,
      events: app.ctx.events,
      host: '127.0.0.2',
      port: 0,
      publicHosts: ['jobs.example.org'],
    })
    try {
      const send = (host: string, path: string, headers: Record<string, string> = {}) =>
        new Promise<{ status: number; cookie: string | undefined }>((resolve, reject) => {
          const req = httpRequest(`${remote.origin}${path}`, { headers: { host, ...headers } }, (res) => {
            res.resume()
            resolve({ status: res.statusCode!, cookie: res.headers['set-cookie']?.[0] })
          })
          req.on('error', reject)
          req.end()
        })
      expect((await send('evil.example', '/')).status).toBe(403)
      const code = new URL(remote.newLink()).searchParams.get('token')
      const behindProxy = await send('jobs.example.org', `/?token=${code}`, { 'x-forwarded-proto': 'https' })
      expect(behindProxy.status).toBe(303)
      expect(behindProxy.cookie).toMatch(/; Secure/)
    } finally {
      await remote.close()
    }
  })

  it('serves built assets compressed, with an ETag, cached for good; the page itself revalidated', async () => {
    const landing = await fetch(server.newLink(), { redirect: 'manual' })
    const cookie = landing.headers.get('set-cookie')!.split(';')[0]!
    const get = (path: string, headers: Record<string, string> = {}) =>
      new Promise<{ status: number; headers: Record<string, unknown>; bytes: number }>((resolve, reject) => {
        const req = httpRequest(`${server.origin}${path}`, { headers: { cookie, ...headers } }, (res) => {
          let bytes = 0
          res.on('data', (c: Buffer) => {
            bytes += c.length
          })
          res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, bytes }))
        })
        req.on('error', reject)
        req.end()
      })
    const asset = await get('/assets/index-W4csNPsj.js', { 'accept-encoding': 'gzip, br' })
    expect(asset.status).toBe(200)
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable')
    expect(asset.headers['content-encoding']).toBe('gzip')
    expect(asset.bytes).toBeLessThan(1000)
    const again = await get('/assets/index-W4csNPsj.js', { 'if-none-match': String(asset.headers.etag) })
    expect(again.status).toBe(304)
    const index = await get('/')
    expect(index.headers['cache-control']).toBe('no-cache')
    expect(index.headers.etag).toMatch(/^"[\w-]+"$/)
    expect(index.headers['content-encoding']).toBeUndefined()
  })

  it('refuses a Host header that is not the loopback (DNS rebinding)', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(
        `${server.origin}/api/system/get-status`,
        { method: 'POST', headers: { ...auth(), host: 'evil.example:80' } },
        (res) => {
          res.resume()
          resolve(res.statusCode!)
        },
      )
      req.on('error', reject)
      req.end('null')
    })
    expect(status).toBe(403)
  })

  it('serves the contract over POST /api/<method>', async () => {
    const response = await post('system/get-status', null)
    expect(response.status).toBe(200)
    const { result } = await readJson(response)
    expect(result).toMatchObject({
      mode: 'server',
      database: { dialect: t.dialect, migrations: knownMigrations().length, pending: 0 },
    })
    const profile = await post('profile/save', { email: 'web@example.com', name: 'Web' })
    expect((await readJson(profile)).result.user).toMatchObject({ email: 'web@example.com', name: 'Web' })
  })

  it('answers bad requests with a JSON error and the right status, never a crash', async () => {
    const cases: Array<[Promise<Response>, number, RegExp]> = [
      [post('nothing/here', null), 404, /Unknown method "nothing\/here"/],
      [fetch(`${server.origin}/api/system/get-status`, { headers: auth() }), 405, /Use POST/],
      [post('jobs/get', { id: 'seven' }), 400, /^Invalid input for jobs\/get: id: /],
      [post('profile/save', { email: 'not an email' }), 422, /is not an email address/],
      [
        fetch(`${server.origin}/api/system/get-status`, { method: 'POST', headers: auth(), body: '{"a":' }),
        400,
        /not valid JSON/,
      ],
      [
        fetch(`${server.origin}/api/system/get-status`, {
          method: 'POST',
          headers: { authorization: `Bearer ${server.token}`, 'content-type': 'text/plain' },
          body: 'null',
        }),
        415,
        /Send the input as JSON/,
      ],
      [post('cv/read', { fileName: 'big.pdf', dataBase64: 'A'.repeat(100_000) }), 413, /larger than/],
    ]
    for (const [response, status, message] of cases) {
      const answer = await response
      expect(answer.status).toBe(status)
      expect(answer.headers.get('content-type')).toContain('application/json')
      expect((await readJson(answer)).error.message).toMatch(message)
    }
    // Still serving after all of that.
    expect((await post('system/get-status', null)).status).toBe(200)
  })

  it('turns a handler’s bug into a 500 the UI can show, logged with its stack', async () => {
    const broken = await startHeadlessServer({
      handlers: { ...app.handlers, 'runs/list': () => Promise.reject(new RangeError('index out of range')) },
      events: app.ctx.events,
      log: app.log,
      host: '127.0.0.1',
      port: 0,
      token: 'a-fixed-token-for-this-test',
    })
    try {
      const response = await fetch(`${broken.origin}/api/runs/list`, {
        method: 'POST',
        headers: { authorization: 'Bearer a-fixed-token-for-this-test', 'content-type': 'application/json' },
        body: '{}',
      })
      expect(response.status).toBe(500)
      expect(await readJson(response)).toEqual({
        error: { message: 'runs/list failed: index out of range. Details are in the log.', code: 'internal' },
      })
      expect(app.log.lines.at(-1)).toMatch(/^ERROR runs\/list failed\. index out of range/)
    } finally {
      await broken.close()
    }
  })

  it('streams events as server-sent events and drops the subscription when the browser goes away', async () => {
    const listenersBefore = app.ctx.events.size
    const controller = new AbortController()
    const response = await fetch(`${server.origin}/api/events`, {
      headers: auth(),
      signal: controller.signal,
    })
    expect(response.headers.get('content-type')).toContain('text/event-stream')
    const reader = response.body!.getReader()
    let text = ''
    const until = async (pattern: RegExp) => {
      while (!pattern.test(text)) text += new TextDecoder().decode((await reader.read()).value)
    }
    await until(/: connected/)
    expect(app.ctx.events.size).toBe(listenersBefore + 1)
    await post('schedule/pause', null)
    await until(/event: schedule\/changed\ndata: (.+)\n\n/)
    const data = JSON.parse(/event: schedule\/changed\ndata: (.+)\n\n/.exec(text)![1]!)
    expect(data).toMatchObject({ paused: true, nextRunAt: null })
    await post('schedule/resume', null)

    controller.abort()
    await expect.poll(() => app.ctx.events.size).toBe(listenersBefore)
  })

  it('imports a CV sent as base64 JSON, as the UI does', async () => {
    const dataBase64 = readFileSync('test/fixtures/cvs/en-data-scientist.txt').toString('base64')
    const big = await startHeadlessServer({
      handlers: app.handlers,
      events: app.ctx.events,
      host: '127.0.0.1',
      port: 0,
    })
    try {
      const response = await fetch(`${big.origin}/api/cv/import`, {
        method: 'POST',
        headers: { authorization: `Bearer ${big.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ fileName: 'cv.txt', dataBase64, email: 'http@example.com' }),
      })
      expect(response.status).toBe(200)
      const { result } = await readJson(response)
      expect(result).toMatchObject({ user: { email: 'http@example.com' }, alreadyImported: false })
      expect(result.createdRows).toBeGreaterThan(0)
      expect(result.createdRows).toBe(result.planRows)
      await app.ctx.backfill.idle()
    } finally {
      await big.close()
    }
  })
})
