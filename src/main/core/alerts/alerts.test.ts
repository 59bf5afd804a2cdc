import type { Kysely } from 'kysely'
import { afterEach, describe, expect, it } from 'vitest'
import { closedPort, httpReceiver, smtpReceiver } from '../../../../test/helpers/alert-receivers'
import { DATA_ENGINEER, storeProfile } from '../../../../test/helpers/cv-profile'
import { describeEachDialect } from '../../../../test/helpers/databases'
import { makeJob, testClock } from '../../../../test/helpers/jobs'
import type { Database } from '../db/schema'
import { combinationKey } from '../normalize/combination-key'
import { upsertJobs } from '../repos/jobs-repo'
import { addQueries } from '../repos/queries-repo'
import { upsertUser } from '../repos/users-repo'
import { type AlertDeps, queueAlerts, sendDue, sendTest } from './deliver'
import type { AlertPayload } from './payload'
import { quietUntil } from './quiet-hours'
import { saveAlertSettings } from './settings'

const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!()
})

async function receivers() {
  const http = await httpReceiver()
  const smtp = await smtpReceiver()
  cleanups.push(http.close, smtp.close)
  return { http, smtp }
}

const combo = combinationKey('Data Engineer', 'Berlin')

/** A person with the data engineer's CV and three new jobs: one that fits well, one less, one hardly. */
async function seed(db: Kysely<Database>, clock = testClock('2026-11-28T06:00:00.000Z')) {
  const user = await upsertUser(db, { email: 'ada@example.org' }, clock)
  await addQueries(db, user.id, [{ title: 'Data Engineer', location: 'Berlin' }], clock)
  await storeProfile(db, user.id, DATA_ENGINEER, '2026-11-27T06:00:00.000Z')
  const jobs = [
    {
      title: 'Senior Data Engineer',
      company: 'Zalando',
      description: 'Python, Spark and Airflow; hybrid in Berlin.',
      workArrangement: 'Hybrid' as const,
    },
    { title: 'Data Engineer', company: 'Adyen', description: 'SQL and dashboards.' },
    { title: 'Data Entry Clerk', company: 'Spedition Nord', description: 'Typing invoices. <b>&</b>' },
  ]
  const outcomes = await upsertJobs(
    db,
    jobs.map((j, i) => ({
      job: makeJob({
        ...j,
        location: 'Berlin, Germany',
        sourceJobId: `a${i}`,
        applyUrl: `https://jobs.example.org/${i}?ref=alert`,
        postedAt: `2026-11-2${7 - i}T08:00:00.000Z`,
      }),
      matches: [combo],
    })),
    clock,
  )
  return { userId: user.id, jobIds: outcomes.map((o) => o.jobId), clock }
}

function deps(db: Kysely<Database>, clock: ReturnType<typeof testClock>, smtpUrl?: string): AlertDeps {
  return {
    db,
    clock,
    timezone: 'Europe/Berlin',
    machine: { smtpUrl, env: {} },
    retry: { retries: 2, minTimeoutMs: 5 },
    timeoutMs: 5000,
  }
}

describe('quiet hours', () => {
  it('end the same morning, the next morning, or not at all, on the wall clock of the time zone', () => {
    const berlin = 'Europe/Berlin'
    // 23:30 in Berlin (winter, UTC+1): quiet until 07:00 tomorrow.
    expect(quietUntil(new Date('2026-12-01T22:30:00Z'), '22:00', '07:00', berlin)?.toISOString()).toBe(
      '2026-12-02T06:00:00.000Z',
    )
    // 06:00 in Berlin: quiet until 07:00 today.
    expect(quietUntil(new Date('2026-12-02T05:00:00Z'), '22:00', '07:00', berlin)?.toISOString()).toBe(
      '2026-12-02T06:00:00.000Z',
    )
    // 07:00 on the dot and the afternoon are not quiet.
    expect(quietUntil(new Date('2026-12-02T06:00:00Z'), '22:00', '07:00', berlin)).toBeUndefined()
    expect(quietUntil(new Date('2026-12-02T14:00:00Z'), '22:00', '07:00', berlin)).toBeUndefined()
    // Within one day: 12:00–14:00.
    expect(quietUntil(new Date('2026-12-02T12:30:00Z'), '12:00', '14:00', berlin)?.toISOString()).toBe(
      '2026-12-02T13:00:00.000Z',
    )
    // The night the clocks go back (25 October 2026, 03:00 CEST → 02:00 CET): 07:00 is UTC+1 again.
    expect(quietUntil(new Date('2026-10-24T21:30:00Z'), '22:00', '07:00', berlin)?.toISOString()).toBe(
      '2026-10-25T06:00:00.000Z',
    )
  })
})

describeEachDialect('alerts after a load', (t) => {
  it('sends one alert per load and channel: JSON to the webhook, a push to ntfy, one mail with HTML and text', async () => {
    const { db } = await t.fresh()
    const { http, smtp } = await receivers()
    const { userId, jobIds, clock } = await seed(db)
    await saveAlertSettings(
      db,
      userId,
      {
        webhookUrl: http.url('/hooks/jobs'),
        ntfyUrl: http.url('/my-job-alerts'),
        digestTo: 'ada@example.org',
      },
      clock,
    )
    expect(await queueAlerts(deps(db, clock, smtp.url), { userId, runId: null, jobIds })).toBe(3)
    expect(await sendDue(deps(db, clock, smtp.url))).toEqual({ sent: 3, failed: 0 })

    const webhook = http.received.find((r) => r.path === '/hooks/jobs')!
    expect(webhook.headers['content-type']).toBe('application/json')
    const payload = JSON.parse(webhook.body) as AlertPayload
    expect(payload.person.email).toBe('ada@example.org')
    expect(payload.jobs.map((j) => j.title)).toEqual([
      'Senior Data Engineer',
      'Data Engineer',
      'Data Entry Clerk',
    ])
    expect(payload.jobs[0]).toMatchObject({
      company: 'Zalando',
      place: 'Berlin, Germany',
      link: 'https://jobs.example.org/0?ref=alert',
    })
    expect(payload.jobs[0]!.fit).toBeGreaterThan(payload.jobs[2]!.fit!)

    const push = http.received.find((r) => r.path === '/my-job-alerts')!
    expect(push.headers.title).toBe('3 new jobs for you')
    expect(push.headers.click).toBe('https://jobs.example.org/0?ref=alert')
    expect(push.headers.tags).toBe('briefcase')
    expect(push.body.split('\n')[0]).toMatch(/^Senior Data Engineer · Zalando · Berlin, Germany · fit \d+$/)

    expect(smtp.mails).toHaveLength(1)
    const mail = smtp.mails[0]!
    expect(mail.to && 'text' in mail.to ? mail.to.text : '').toBe('ada@example.org')
    expect(mail.from?.text).toBe('"Job Monitor" <alerts@example.org>')
    expect(mail.subject).toBe('3 new jobs for you: Senior Data Engineer at Zalando and more')
    expect(mail.text).toContain('https://jobs.example.org/0?ref=alert')
    // The HTML part links each job and escapes what the jobs say.
    expect(mail.html).toContain('<a href="https://jobs.example.org/0?ref=alert">Senior Data Engineer</a>')
    expect(mail.html).toContain('Spedition Nord')
    expect(mail.html).not.toContain('<b>&</b>')

    // Sent is sent: the next load sends nothing again.
    expect(await sendDue(deps(db, clock, smtp.url))).toEqual({ sent: 0, failed: 0 })
    expect(http.received).toHaveLength(2)
  })

  it('leaves out jobs under the threshold and sends nothing when none is left', async () => {
    const { db } = await t.fresh()
    const { http } = await receivers()
    const { userId, jobIds, clock } = await seed(db)
    await saveAlertSettings(db, userId, { webhookUrl: http.url('/hook'), minFit: 60 }, clock)
    await queueAlerts(deps(db, clock), { userId, runId: null, jobIds })
    await sendDue(deps(db, clock))
    const payload = JSON.parse(http.received[0]!.body) as AlertPayload
    expect(payload.minFit).toBe(60)
    expect(payload.jobs.every((j) => (j.fit ?? 0) >= 60)).toBe(true)
    expect(payload.jobs.map((j) => j.title)).not.toContain('Data Entry Clerk')

    await saveAlertSettings(db, userId, { minFit: 100 }, clock)
    expect(await queueAlerts(deps(db, clock), { userId, runId: null, jobIds })).toBe(0)
  })

  it('records a failed delivery and sends it with the next load, once; other channels are not held up', async () => {
    const { db } = await t.fresh()
    const { http, smtp } = await receivers()
    const { userId, jobIds, clock } = await seed(db)
    const gone = await closedPort()
    await saveAlertSettings(
      db,
      userId,
      {
        webhookUrl: http.url('/hook'),
        ntfyUrl: `http://127.0.0.1:${gone}/topic`,
        digestTo: 'ada@example.org',
      },
      clock,
    )
    // The webhook answers 500 three times: every retry of this load fails.
    http.failNext(3)
    await queueAlerts(deps(db, clock, smtp.url), { userId, runId: null, jobIds })
    const first = await sendDue(deps(db, clock, smtp.url))
    expect(first).toMatchObject({ sent: 1, failed: 2 })
    expect(smtp.mails).toHaveLength(1)
    const failed = await db
      .selectFrom('alert_deliveries')
      .select(['channel', 'status', 'attempts', 'last_error'])
      .where('status', '=', 'failed')
      .orderBy('channel')
      .execute()
    expect(failed.map((f) => [f.channel, f.attempts])).toEqual([
      ['ntfy', 1],
      ['webhook', 1],
    ])
    expect(failed.find((f) => f.channel === 'webhook')?.last_error).toBe(
      `127.0.0.1:${new URL(http.url()).port} answered HTTP 500: receiver is down`,
    )

    // The next load: the webhook is back, ntfy still gone.
    clock.advance(86_400_000)
    expect(await sendDue(deps(db, clock, smtp.url))).toMatchObject({ sent: 1, failed: 1 })
    const delivered = http.received.filter((r) => r.path === '/hook')
    expect(delivered).toHaveLength(4)
    expect(JSON.parse(delivered[3]!.body).jobs).toHaveLength(3)
    expect(smtp.mails).toHaveLength(1)
    // Sent once: a third load sends the webhook nothing more.
    await sendDue(deps(db, clock, smtp.url))
    expect(http.received.filter((r) => r.path === '/hook')).toHaveLength(4)
  })

  it('holds alerts in quiet hours and sends them when they end', async () => {
    const { db } = await t.fresh()
    const { http } = await receivers()
    // 23:30 in Berlin.
    const { userId, jobIds, clock } = await seed(db, testClock('2026-12-01T22:30:00.000Z'))
    await saveAlertSettings(
      db,
      userId,
      { webhookUrl: http.url('/hook'), quiet: { from: '22:00', to: '07:00' } },
      clock,
    )
    await queueAlerts(deps(db, clock), { userId, runId: null, jobIds })
    expect(await sendDue(deps(db, clock))).toEqual({ sent: 0, failed: 0 })
    clock.set('2026-12-02T05:59:00.000Z')
    expect(await sendDue(deps(db, clock))).toEqual({ sent: 0, failed: 0 })
    clock.set('2026-12-02T06:00:00.000Z')
    expect(await sendDue(deps(db, clock))).toEqual({ sent: 1, failed: 0 })
    expect(http.received).toHaveLength(1)
  })

  it('never sends an alert twice when two Job Monitors send at once', async () => {
    const { db } = await t.fresh()
    const { http } = await receivers()
    const { userId, jobIds, clock } = await seed(db)
    await saveAlertSettings(db, userId, { webhookUrl: http.url('/hook') }, clock)
    await queueAlerts(deps(db, clock), { userId, runId: null, jobIds })
    const [a, b] = await Promise.all([sendDue(deps(db, clock)), sendDue(deps(db, clock))])
    expect(a.sent + b.sent).toBe(1)
    expect(http.received).toHaveLength(1)
  })

  it('sends a test to each channel set and says which one failed, in one line each', async () => {
    const { db } = await t.fresh()
    const { http } = await receivers()
    const { userId, clock } = await seed(db)
    const gone = await closedPort()
    await saveAlertSettings(
      db,
      userId,
      {
        webhookUrl: http.url('/hook'),
        ntfyUrl: `http://127.0.0.1:${gone}/topic`,
        digestTo: 'ada@example.org',
      },
      clock,
    )
    const results = await sendTest(deps(db, clock), userId)
    expect(results.map((r) => [r.channel, r.ok])).toEqual([
      ['webhook', true],
      ['ntfy', false],
      ['email', false],
    ])
    expect(results[0]!.message).toBe(`Sent a test alert to 127.0.0.1:${new URL(http.url()).port}/hook.`)
    expect(results[1]!.message).toMatch(/^Ntfy: /)
    expect(results[2]!.message).toBe(
      'The e-mail digest: this machine has no mail server: set JOB_MONITOR_SMTP_URL, or the SMTP URL in Settings → Alerts.',
    )
    expect(JSON.parse(http.received[0]!.body).kind).toBe('test')
    // Nothing is recorded for a test.
    expect(await db.selectFrom('alert_deliveries').selectAll().execute()).toEqual([])
  })

  it("uses the environment's channels for the person this app works for only", async () => {
    const { db } = await t.fresh()
    const { http } = await receivers()
    const { userId, jobIds, clock } = await seed(db)
    const other = await upsertUser(db, { email: 'bo@example.org' }, clock)
    await addQueries(db, other.id, [{ title: 'Data Engineer', location: 'Berlin' }], clock)
    const withEnv: AlertDeps = {
      ...deps(db, clock),
      machine: { personId: userId, env: { webhookUrl: http.url('/env-hook') } },
    }
    expect(await queueAlerts(withEnv, { userId, runId: null, jobIds })).toBe(1)
    expect(await queueAlerts(withEnv, { userId: other.id, runId: null, jobIds })).toBe(0)
    await sendDue(withEnv)
    expect(http.received.map((r) => r.path)).toEqual(['/env-hook'])
  })
})
