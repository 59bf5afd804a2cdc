import type { IpcMain, IpcMainInvokeEvent } from 'electron'
import { EVENT_CHANNEL, METHOD_NAMES } from '../../shared/contract/channels'
import type { Envelope } from '../core/app/dispatch'
import { dispatch } from '../core/app/dispatch'
import type { EventBus } from '../core/app/event-bus'
import type { Handlers } from '../core/app/handlers'
import type { Logger } from '../core/app/logger'

const REFUSED: Envelope = {
  ok: false,
  error: { message: 'Refused: not the Job Monitor window.', code: 'ipc.sender', status: 403 },
}

/**
 * Serves every method of the contract on its own IPC channel, for our window only. Input is validated by
 * `dispatch` against the contract; the answer is an envelope, because Electron keeps only the message of
 * an Error thrown across IPC. Returns a function that removes the handlers.
 */
export function registerIpc(
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>,
  handlers: Handlers,
  isOwnSender: (event: IpcMainInvokeEvent) => boolean,
  log?: Logger,
): () => void {
  for (const name of METHOD_NAMES) {
    ipcMain.handle(name, (event, input: unknown) => {
      if (!isOwnSender(event)) {
        log?.warn(`Refused IPC ${name} from ${event.senderFrame?.url ?? 'an unknown frame'}.`)
        return REFUSED
      }
      return dispatch(handlers, name, input, log)
    })
  }
  return () => {
    for (const name of METHOD_NAMES) ipcMain.removeHandler(name)
  }
}

/** Forwards every app event to the window (whichever window is open now). */
export function forwardEvents(
  events: EventBus,
  target: () => { send(channel: string, message: unknown): void } | undefined,
): () => void {
  return events.onAny((name, payload) => target()?.send(EVENT_CHANNEL, { name, payload }))
}
