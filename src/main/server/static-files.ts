import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { dirname, extname, join, normalize, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
}

/**
 * Where the built renderer is: beside the bundled main (`out/main/../renderer`), or `out/renderer` under
 * the working directory when the CLI runs from source. Undefined when it was never built.
 */
export function findRendererDir(cwd = process.cwd()): string | undefined {
  const here = dirname(fileURLToPath(import.meta.url))
  const candidates = [
    process.env.JOB_MONITOR_RENDERER_DIR,
    resolve(here, '../renderer'),
    resolve(here, '../../../out/renderer'),
    resolve(cwd, 'out/renderer'),
  ]
  return candidates.find((dir): dir is string => !!dir && existsSync(join(dir, 'index.html')))
}

export interface StaticFile {
  body: Buffer
  type: string
  /** A built asset whose name carries its content's hash (`assets/index-W4csNPsj.js`). */
  hashed: boolean
}

const cache = new Map<string, Buffer>()

/** Files of the built renderer do not change while the server runs: each is read from disk once. */
async function readOnce(path: string): Promise<Buffer> {
  let body = cache.get(path)
  if (!body) {
    body = await readFile(path)
    if (cache.size < 500) cache.set(path, body)
  }
  return body
}

/** Reads a file under `root` for a URL path; unknown paths get index.html (a single-page app). */
export async function readStatic(root: string, urlPath: string): Promise<StaticFile> {
  const relative = normalize(decodeURIComponent(urlPath.split('?')[0] ?? '/')).replace(/^([/\\])+/, '')
  const target = resolve(root, relative)
  const inside = target === root || target.startsWith(root + sep)
  if (inside && relative && existsSync(target) && extname(target)) {
    return {
      body: await readOnce(target),
      type: TYPES[extname(target)] ?? 'application/octet-stream',
      hashed: /^assets[/\\].+-[\w-]{8,}\.\w+$/.test(relative),
    }
  }
  return { body: await readOnce(join(root, 'index.html')), type: TYPES['.html']!, hashed: false }
}
