import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = fileURLToPath(new URL('.', import.meta.url))

/**
 * A file of `resources/`: beside the app when packaged (electron-builder's extraResources), else in the
 * checkout — found from the bundled `out/main/` or from the sources alike.
 */
export function resourcePath(...parts: string[]): string {
  const roots = [
    process.resourcesPath ? join(process.resourcesPath, 'resources') : undefined,
    resolve(here, '../../resources'),
    resolve(here, '../../../resources'),
    resolve(process.cwd(), 'resources'),
  ]
  for (const root of roots) {
    if (root && existsSync(join(root, ...parts))) return join(root, ...parts)
  }
  return join(roots[1]!, ...parts)
}
