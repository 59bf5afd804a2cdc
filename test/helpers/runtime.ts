import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { call } from '../../src/main/core/app/dispatch'
import { memoryLogger } from '../../src/main/core/app/logger'
import { type AppRuntime, createAppRuntime, type RuntimeOptions } from '../../src/main/core/app/runtime'
import type { Encryptor } from '../../src/main/core/app/secrets'
import { loadConfig } from '../../src/main/core/config/config'
import type { CallArgs, EventName, MethodName, MethodOutput } from '../../src/shared/contract'
import type { Fakes } from '../fakes/index'
import type { TestDatabase } from './databases'

/** Stands in for Electron's safeStorage: reversible, and never the plain text. */
export const testEncryptor: Encryptor = {
  isEncryptionAvailable: () => true,
  encryptString: (plain) => Buffer.from(`sealed:${Buffer.from(plain).toString('hex')}`),
  decryptString: (sealed) => {
    const text = sealed.toString()
    if (!text.startsWith('sealed:')) throw new Error('not ours')
    return Buffer.from(text.slice('sealed:'.length), 'hex').toString()
  },
}

export interface TestRuntime extends AppRuntime {
  dataDir: string
  events: Array<{ name: EventName; payload: unknown }>
  log: ReturnType<typeof memoryLogger>
  /** A direct call, with the same validation as the transports. */
  call<K extends MethodName>(name: K, ...input: CallArgs<K>): Promise<MethodOutput<K>>
}

/**
 * The whole app over a fresh database of the suite's dialect, pointed at the fakes, on the fakes'
 * clock, logging to memory; events are recorded in order.
 */
export async function testRuntime(
  t: TestDatabase,
  fakes: Fakes,
  options: { env?: Record<string, string>; keep?: 'anthropic'; mode?: RuntimeOptions['mode'] } & Partial<
    Pick<RuntimeOptions, 'encryptor' | 'platform'>
  > = {},
): Promise<TestRuntime> {
  const dataDir = mkdtempSync(join(tmpdir(), 'jm-app-'))
  const env: Record<string, string> = {
    ...fakes.env,
    JOB_MONITOR_DATA_DIR: dataDir,
    JOB_MONITOR_REQUESTS_PER_SECOND: '100',
    ...options.env,
  }
  // The offline parser unless a test asks for Claude: its answers are what the fixtures were written for.
  if (options.keep !== 'anthropic') delete env.ANTHROPIC_API_KEY
  for (const [name, value] of Object.entries(env)) if (value === '') delete env[name]
  const config = loadConfig(env, dataDir)
  const handle = await t.fresh()
  const log = memoryLogger()
  const runtime = await createAppRuntime({
    config,
    mode: options.mode ?? 'server',
    clock: fakes.clock.now,
    handle,
    log,
    encryptor: options.encryptor,
    platform: options.platform,
  })
  const events: TestRuntime['events'] = []
  runtime.ctx.events.onAny((name, payload) => events.push({ name, payload }))
  return {
    ...runtime,
    dataDir,
    events,
    log,
    call: (name, ...input) => call(runtime.handlers, name, ...input),
    async close() {
      await runtime.close()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}
