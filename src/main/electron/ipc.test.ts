import type { IpcMainInvokeEvent } from 'electron'
import { describe, expect, it, vi } from 'vitest'
import { EVENT_CHANNEL, METHOD_NAMES } from '../../shared/contract/channels'
import { EventBus } from '../core/app/event-bus'
import type { Handlers } from '../core/app/handlers'
import { memoryLogger } from '../core/app/logger'
import { forwardEvents, registerIpc } from './ipc'

/** ipcMain as far as registerIpc uses it: a table of handlers, invoked as Electron would. */
function fakeIpcMain() {
  const table = new Map<string, (event: IpcMainInvokeEvent, input: unknown) => unknown>()
  return {
    table,
    handle: vi.fn((channel: string, fn: (event: IpcMainInvokeEvent, input: unknown) => unknown) => {
      if (table.has(channel)) throw new Error(`second handler for ${channel}`)
      table.set(channel, fn)
    }),
    removeHandler: vi.fn((channel: string) => table.delete(channel)),
    invoke: (channel: string, input: unknown, frame: unknown) =>
      table.get(channel)!({ senderFrame: frame } as IpcMainInvokeEvent, input),
  }
}

const ownFrame = { url: 'file:///app/index.html' }
const strangerFrame = { url: 'https://evil.example/' }

function handlers(): Handlers {
  return new Proxy({} as Handlers, {
    get: (_target, name) => async (input: unknown) => {
      if (name === 'system/get-status') {
        return {
          app: 'Job Monitor',
          version: '0.1.0',
          demo: false,
          mode: 'desktop',
          database: {
            dialect: 'sqlite',
            location: '/x',
            migrations: 6,
            pending: 0,
            known: 6,
            latest: 'x',
            appliedOnOpen: [],
          },
          notices: [],
        }
      }
      if (name === 'jobs/set-state') return input
      throw new Error(`unexpected ${String(name)}`)
    },
  })
}

describe('IPC', () => {
  it('serves every method of the contract, only to our own window, as envelopes', async () => {
    const ipc = fakeIpcMain()
    const log = memoryLogger()
    const dispose = registerIpc(ipc, handlers(), (event) => event.senderFrame === (ownFrame as never), log)
    expect([...ipc.table.keys()]).toEqual([...METHOD_NAMES])

    expect(await ipc.invoke('system/get-status', undefined, ownFrame)).toMatchObject({
      ok: true,
      result: { mode: 'desktop' },
    })
    expect(await ipc.invoke('jobs/set-state', { id: 4, state: 'saved' }, ownFrame)).toEqual({
      ok: true,
      result: { id: 4, state: 'saved' },
    })
    expect(await ipc.invoke('jobs/set-state', { id: 4, state: 'starred' }, ownFrame)).toMatchObject({
      ok: false,
      error: { status: 400, code: 'contract.bad-input' },
    })
    expect(await ipc.invoke('system/get-status', undefined, strangerFrame)).toMatchObject({
      ok: false,
      error: { status: 403, message: 'Refused: not the Job Monitor window.' },
    })
    expect(log.lines.at(-1)).toBe('WARN Refused IPC system/get-status from https://evil.example/.')

    dispose()
    expect(ipc.table.size).toBe(0)
  })

  it('forwards every event to the open window, and to none when it is closed', () => {
    const events = new EventBus()
    const sent: unknown[] = []
    let window: { send(channel: string, message: unknown): void } | undefined = {
      send: (channel, message) => sent.push([channel, message]),
    }
    const stop = forwardEvents(events, () => window)
    events.emit('quota/changed', { sources: ['jsearch'] })
    window = undefined
    events.emit('quota/changed', { sources: [] })
    expect(sent).toEqual([[EVENT_CHANNEL, { name: 'quota/changed', payload: { sources: ['jsearch'] } }]])
    stop()
    expect(events.size).toBe(0)
  })

  it('refuses to emit an event whose payload breaks the contract', () => {
    const events = new EventBus()
    expect(() => events.emit('jobs/new', { count: 'many' } as never)).toThrow()
  })
})
