import type { Kysely } from 'kysely'
import { type Clock, toIso } from '../clock'
import type { Database } from '../db/schema'
import { isDeadLocalOwner, PROCESS_OWNER } from '../process-owner'

/** A named lease this process holds; it renews itself until released. */
export interface HeldLock {
  name: string
  owner: string
  release(): Promise<void>
}

export interface AcquireOptions {
  name: string
  clock: Clock
  /** How long the lease holds without renewal (default 2 minutes); it renews every third of that. */
  leaseMs?: number
  /** How often to look again while another process holds it (real time; default 500 ms). */
  pollMs?: number
  /** Called once, when the lock is held by someone else and this call starts to wait. */
  onWait?: (holder: { owner: string; acquiredAt: string }) => void
  signal?: AbortSignal
}

const DEFAULT_LEASE_MS = 2 * 60_000

/**
 * Waits for and takes a named lock shared by every process on the database (both dialects: a row in
 * `locks`). A holder that died is recognised at once on this machine (its pid is gone), elsewhere when its
 * lease runs out. Each acquisition has an owner token of its own, so two loads in one process exclude
 * each other too.
 */
export async function acquireLock(db: Kysely<Database>, options: AcquireOptions): Promise<HeldLock> {
  const owner = `${PROCESS_OWNER}:${Math.random().toString(36).slice(2, 8)}`
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS
  let told = false
  for (;;) {
    const holder = await tryAcquire(db, options.name, owner, leaseMs, options.clock)
    if (!holder) break
    if (!told) options.onWait?.(holder)
    told = true
    if (options.signal?.aborted) throw options.signal.reason
    await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 500))
  }
  const timer = setInterval(() => {
    void renewLock(db, options.name, owner, leaseMs, options.clock).catch(() => {})
  }, leaseMs / 3)
  timer.unref?.()
  return {
    name: options.name,
    owner,
    async release() {
      clearInterval(timer)
      await db.deleteFrom('locks').where('name', '=', options.name).where('owner', '=', owner).execute()
    },
  }
}

/** Takes the lock if free (or held by someone dead); otherwise says who holds it. */
async function tryAcquire(
  db: Kysely<Database>,
  name: string,
  owner: string,
  leaseMs: number,
  clock: Clock,
): Promise<{ owner: string; acquiredAt: string } | undefined> {
  const now = clock()
  const current = await db.selectFrom('locks').selectAll().where('name', '=', name).executeTakeFirst()
  if (current && (current.expires_at < toIso(now) || isDeadLocalOwner(current.owner))) {
    await db.deleteFrom('locks').where('name', '=', name).where('owner', '=', current.owner).execute()
  }
  const inserted = await db
    .insertInto('locks')
    .values({ name, owner, acquired_at: toIso(now), expires_at: toIso(now.getTime() + leaseMs) })
    .onConflict((oc) => oc.column('name').doNothing())
    .returning('name')
    .executeTakeFirst()
  if (inserted) return undefined
  const holder = await db.selectFrom('locks').selectAll().where('name', '=', name).executeTakeFirst()
  // Released between the insert and this look: try again at once.
  return holder
    ? { owner: holder.owner, acquiredAt: holder.acquired_at }
    : tryAcquire(db, name, owner, leaseMs, clock)
}

export async function renewLock(
  db: Kysely<Database>,
  name: string,
  owner: string,
  leaseMs: number,
  clock: Clock,
): Promise<void> {
  await db
    .updateTable('locks')
    .set({ expires_at: toIso(clock().getTime() + leaseMs) })
    .where('name', '=', name)
    .where('owner', '=', owner)
    .execute()
}
