import { hostname } from 'node:os'

/** This process, as it signs the work it claims: "host:pid:nonce". */
export const PROCESS_HOST = hostname()
export const PROCESS_OWNER = `${PROCESS_HOST}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`

/** Whether a process of this machine still exists (EPERM: it exists but belongs to someone else). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** True for an owner string of a process on this machine that no longer exists. */
export function isDeadLocalOwner(owner: string | null | undefined): boolean {
  if (!owner?.startsWith(`${PROCESS_HOST}:`)) return false
  const pid = Number(owner.split(':')[1])
  return Number.isInteger(pid) && pid > 0 && !isProcessAlive(pid)
}
