import { copyFileSync } from 'node:fs'
import { ensureFits } from '../src/main/core/repos/fit-repo'
import { seedFeed, sqliteTarget } from './db-bench'

const t = sqliteTarget()
const { handle, url } = await t.fresh()
const userId = await seedFeed(handle, 200_000)
await ensureFits(handle.db, userId, () => new Date('2026-11-28T06:00:00Z'))
await handle.close()
const path = url.replace(/^sqlite:/, '')
copyFileSync(path, '/tmp/jm200k.sqlite')
console.log('user', userId, path)
