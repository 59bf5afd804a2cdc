import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'
import { UserError } from '../errors'
import type { ExtractedText } from './extract-text'
import type { ExtractReply, ExtractRequest } from './extract-worker'
import type { CvFileType } from './file-type'

export interface SandboxLimits {
  /** How long one file may take to read (default 20 s). */
  deadlineMs: number
  /** The thread's JavaScript heap (default 512 MB); a file that needs more is refused. */
  heapMb: number
}

const DEFAULT_LIMITS: SandboxLimits = { deadlineMs: 20_000, heapMb: 512 }

/**
 * Where the thread's code is: beside the bundle when built (`out/main/cv-worker.js`, an entry of
 * electron.vite.config.ts), else the TypeScript source, loaded through tsx (tests, `npm run cli`).
 */
function workerSource(): { code: string | URL; eval: boolean } {
  const here = fileURLToPath(import.meta.url)
  if (here.endsWith('.ts')) {
    const source = pathToFileURL(join(dirname(here), 'extract-worker.ts')).href
    return {
      code: `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(source)}) })`,
      eval: true,
    }
  }
  for (const dir of [dirname(here), dirname(dirname(here))]) {
    const bundled = join(dir, 'cv-worker.js')
    if (existsSync(bundled)) return { code: pathToFileURL(bundled), eval: false }
  }
  throw new Error('The CV reader (cv-worker.js) is missing from this build: build the app again.')
}

/**
 * Reads CV files in a worker thread, never on the app's event loop: each file with a deadline and a heap
 * limit, and cancellable. A file that runs past either is stopped by terminating the thread — which
 * really stops it, whatever the parser was doing — and refused in one sentence; the app goes on answering
 * other calls meanwhile. One idle thread is kept for the next file.
 */
export class ParseSandbox {
  private idle: Worker | undefined
  private nextId = 1

  constructor(private readonly limits: SandboxLimits = DEFAULT_LIMITS) {}

  async extract(
    bytes: Uint8Array,
    type: CvFileType,
    fileName: string,
    options: { signal?: AbortSignal } = {},
  ): Promise<ExtractedText> {
    if (options.signal?.aborted) throw cancelled(fileName)
    const worker = this.idle ?? this.spawn()
    this.idle = undefined
    worker.ref()
    const id = this.nextId++
    return new Promise<ExtractedText>((resolve, reject) => {
      let settled = false
      const finish = (outcome: () => void, keep: boolean) => {
        if (settled) return
        settled = true
        clearTimeout(timer)
        options.signal?.removeEventListener('abort', onAbort)
        worker.off('message', onMessage)
        worker.off('error', onError)
        worker.off('exit', onExit)
        if (keep && !this.idle) {
          worker.unref()
          this.idle = worker
        } else void worker.terminate()
        outcome()
      }
      const onMessage = (reply: ExtractReply) => {
        if (reply.id !== id) return
        if (reply.ok) finish(() => resolve({ text: reply.text, pages: reply.pages }), true)
        else
          finish(
            () =>
              reject(
                reply.user
                  ? new UserError(reply.message, reply.code)
                  : new UserError(
                      `${fileName} cannot be read (${reply.message}): export it again.`,
                      'cv.corrupt',
                    ),
              ),
            true,
          )
      }
      const onError = (error: Error & { code?: string }) =>
        finish(
          () =>
            reject(
              error.code === 'ERR_WORKER_OUT_OF_MEMORY'
                ? new UserError(
                    `${fileName} needs more memory to read than any CV (over ${this.limits.heapMb} MB): it is not a CV we can read.`,
                    'cv.too-complex',
                  )
                : new UserError(
                    `${fileName} cannot be read (${error.message}): export it again.`,
                    'cv.corrupt',
                  ),
            ),
          false,
        )
      const onExit = () =>
        finish(
          () => reject(new UserError(`${fileName} stopped the CV reader: export it again.`, 'cv.corrupt')),
          false,
        )
      const onAbort = () => finish(() => reject(cancelled(fileName)), false)
      const timer = setTimeout(
        () =>
          finish(
            () =>
              reject(
                new UserError(
                  `${fileName} takes longer than ${Math.round(this.limits.deadlineMs / 1000)} s to read: it is not a CV we can read (export it again, or paste it as text).`,
                  'cv.too-slow',
                ),
              ),
            false,
          ),
        this.limits.deadlineMs,
      )
      worker.on('message', onMessage)
      worker.on('error', onError)
      worker.on('exit', onExit)
      options.signal?.addEventListener('abort', onAbort, { once: true })
      // A copy travels to the thread, so the caller's bytes stay theirs.
      const request: ExtractRequest = { id, bytes: new Uint8Array(bytes), type, fileName }
      worker.postMessage(request)
    })
  }

  /** Stops the idle thread (the app is closing). */
  async close(): Promise<void> {
    const worker = this.idle
    this.idle = undefined
    await worker?.terminate()
  }

  private spawn(): Worker {
    const { code, eval: isEval } = workerSource()
    const worker = new Worker(code, {
      eval: isEval,
      resourceLimits: { maxOldGenerationSizeMb: this.limits.heapMb, maxYoungGenerationSizeMb: 64 },
      stderr: false,
    })
    // An idle thread that died is not handed the next file.
    worker.on('exit', () => {
      if (this.idle === worker) this.idle = undefined
    })
    return worker
  }
}

function cancelled(fileName: string): UserError {
  return new UserError(`Reading ${fileName} was cancelled.`, 'cv.cancelled')
}

/** The app's one sandbox: every CV read goes through it. */
export const cvSandbox = new ParseSandbox()
