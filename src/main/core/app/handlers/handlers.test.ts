import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { type Fakes, startFakes } from '../../../../../test/fakes/index'
import { describeEachDialect } from '../../../../../test/helpers/databases'
import { type TestRuntime, testEncryptor, testRuntime } from '../../../../../test/helpers/runtime'
import { loadConfig } from '../../config/config'
import { LOCAL_SETTINGS_FILE } from '../../config/local-settings'
import { call, dispatch } from '../dispatch'
import { memoryLogger } from '../logger'
import { createAppRuntime } from '../runtime'

let fakes: Fakes
beforeAll(async () => {
  fakes = await startFakes({ corpusSize: 3000 })
})
afterAll(() => fakes.stop())

const cvFile = (name: string) => ({
  fileName: name,
  dataBase64: readFileSync(join('test/fixtures/cvs', name)).toString('base64'),
})

describeEachDialect('the app’s handlers, called directly', (t) => {
  const open: TestRuntime[] = []
  afterAll(async () => {
    for (const app of open) await app.close()
  })
  async function app(options: Parameters<typeof testRuntime>[2] = {}) {
    const runtime = await testRuntime(t, fakes, options)
    open.push(runtime)
    return runtime
  }

  it('read a CV without places for review instead of refusing it, and say where places are searched', async () => {
    const a = await app()
    const read = await a.call('cv/read', cvFile('world/no-place-student.txt'))
    expect(read.profile).toMatchObject({ jobTitles: ['Frontend Developer'], locations: [] })
    expect(
      await a.call('places/check', { places: ['Seoul', 'Cambridge', 'Xyzzyville', 'Remote'] }),
    ).toMatchObject([
      { status: 'placed', country: 'KR', label: 'Seoul, South Korea' },
      { status: 'ambiguous', options: expect.arrayContaining(['Cambridge, United Kingdom']) },
      { status: 'unknown' },
      { status: 'remote' },
    ])
    // Where the person lives answers which Cambridge.
    expect(await a.call('places/check', { places: ['Cambridge'], country: 'us' })).toMatchObject([
      { status: 'placed', country: 'US' },
    ])
    // Saving still refuses a place no search could go to, whatever the screen let through.
    await expect(
      a.call('cv/import', {
        ...cvFile('world/no-place-student.txt'),
        email: 'alex@example.com',
        profile: { ...read.profile, locations: ['Xyzzyville'] },
        parser: read.parser,
      }),
    ).rejects.toThrow('We could not place "Xyzzyville" — which country? Write it as "Xyzzyville, Country"')
    expect(await a.call('profile/get')).toEqual({ user: null, cv: null })
  })

  it('take a CV to a backfilled plan and a feed, and keep job states', async () => {
    const a = await app()
    expect(await a.call('profile/get')).toEqual({ user: null, cv: null })
    await expect(a.call('plan/get')).rejects.toThrow(/Import your CV/)

    const read = await a.call('cv/read', cvFile('en-data-scientist.txt'))
    expect(read.profile.jobTitles).toContain('Senior Data Scientist')
    expect(await a.call('profile/get')).toEqual({ user: null, cv: null }) // reading stores nothing

    const imported = await a.call('cv/import', {
      ...cvFile('en-data-scientist.txt'),
      email: 'ada@example.com',
      name: 'Ada',
      profile: { ...read.profile, jobTitles: ['Data Scientist'], locations: ['Berlin', 'Hamburg'] },
      parser: read.parser,
    })
    expect(imported).toMatchObject({
      planRows: 2,
      createdRows: 2,
      newCombinations: 4,
      alreadyImported: false,
    })
    await a.ctx.backfill.idle()

    const plan = await a.call('plan/get')
    expect(plan.rows.map((r) => `${r.title} in ${r.location}`)).toEqual([
      'Data Scientist in Berlin',
      'Data Scientist in Hamburg',
    ])
    for (const row of plan.rows) {
      expect(row.sources.map((s) => [s.source, s.status, s.shared])).toEqual([
        ['jsearch', 'done', false],
        ['activejobs', 'done', false],
      ])
    }
    const progress = a.events
      .filter((e) => e.name === 'backfill/progress')
      .map((e) => e.payload as { phase: string })
    expect(progress[0]?.phase).toBe('started')
    expect(progress.at(-1)?.phase).toBe('finished')

    const feed = await a.call('feed/list', {})
    expect(feed.jobs.length).toBeGreaterThan(5)
    expect(feed.jobs.every((j) => /data scientist/i.test(j.title))).toBe(true)
    const sorted = [...feed.jobs].sort((x, y) =>
      (y.postedAt ?? y.firstSeenAt).localeCompare(x.postedAt ?? x.firstSeenAt),
    )
    expect(feed.jobs.map((j) => j.id)).toEqual(sorted.map((j) => j.id))

    const [first, second] = feed.jobs
    const detail = await a.call('jobs/get', { id: first!.id })
    expect(detail.postings.length).toBeGreaterThan(0)
    await a.call('jobs/set-state', { id: first!.id, state: 'saved' })
    await a.call('jobs/set-state', { id: second!.id, state: 'hidden' })
    const after = await a.call('feed/list', {})
    expect(after.jobs.find((j) => j.id === first!.id)?.state).toBe('saved')
    expect(after.jobs.some((j) => j.id === second!.id)).toBe(false)
    const saved = await a.call('feed/list', { states: ['saved'] })
    expect(saved.jobs.map((j) => j.id)).toEqual([first!.id])
    await expect(a.call('jobs/set-state', { id: 999_999, state: 'saved' })).rejects.toThrow(/no job 999999/)

    const visited = await a.call('feed/mark-visited')
    expect((await a.call('feed/list', { limit: 1 })).lastVisitAt).toBe(visited.visitedAt)
  })

  it('filter the feed by place, source, salary, arrangement and age, and hide the blocklist', async () => {
    const a = await app()
    await a.call('cv/import', { ...cvFile('en-data-scientist.txt'), email: 'f@example.com' })
    await a.ctx.backfill.idle()
    const all = (await a.call('feed/list', { limit: 500 })).jobs
    expect(all.length).toBeGreaterThan(10)

    const berlin = (await a.call('feed/list', { location: 'berlin', limit: 500 })).jobs
    expect(berlin.length).toBeGreaterThan(0)
    expect(berlin.every((j) => /berlin/i.test(j.location ?? ''))).toBe(true)

    const withSalary = (await a.call('feed/list', { salaryKnown: true, limit: 500 })).jobs
    expect(withSalary.every((j) => j.salaryMin !== null || j.salaryMax !== null)).toBe(true)

    const week = (await a.call('feed/list', { postedWithinDays: 7, limit: 500 })).jobs
    const weekAgo = fakes.clock.now().getTime() - 7 * 86_400_000
    expect(week.every((j) => Date.parse(j.postedAt ?? j.firstSeenAt) >= weekAgo)).toBe(true)
    expect(week.length).toBeLessThan(all.length)

    const fromJsearch = (await a.call('feed/list', { source: 'jsearch', limit: 500 })).jobs
    for (const job of fromJsearch.slice(0, 5)) {
      const detail = await a.call('jobs/get', { id: job.id })
      expect(detail.postings.some((p) => p.source === 'jsearch')).toBe(true)
    }

    const oldest = (await a.call('feed/list', { sort: 'oldest', limit: 500 })).jobs
    expect(oldest.map((j) => j.id)).toEqual(all.map((j) => j.id).reverse())

    const company = all.find((j) => j.company)!.company!
    await a.call('settings/update', { blocklist: { titles: [], companies: [company] } })
    const blocked = (await a.call('feed/list', { limit: 500 })).jobs
    expect(blocked.some((j) => j.company === company)).toBe(false)
    expect(blocked.length).toBeLessThan(all.length)
  })

  it('edit the plan and backfill what the edit made new', async () => {
    const a = await app()
    await a.call('cv/import', {
      ...cvFile('en-data-scientist.txt'),
      email: 'p@example.com',
      profile: {
        jobTitles: ['Data Scientist'],
        locations: ['Berlin'],
        country: 'de',
        workArrangement: null,
        seniority: null,
        skills: [],
        languages: [],
        summary: '',
      },
    })
    await a.ctx.backfill.idle()
    let plan = await a.call('plan/add-location', { location: 'Hamburg' })
    expect(plan.rows).toHaveLength(2)
    await a.ctx.backfill.idle()
    plan = await a.call('plan/get')
    expect(plan.rows.every((r) => r.sources.every((s) => s.status === 'done'))).toBe(true)

    const hamburg = plan.rows.find((r) => r.location === 'Hamburg')!
    plan = await a.call('plan/edit-row', { id: hamburg.id, priority: 9, active: false })
    expect(plan.rows.find((r) => r.id === hamburg.id)).toMatchObject({ priority: 9, active: false })
    plan = await a.call('plan/remove-location', { location: 'Hamburg' })
    expect(plan.rows.map((r) => r.location)).toEqual(['Berlin'])
    plan = await a.call('plan/add-title', { title: 'ML Engineer' })
    expect(plan.rows.map((r) => r.title).sort()).toEqual(['Data Scientist', 'ML Engineer'])
    plan = await a.call('plan/remove-title', { title: 'ML Engineer' })
    expect(plan.rows).toHaveLength(1)
    await expect(a.call('plan/add-title', { title: 'x' })).rejects.toThrow(
      /Invalid input for plan\/add-title: title/,
    )
    await a.ctx.backfill.idle()
  })

  it('show a second person with an overlapping plan the cells someone else paid for', async () => {
    const a = await app()
    await a.call('cv/import', { ...cvFile('en-data-scientist.txt'), email: 'one@example.com' })
    await a.ctx.backfill.idle()
    const first = await a.call('plan/get')
    const requestsBefore = fakes.jsearch.log.length

    fakes.clock.advance(60_000)
    // The second person, on the same database: another app instance switching to them.
    await a.call('profile/save', { email: 'two@example.com', name: 'Two' })
    const imported = await a.call('cv/import', {
      ...cvFile('en-data-scientist.txt'),
      dataBase64: Buffer.from(
        `${readFileSync('test/fixtures/cvs/en-data-scientist.txt', 'utf8')}\n`,
      ).toString('base64'),
    })
    expect(imported.user.email).toBe('two@example.com')
    expect(imported.newCombinations).toBe(0)
    await a.ctx.backfill.idle()
    expect(fakes.jsearch.log.length).toBe(requestsBefore)
    const second = await a.call('plan/get')
    expect(second.rows.length).toBe(first.rows.length)
    expect(second.rows.every((r) => r.sources.every((s) => s.status === 'done' && s.shared))).toBe(true)
  })

  it('run a daily load now: progress, result, new jobs and quota as events; refuse a second at once', async () => {
    const notices: Array<{ title: string; body: string }> = []
    const a = await app({ platform: { notify: (n) => notices.push(n) } })
    // No backfill first, so the last 24 hours are all new to this database.
    a.ctx.backfill.request = async () => {}
    await a.call('cv/import', { ...cvFile('en-data-scientist.txt'), email: 'd@example.com' })

    const started = await a.call('daily/run-now')
    expect(started).toEqual({ started: true, message: 'Daily load started.' })
    expect(await a.call('daily/run-now')).toMatchObject({
      started: false,
      message: 'A daily load is already running.',
    })
    expect((await a.call('schedule/get')).running).toBe(true)
    await a.ctx.daily.idle()

    const names = a.events.map((e) => e.name)
    expect(names).toContain('run/progress')
    const finished = a.events.find((e) => e.name === 'run/finished')!.payload as {
      status: string
      message: string
    }
    expect(['success', 'partial']).toContain(finished.status)
    expect(names.lastIndexOf('quota/changed')).toBeGreaterThan(names.indexOf('run/finished'))
    const runs = await a.call('runs/list', { kind: 'daily' })
    expect(runs.runs[0]).toMatchObject({ kind: 'daily', trigger: 'manual' })
    expect(runs.runs[0]!.report).toHaveProperty('uniqueCombinations')

    const newJobs = a.events
      .filter((e) => e.name === 'jobs/new')
      .map((e) => e.payload as { message: string; count: number })
    expect(newJobs).toHaveLength(1)
    expect(newJobs[0]!.count).toBeGreaterThan(0)
    expect(newJobs[0]!.message).toMatch(/^\d+ new jobs? for Senior Data Scientist in (Berlin|Munich)/)
    expect(notices).toEqual([{ title: 'Job Monitor', body: newJobs[0]!.message }])
    const quota = await a.call('quota/get-summary')
    const jsearch = quota.sources.find((s) => s.source === 'jsearch')!
    expect(jsearch.enabled).toBe(true)
    expect(jsearch.used).toBeGreaterThan(0)
    expect(jsearch.daily.reduce((n, d) => n + d.requests, 0)).toBe(jsearch.used)
  })

  it('shows what the second opinion costs before it is on, and refuses it without a Claude key', async () => {
    const a = await app()
    const before = await a.call('settings/get')
    expect(before.opinions).toEqual({ enabled: false, perDay: 5, tokensPerJob: 2100, available: false })
    await expect(a.call('settings/update', { opinions: { enabled: true, perDay: 3 } })).rejects.toThrow(
      'Add a Claude key first (Settings → Keys): the second opinion asks Claude.',
    )
    expect((await a.call('settings/get')).opinions.enabled).toBe(false)
    // Off, a smaller number is kept for later.
    expect(
      (await a.call('settings/update', { opinions: { enabled: false, perDay: 3 } })).opinions.perDay,
    ).toBe(3)
    const quota = await a.call('quota/get-summary')
    expect(quota.claude).toMatchObject({
      enabled: false,
      perDay: 3,
      opinions: 0,
      inputTokens: 0,
      outputTokens: 0,
    })
  })

  it('pause and resume the schedule with events, and say when the next run is', async () => {
    const a = await app({ env: { JOB_MONITOR_DAILY_AT: '', JOB_MONITOR_TIMEZONE: '' } })
    const before = await a.call('schedule/get')
    expect(before).toMatchObject({ time: '06:00', timezone: 'Europe/Berlin', paused: false, running: false })
    expect(Date.parse(before.nextRunAt!)).toBeGreaterThan(fakes.clock.now().getTime())
    expect(await a.call('schedule/pause')).toMatchObject({ paused: true, nextRunAt: null })
    expect(a.events.at(-1)).toMatchObject({ name: 'schedule/changed', payload: { paused: true } })
    expect(await a.call('schedule/resume')).toMatchObject({ paused: false })

    const settings = await a.call('settings/update', {
      schedule: { time: '7:30', timezone: 'America/New_York' },
    })
    expect(settings.schedule).toMatchObject({
      time: '07:30',
      timezone: 'America/New_York',
      fromEnvironment: false,
    })
    expect(await a.call('schedule/get')).toMatchObject({ time: '07:30', timezone: 'America/New_York' })
    await expect(
      a.call('settings/update', { schedule: { time: '7:30', timezone: 'Mars/Base' } }),
    ).rejects.toThrow(/"Mars\/Base" is not a time zone/)
    await expect(a.call('settings/update', { schedule: { time: '25:00', timezone: 'UTC' } })).rejects.toThrow(
      /Use a time of day such as 06:00/,
    )
  })

  it('store keys encrypted, never as text, and let the environment win', async () => {
    const a = await app({ encryptor: testEncryptor, env: { JSEARCH_API_KEY: '', ANTHROPIC_API_KEY: '' } })
    let settings = await a.call('settings/get')
    expect(settings.sources.jsearch.key).toEqual({ set: false, fromEnvironment: false })
    expect(settings.sources.activejobs.key).toEqual({ set: true, fromEnvironment: true })
    expect(settings.canStoreKeys).toBe(true)

    settings = await a.call('settings/update', { keys: { jsearch: 'my-secret-jsearch-key' } })
    expect(settings.sources.jsearch.key).toEqual({ set: true, fromEnvironment: false })
    const file = readFileSync(join(a.dataDir, LOCAL_SETTINGS_FILE), 'utf8')
    expect(file).not.toContain('my-secret-jsearch-key')
    expect(a.ctx.secrets.get('jsearch')).toBe('my-secret-jsearch-key')

    settings = await a.call('settings/update', { sourcesEnabled: { activejobs: false } })
    expect(settings.sources.activejobs.enabled).toBe(false)
    expect((await a.call('quota/get-summary')).sources.map((s) => [s.source, s.enabled])).toEqual([
      ['jsearch', true],
      ['activejobs', false],
    ])
    settings = await a.call('settings/update', { keys: { jsearch: null } })
    expect(settings.sources.jsearch.key.set).toBe(false)
  })

  it('refuse keys where they cannot be encrypted, and other bad settings, with one line each', async () => {
    const a = await app()
    await expect(a.call('settings/update', { keys: { jsearch: 'abc' } })).rejects.toThrow(
      /cannot store keys encrypted here: set JSEARCH_API_KEY/,
    )
    await expect(a.call('settings/update', { databaseUrl: 'mysql://x/y' })).rejects.toThrow(
      /scheme "mysql:" is not supported/,
    )
    await expect(a.call('settings/update', { minPriority: 11 })).rejects.toThrow(
      /Invalid input for settings\/update: minPriority/,
    )
    const saved = await a.call('settings/update', {
      minPriority: 4,
      planLimits: { jsearch: { unit: 'requests', monthlyLimit: 10000 } },
    })
    expect(saved.minPriority).toBe(4)
    expect(saved.planLimits.jsearch.monthlyLimit).toBe(10000)
    expect(saved.planLimits.activejobs.monthlyLimit).toBe(20000)
    const knobs = await a.call('settings/update', { knobs: { backfillDepthDays: 14 } })
    expect(knobs.knobs).toEqual({
      backfillDepthDays: 14,
      backfillPages: 5,
      dailyPages: 10,
      maxDelayDays: 3,
      highPriority: 8,
    })
    expect((await a.call('quota/what-if', {})).settingsNow).toMatchObject({ backfillDepthDays: 14 })
    await expect(a.call('settings/update', { knobs: { dailyPages: 0 } })).rejects.toThrow(
      /Invalid input for settings\/update: knobs\.dailyPages/,
    )
  })

  it('test a database connection without switching to it', async () => {
    const a = await app()
    const missing = await a.call('database/test-connection', { url: 'postgres://postgres@127.0.0.1:1/none' })
    expect(missing).toMatchObject({ ok: false, dialect: 'postgres' })
    expect(missing.message).toMatch(/127\.0\.0\.1:1/)
    const file = join(a.dataDir, 'other.sqlite')
    const fresh = await a.call('database/test-connection', { url: file })
    expect(fresh).toEqual({
      ok: true,
      dialect: 'sqlite',
      message: `A new database file will be created at ${file}.`,
    })
    expect(() => readFileSync(file)).toThrow() // not created
    const bad = await a.call('database/test-connection', { url: 'ftp://x' })
    expect(bad).toMatchObject({ ok: false, dialect: null })
    if (t.dialect === 'postgres') {
      const here = await a.call('database/test-connection', { url: process.env.TEST_DATABASE_URL! })
      expect(here.ok).toBe(true)
    }
  })

  it('save only a database that can be opened, so the next start cannot be stopped by a typo', async () => {
    const a = await app({ mode: 'desktop' })
    await expect(a.call('settings/update', { databaseUrl: 'not a url' })).rejects.toMatchObject({
      code: 'settings.db-unreachable',
      message: expect.stringMatching(/^Not saved: "not a url" is neither a PostgreSQL URL nor the full path/),
    })
    await expect(
      a.call('settings/update', { databaseUrl: 'postgres://postgres@127.0.0.1:1/closed' }),
    ).rejects.toMatchObject({
      code: 'settings.db-unreachable',
      message: expect.stringMatching(/^Not saved: .*127\.0\.0\.1:1/),
    })
    expect(a.ctx.local.get().databaseUrl).toBeNull()
    const file = join(a.dataDir, 'elsewhere.sqlite')
    expect((await a.call('settings/update', { databaseUrl: file })).storage.saved).toBe(file)
  })

  it('start on the local file, and say so, when the database chosen in Settings cannot be opened', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'jm-fallback-'))
    writeFileSync(
      join(dataDir, 'local-settings.json'),
      JSON.stringify({ databaseUrl: 'postgres://postgres@127.0.0.1:1/gone' }),
    )
    const runtime = await createAppRuntime({
      config: loadConfig({ JOB_MONITOR_DATA_DIR: dataDir }, dataDir),
      mode: 'desktop',
      log: memoryLogger(),
    })
    try {
      expect(runtime.ctx.handle.location).toBe(join(dataDir, 'job-monitor.sqlite'))
      const status = await call(runtime.handlers, 'system/get-status')
      expect(status.notices).toEqual([
        expect.stringMatching(
          /^The database chosen in Settings could not be opened \(.*127\.0\.0\.1:1.*\); Job Monitor runs on the file on this computer for now\. Fix or change it in Settings\.$/,
        ),
      ])
      // The choice is kept for when the server is back.
      expect(runtime.ctx.local.get().databaseUrl).toBe('postgres://postgres@127.0.0.1:1/gone')
    } finally {
      await runtime.close()
      rmSync(dataDir, { recursive: true, force: true })
    }
  })

  it('on the headless server, test or choose a SQLite file only inside the data folder', async () => {
    const a = await app({ mode: 'server' })
    for (const url of ['/etc/job-monitor.sqlite', `sqlite:${join(a.dataDir, '..', 'escape.sqlite')}`]) {
      await expect(a.call('database/test-connection', { url })).rejects.toMatchObject({
        code: 'settings.db-outside',
        message: expect.stringMatching(
          /^On the headless server a SQLite file must be inside its data folder/,
        ),
      })
      await expect(a.call('settings/update', { databaseUrl: url })).rejects.toMatchObject({
        code: 'settings.db-outside',
      })
    }
    expect(await a.call('database/test-connection', { url: join(a.dataDir, 'shared.sqlite') })).toMatchObject(
      {
        ok: true,
      },
    )
  })

  it('test keys with one cheap real call and say what is left of the plan', async () => {
    const a = await app({ keep: 'anthropic' })
    const before = fakes.jsearch.log.length
    const jsearch = await a.call('keys/test', { key: 'jsearch' })
    expect(jsearch.ok).toBe(true)
    expect(jsearch.message).toMatch(
      /^The JSearch key works: [\d,]+ of 200 requests left this month, resets \d{4}-\d\d-\d\d\.$/,
    )
    expect(jsearch.limit).toBe(200)
    expect(fakes.jsearch.log.length).toBe(before + 1)
    expect((await a.call('quota/get-summary')).sources.find((s) => s.source === 'jsearch')!.used).toBe(1)

    const activeJobs = await a.call('keys/test', { key: 'activejobs' })
    expect(activeJobs).toMatchObject({ ok: true })
    expect(activeJobs.message).toMatch(/^The Active Jobs DB key works: [\d,]+ of [\d,]+ jobs left this month/)

    const wrong = await a.call('keys/test', { key: 'jsearch', value: 'typo-key' })
    expect(wrong.ok).toBe(false)
    expect(wrong.message).toMatch(/JSearch/)
    expect(await a.call('keys/test', { key: 'anthropic' })).toMatchObject({
      ok: true,
      message: expect.stringMatching(/^The key works/),
    })
    expect(await a.call('keys/test', { key: 'anthropic', value: 'sk-wrong' })).toMatchObject({
      ok: false,
      message: 'Claude rejected the API key (check ANTHROPIC_API_KEY).',
    })
    const none = await app({ env: { JSEARCH_API_KEY: '' } })
    expect(await none.call('keys/test', { key: 'jsearch' })).toMatchObject({
      ok: false,
      message: 'No JSearch key to test: type one first.',
    })
  })

  it('count what sharing and batching saved, per day', async () => {
    const a = await app()
    a.ctx.backfill.request = async () => {}
    await a.call('cv/import', { ...cvFile('en-data-scientist.txt'), email: 's1@example.com' })
    await a.call('profile/save', { email: 's2@example.com' })
    await a.call('cv/import', { ...cvFile('en-data-scientist.txt'), email: 's2@example.com' })
    a.ctx.daily.start('manual')
    await a.ctx.daily.idle()
    const quota = await a.call('quota/get-summary')
    const rows = (await a.call('plan/get')).rows.length
    // Two people, the same plan: every combination is asked once instead of twice, from each source.
    expect(quota.callsSavedBySharing).toBe(2 * rows)
    expect(quota.callsSavedByBatching).toBeGreaterThan(0)
    const date = fakes.clock.now().toISOString().slice(0, 10)
    const js = quota.savings.find((d) => d.source === 'jsearch')!
    const aj = quota.savings.find((d) => d.source === 'activejobs')!
    // The earlier service asked each distinct combination (one person's rows here) once per source.
    expect(js).toEqual({
      date,
      source: 'jsearch',
      bySharing: rows,
      byBatching: 0,
      earlierRequests: rows,
      requests: js.requests,
    })
    expect(js.requests).toBeGreaterThan(0)
    expect(aj).toMatchObject({
      date,
      bySharing: rows,
      byBatching: quota.callsSavedByBatching,
      earlierRequests: rows,
    })
    expect(aj.requests).toBeLessThan(aj.earlierRequests)
    expect(quota.requestsVsEarlier).toEqual({ ours: js.requests + aj.requests, earlier: 2 * rows })
  })

  it('answer unknown methods, bad input, people’s mistakes and our bugs differently', async () => {
    const a = await app()
    expect(await dispatch(a.handlers, 'nope/never', {})).toMatchObject({ ok: false, error: { status: 404 } })
    expect(await dispatch(a.handlers, 'jobs/get', { id: 'x' })).toMatchObject({
      ok: false,
      error: {
        status: 400,
        code: 'contract.bad-input',
        message: expect.stringMatching(/^Invalid input for jobs\/get: id: /),
      },
    })
    expect(await dispatch(a.handlers, 'plan/get', null)).toMatchObject({
      ok: false,
      error: { status: 422, code: 'profile.none' },
    })
    const broken = {
      ...a.handlers,
      'runs/list': async () => {
        throw new TypeError('boom')
      },
    }
    expect(await dispatch(broken, 'runs/list', {}, a.log)).toMatchObject({
      ok: false,
      error: { status: 500, message: 'runs/list failed: boom. Details are in the log.' },
    })
    expect(a.log.lines.at(-1)).toMatch(/ERROR runs\/list failed\. boom/)
  })
})
