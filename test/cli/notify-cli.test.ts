import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { AlertPayload } from '../../src/main/core/alerts/payload'
import { ACTIVEJOBS_FAKE_KEY } from '../fakes/activejobs-fake'
import { type Fakes, startFakes } from '../fakes/index'
import { JSEARCH_FAKE_KEY } from '../fakes/jsearch-fake'
import { closedPort, httpReceiver, smtpReceiver } from '../helpers/alert-receivers'
import { cli } from '../helpers/cli'
import { describeEachDialect } from '../helpers/databases'

let fakes: Fakes
const dirs: string[] = []
beforeAll(async () => {
  fakes = await startFakes({ corpusSize: 12_000 })
})
afterAll(async () => {
  await fakes.stop()
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})

describeEachDialect('job-monitor notify and the alerts of a daily load', (t) => {
  it('sends a test to every channel set, says which one failed, and alerts after a load with new jobs', async () => {
    const { url } = await t.fresh()
    const dataDir = mkdtempSync(join(tmpdir(), 'jm-notify-'))
    dirs.push(dataDir)
    const hooks = await httpReceiver()
    const mail = await smtpReceiver()
    const env = {
      DATABASE_URL: url,
      JOB_MONITOR_DATA_DIR: dataDir,
      JSEARCH_API_KEY: JSEARCH_FAKE_KEY,
      JSEARCH_BASE_URL: fakes.jsearch.url,
      ACTIVEJOBS_API_KEY: ACTIVEJOBS_FAKE_KEY,
      ACTIVEJOBS_BASE_URL: fakes.activeJobs.url,
      JOB_MONITOR_WEBHOOK_URL: hooks.url('/hooks/jobs'),
      JOB_MONITOR_SMTP_URL: mail.url,
      JOB_MONITOR_DIGEST_TO: 'ada@example.org',
    }
    try {
      // Before anyone has a plan, there is no one to alert.
      const early = await cli(['notify', '--test'], env)
      expect(early.code).toBe(1)
      expect(early.stderr).toMatch(/^job-monitor: No one has a plan yet/)

      await cli(
        [
          'cv',
          'add',
          'test/fixtures/cvs/en-data-scientist.txt',
          '--email',
          'ada@example.org',
          '--no-backfill',
        ],
        env,
      )
      const test = await cli(['notify', '--test'], env)
      expect(test.stderr).toBe('')
      expect(test.code).toBe(0)
      expect(test.stdout.split('\n')).toEqual([
        `ok  webhook  Sent a test alert to 127.0.0.1:${new URL(hooks.url()).port}/hooks/jobs.`,
        'ok  email    Sent a test alert to ada@example.org.',
      ])
      expect((JSON.parse(hooks.received[0]!.body) as AlertPayload).kind).toBe('test')
      expect(mail.mails[0]?.subject).toBe('Job Monitor test alert')

      // A channel that is not set, or not reachable, fails in one line.
      const ntfy = await cli(['notify', '--test', '--channel', 'ntfy'], env)
      expect(ntfy.code).toBe(1)
      expect(ntfy.stdout).toBe(
        'FAILED  ntfy     Ntfy: no ntfy topic URL is set: Settings → Alerts, or JOB_MONITOR_NTFY_URL.',
      )
      expect(ntfy.stderr).toBe(
        'job-monitor: 1 of 1 test alert did not arrive: fix the setting named above and try again.',
      )
      const gone = await closedPort()
      const down = await cli(['notify', '--test', '--channel', 'webhook'], {
        ...env,
        JOB_MONITOR_WEBHOOK_URL: `http://127.0.0.1:${gone}/hook`,
      })
      expect(down.code).toBe(1)
      expect(down.stdout).toMatch(/^FAILED {2}webhook {2}The webhook: /)
      expect((await cli(['notify', '--test', '--channel', 'sms'], env)).stderr).toBe(
        'job-monitor: --channel "sms": use webhook, ntfy or email.',
      )
      expect((await cli(['notify'], env)).stderr).toBe(
        'job-monitor: Say what to do: "job-monitor notify --test" sends a test alert.',
      )
      expect(
        (await cli(['notify', '--test'], { ...env, JOB_MONITOR_NTFY_URL: 'ftp://ntfy.sh/x' })).stderr,
      ).toBe(
        'job-monitor: Invalid JOB_MONITOR_NTFY_URL: must be an ntfy topic URL such as https://ntfy.sh/my-job-alerts.',
      )

      // The daily load's new jobs: one alert per channel, sent before the command ends.
      hooks.received.length = 0
      const daily = await cli(['daily', '--run-once'], env)
      expect(daily.code).toBe(0)
      const added = Number(/New jobs added: (\d+)/.exec(daily.stdout)?.[1])
      expect(added).toBeGreaterThan(0)
      expect(hooks.received).toHaveLength(1)
      const alert = JSON.parse(hooks.received[0]!.body) as AlertPayload
      expect(alert.kind).toBe('new-jobs')
      expect(alert.run.id).toBeGreaterThan(0)
      expect(alert.jobs.length + alert.more).toBe(added)
      expect(mail.mails).toHaveLength(2)
      expect(mail.mails[1]?.subject).toMatch(new RegExp(`^${added} new jobs for you: `))
    } finally {
      await hooks.close()
      await mail.close()
    }
  })
})
