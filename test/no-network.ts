import net from 'node:net'

/**
 * Any connection a test opens to something other than this machine fails loudly: tests talk to fakes
 * on 127.0.0.1 and to the local PostgreSQL, never to a vendor.
 */
const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost|::ffff:127\.\d+\.\d+\.\d+)$/i

const originalConnect = net.Socket.prototype.connect
type ConnectArgs = Parameters<typeof originalConnect>

net.Socket.prototype.connect = function guardedConnect(this: net.Socket, ...args: ConnectArgs) {
  const first = args[0] as unknown
  let host: string | undefined
  let path: string | undefined
  if (Array.isArray(first)) {
    const options = first[0] as { host?: string; path?: string } | undefined
    host = options?.host
    path = options?.path
  } else if (typeof first === 'object' && first !== null) {
    host = (first as { host?: string }).host
    path = (first as { path?: string }).path
  } else if (typeof first === 'number') {
    host = typeof args[1] === 'string' ? args[1] : 'localhost'
  } else if (typeof first === 'string') {
    path = first
  }
  if (!path && host !== undefined && !LOOPBACK.test(host)) {
    throw new Error(`Test tried to connect to ${host}; tests may only reach 127.0.0.1 (use a fake server).`)
  }
  return originalConnect.apply(this, args)
} as typeof originalConnect
