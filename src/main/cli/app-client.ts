import type { CallArgs, EventName, EventPayload, MethodName, MethodOutput } from '../../shared/contract'
import { type AppRuntime, call, createAppRuntime, forwardingLogger } from '../core/app'
import type { AppConfig } from '../core/config/config'
import type { CliIo } from './io'

/** What a command works with: the contract's methods and events, on the same runtime as the app. */
export interface CliApp {
  call<K extends MethodName>(name: K, ...input: CallArgs<K>): Promise<MethodOutput<K>>
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void
  /** For the long-running commands (`daily --schedule`, `serve`): the runtime itself. */
  runtime: AppRuntime
}

/**
 * Runs one command on the app's runtime — the database opened and migrated, the sources, the background
 * work — and always closes it. What opening the database had to say (a file that was gone and is new)
 * goes to stderr. `readOnly`: a command that only reads works on a database it cannot write.
 */
export async function withApp<T>(
  config: AppConfig,
  io: CliIo,
  work: (app: CliApp) => Promise<T>,
  options: { readOnly?: boolean } = {},
): Promise<T> {
  const runtime = await createAppRuntime({
    config,
    mode: 'cli',
    readOnlyFallback: options.readOnly,
    // A command keeps no log file: what goes wrong is its exit code and its one line on stderr.
    log: forwardingLogger((line) => {
      if (io.env.DEBUG) io.err(line)
    }),
  })
  for (const notice of runtime.ctx.handle.notices ?? []) io.err(notice)
  try {
    return await work({
      call: (name, ...input) => call(runtime.handlers, name, ...input),
      on: (event, listener) => runtime.ctx.events.on(event, listener),
      runtime,
    })
  } finally {
    await runtime.close()
  }
}
