import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = fileURLToPath(new URL('.', import.meta.url))

/** A file of `resources/`: beside the app when packaged (extraResources), in the checkout otherwise. */
export function resourcePath(...parts: string[]): string {
  const packaged = process.resourcesPath ? join(process.resourcesPath, 'resources', ...parts) : undefined
  if (packaged && existsSync(packaged)) return packaged
  return join(here, '../../resources', ...parts)
}
