import { openDatabase } from '../src/main/core/db/open'
import { listFeed } from '../src/main/core/repos/feed-repo'

const text = process.argv[2] || undefined
const handle = await openDatabase('sqlite:/tmp/jm200k.sqlite', { dataDir: '/tmp' })
const ex = handle.db.getExecutor() as unknown as {
  executeQuery: (q: { sql: string; parameters: unknown[] }, id: unknown) => Promise<unknown>
}
const orig = ex.executeQuery.bind(ex)
let log: string[] = []
ex.executeQuery = async (q, id) => {
  const t = performance.now()
  const r = await orig(q, id)
  log.push(`${(performance.now() - t).toFixed(1)}ms ${q.sql.slice(0, 60)} … ${q.sql.slice(-260)}`)
  return r
}
for (let i = 0; i < 3; i++) {
  log = []
  const t = performance.now()
  await listFeed(handle.db, { userId: 1, limit: 50, text })
  console.log('total', (performance.now() - t).toFixed(1))
}
console.log(log.join('\n'))
await handle.close()
