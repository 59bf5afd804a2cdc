import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, expect, it } from 'vitest'
import { describeEachDialect } from '../../../test/helpers/databases'
import { knownMigrations } from '../core/db/migrate'
import { startHeadlessServer } from './server'

const renderer = mkdtempSync(join(tmpdir(), 'jm-renderer-'))
writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>Job Monitor</title>')
writeFileSync(join(renderer, 'app.js'), 'console.log(1)')
afterAll(() => rmSync(renderer, { recursive: true, force: true }))

describeEachDialect('the headless server', (t) => {
  async function serve() {
    const handle = await t.fresh()
    return startHeadlessServer({ handle, host: '127.0.0.1', port: 0, rendererDir: renderer })
  }

  it('answers system/get-status with the database it uses', async () => {
    const server = await serve()
    try {
      const response = await fetch(`${server.url}api/system/get-status`, { method: 'POST' })
      expect(response.status).toBe(200)
      const { result } = await response.json()
      expect(result.database).toMatchObject({
        dialect: t.dialect,
        migrations: knownMigrations().length,
        pending: 0,
      })
    } finally {
      await server.close()
    }
  })

  it('serves the renderer with a strict CSP, and index.html for app routes and escapes', async () => {
    const server = await serve()
    try {
      const page = await fetch(server.url)
      expect(page.headers.get('content-security-policy')).toContain("script-src 'self'")
      expect(await page.text()).toContain('<title>Job Monitor</title>')
      const script = await fetch(`${server.url}app.js`)
      expect(script.headers.get('content-type')).toContain('text/javascript')
      expect(await (await fetch(`${server.url}feed/123`)).text()).toContain('<title>Job Monitor</title>')
      const traversal = await fetch(`${server.url}..%2f..%2f..%2fetc%2fpasswd`)
      expect(await traversal.text()).not.toContain('root:')
    } finally {
      await server.close()
    }
  })

  it('refuses unknown methods and GET on methods', async () => {
    const server = await serve()
    try {
      const unknown = await fetch(`${server.url}api/nothing/here`, { method: 'POST' })
      expect(unknown.status).toBe(404)
      const get = await fetch(`${server.url}api/system/get-status`)
      expect(get.status).toBe(405)
    } finally {
      await server.close()
    }
  })
})
