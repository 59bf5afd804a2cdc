// Seeds a data dir for the browser tests' feed server: a person, a plan and N jobs (default 10,000),
// one with a hostile description. Usage: tsx e2e/support/seed-feed.ts [count]; reads JOB_MONITOR_DATA_DIR
// and DATABASE_URL like the app.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { openAppDatabase } from '../../src/main/core/app/app-database'
import { loadConfig } from '../../src/main/core/config/config'
import { seedFeed } from '../../test/helpers/feed-seed'

const count = Number(process.argv[2] ?? 10_000)
const config = loadConfig()
const handle = await openAppDatabase(config)
try {
  await seedFeed(handle, { email: 'feed@example.com', count })
  writeFileSync(
    join(config.dataDir, 'local-settings.json'),
    JSON.stringify({ userEmail: 'feed@example.com' }),
  )
  console.log(`Seeded ${count} jobs into ${handle.location}.`)
} finally {
  await handle.close()
}
