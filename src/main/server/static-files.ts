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
}

/** Reads a file under `root` for a URL path; unknown paths get index.html (a single-page app). */
export async function readStatic(root: string, urlPath: string): Promise<StaticFile> {
  const relative = normalize(decodeURIComponent(urlPath.split('?')[0] ?? '/')).replace(/^([/\\])+/, '')
  const target = resolve(root, relative)
  const inside = target === root || target.startsWith(root + sep)
  if (inside && relative && existsSync(target) && extname(target)) {
    return { body: await readFile(target), type: TYPES[extname(target)] ?? 'application/octet-stream' }
  }
  return { body: await readFile(join(root, 'index.html')), type: TYPES['.html']! }
}
