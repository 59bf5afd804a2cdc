import { parentPort } from 'node:worker_threads'
import { isUserError } from '../errors'
import { extractText } from './extract-text'
import type { CvFileType } from './file-type'

/** One file to read, sent by the sandbox (sandbox.ts). */
export interface ExtractRequest {
  id: number
  bytes: Uint8Array
  type: CvFileType
  fileName: string
}

export type ExtractReply =
  | { id: number; ok: true; text: string; pages: number }
  | { id: number; ok: false; message: string; code: string; user: boolean }

// The parse sandbox's thread: reads one file at a time, with the limits the sandbox gave the thread.
parentPort?.on('message', async (request: ExtractRequest) => {
  let reply: ExtractReply
  try {
    const { text, pages } = await extractText(request.bytes, request.type, request.fileName)
    reply = { id: request.id, ok: true, text, pages }
  } catch (error) {
    reply = {
      id: request.id,
      ok: false,
      message: (error as Error).message ?? String(error),
      code: isUserError(error) ? error.code : 'cv.corrupt',
      user: isUserError(error),
    }
  }
  parentPort?.postMessage(reply)
})
