import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, expect, it } from 'vitest'
import { readJson } from '../helpers/json'

const dataDir = mkdtempSync(join(tmpdir(), 'jm-start-'))
afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

it('npm start falls back to the headless app where no window can open, and prints its URL', async () => {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    JOB_MONITOR_DATA_DIR: dataDir,
    PORT: '0',
    DATABASE_URL: '',
  }
  delete env.DISPLAY
  delete env.WAYLAND_DISPLAY
  const child = spawn(process.execPath, ['scripts/start.mjs'], { env, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no URL within 90 s:\n${output}`)), 90_000)
      const onData = (chunk: Buffer) => {
        output += chunk.toString()
        const match = /running at (http:\/\/\S+\/\?token=\S+)/.exec(output)
        if (match) {
          clearTimeout(timer)
          resolve(match[1]!)
        }
      }
      child.stdout.on('data', onData)
      child.stderr.on('data', onData)
      child.on('exit', (code) => reject(new Error(`start exited ${code}:\n${output}`)))
    })
    expect(output).toContain('cannot open its desktop window here: there is no display')
    const link = new URL(url)
    // The printed link sets the session cookie and lands on the app; it works once.
    const landing = await fetch(url, { redirect: 'manual' })
    expect(landing.status).toBe(303)
    expect(landing.headers.get('location')).toBe('/')
    const cookie = landing.headers.get('set-cookie')!.split(';')[0]!
    expect(await (await fetch(`${link.origin}/`, { headers: { cookie } })).text()).toContain(
      '<div id="root">',
    )
    const response = await fetch(`${link.origin}/api/system/get-status`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
    })
    const { result } = await readJson(response)
    expect(result.database.location).toBe(join(dataDir, 'job-monitor.sqlite'))
    expect((await fetch(`${link.origin}/`)).status).toBe(401)
    expect((await fetch(url, { redirect: 'manual' })).status).toBe(401)
  } finally {
    child.kill('SIGTERM')
  }
}, 120_000)
