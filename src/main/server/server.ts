import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { SYSTEM_STATUS_CHANNEL } from '../../shared/system'
import type { DbHandle } from '../core/db/open'
import { errorMessage, isUserError } from '../core/errors'
import { systemStatus } from '../core/system-status'
import { findRendererDir, readStatic } from './static-files'

export interface HeadlessServerOptions {
  handle: DbHandle
  host: string
  port: number
  demo?: boolean
  rendererDir?: string
}

export interface RunningServer {
  url: string
  server: Server
  close(): Promise<void>
}

/** The security headers the desktop window gets too: no remote code, no framing. */
const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"

/**
 * Headless mode: the built renderer plus the app's methods over HTTP (`POST /api/<domain>/<verb-noun>`),
 * for machines where Electron cannot start and for the browser tests.
 */
export async function startHeadlessServer(options: HeadlessServerOptions): Promise<RunningServer> {
  const rendererDir = options.rendererDir ?? findRendererDir()
  const methods: Record<string, (input: unknown) => Promise<unknown>> = {
    [SYSTEM_STATUS_CHANNEL]: () => systemStatus(options.handle, options.demo ?? false),
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error) => sendJson(res, 500, { error: { message: errorMessage(error) } }))
  })

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = req.url ?? '/'
    if (url.startsWith('/api/')) {
      const channel = url.slice('/api/'.length).split('?')[0] ?? ''
      const method = methods[channel]
      if (!method) return sendJson(res, 404, { error: { message: `Unknown method ${channel}.` } })
      if (req.method !== 'POST') return sendJson(res, 405, { error: { message: 'Use POST.' } })
      try {
        return sendJson(res, 200, { result: await method(await readJsonBody(req)) })
      } catch (error) {
        const status = isUserError(error) ? 400 : 500
        return sendJson(res, status, {
          error: { message: errorMessage(error), code: isUserError(error) ? error.code : 'internal' },
        })
      }
    }
    if (!rendererDir) {
      res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' })
      res.end('The user interface is not built yet: run "npm run build", then start the server again.\n')
      return
    }
    const file = await readStatic(rendererDir, url)
    res.writeHead(200, {
      'content-type': file.type,
      'content-security-policy': CSP,
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-cache',
    })
    res.end(file.body)
  }

  await new Promise<void>((resolvePromise, reject) => {
    server.once('error', reject)
    server.listen(options.port, options.host, () => resolvePromise())
  })
  const address = server.address() as AddressInfo
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address
  return {
    url: `http://${host}:${address.port}/`,
    server,
    close: () => new Promise((resolvePromise) => server.close(() => resolvePromise())),
  }
}

async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    size += (chunk as Buffer).length
    if (size > 64 * 1024 * 1024) throw new Error('Request body is larger than 64 MB.')
    chunks.push(chunk as Buffer)
  }
  if (size === 0) return undefined
  return JSON.parse(Buffer.concat(chunks).toString('utf8'))
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' })
  res.end(JSON.stringify(body))
}
