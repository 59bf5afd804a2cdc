import { expect, it } from 'vitest'
import { z } from 'zod'
import { EVENT_NAMES, METHOD_NAMES } from './channels'
import { EVENTS, METHODS } from './index'

/**
 * The exact list of what the UI can call and hear. A new channel is a reviewed decision: change this
 * list, `channels.ts` and the contract together.
 */
const PINNED_METHODS = [
  'system/get-status',
  'system/switch-demo',
  'system/get-summary',
  'profile/get',
  'profile/save',
  'cv/read',
  'cv/cancel-read',
  'places/check',
  'cv/import',
  'plan/get',
  'plan/add-title',
  'plan/add-location',
  'plan/remove-title',
  'plan/remove-location',
  'plan/edit-row',
  'plan/replan',
  'plan/list-rows',
  'feed/list',
  'feed/export',
  'feed/mark-visited',
  'jobs/get',
  'jobs/set-state',
  'companies/watched',
  'companies/watch',
  'companies/unwatch',
  'backfill/get-status',
  'backfill/retry',
  'backfill/run',
  'daily/run-once',
  'daily/run-now',
  'runs/list',
  'schedule/get',
  'schedule/pause',
  'schedule/resume',
  'quota/get-summary',
  'quota/what-if',
  'quota/plan-calls',
  'settings/get',
  'settings/update',
  'keys/test',
  'database/test-connection',
  'alerts/get',
  'alerts/update',
  'alerts/test',
  'applications/list',
  'applications/update',
  'applications/export',
  'feeds/get',
  'feeds/create',
  'feeds/revoke',
]
const PINNED_EVENTS = [
  'backfill/progress',
  'run/progress',
  'run/finished',
  'jobs/new',
  'quota/changed',
  'schedule/changed',
]

it('has exactly the pinned methods and events, and the preload’s lists match them', () => {
  expect(Object.keys(METHODS)).toEqual(PINNED_METHODS)
  expect([...METHOD_NAMES]).toEqual(PINNED_METHODS)
  expect(Object.keys(EVENTS)).toEqual(PINNED_EVENTS)
  expect([...EVENT_NAMES]).toEqual(PINNED_EVENTS)
})

it('names every channel domain/verb-noun and gives every method a schema on both sides', () => {
  for (const name of [...PINNED_METHODS, ...PINNED_EVENTS]) expect(name).toMatch(/^[a-z]+\/[a-z]+(-[a-z]+)*$/)
  for (const [name, spec] of Object.entries(METHODS)) {
    expect(spec.input, name).toBeInstanceOf(z.ZodType)
    expect(spec.output, name).toBeInstanceOf(z.ZodType)
    expect(spec.summary.length, name).toBeGreaterThan(10)
  }
})

it('tolerates unknown fields but is strict on the ones it uses', () => {
  const feed = METHODS['feed/list'].input
  expect(feed.parse({ text: 'data', extra: true })).toMatchObject({
    text: 'data',
    limit: 100,
    offset: 0,
    sort: 'newest',
  })
  expect(feed.safeParse({ limit: 0 }).success).toBe(false)
  expect(feed.safeParse({ states: ['archived'] }).success).toBe(false)
  expect(METHODS['system/get-status'].input.safeParse(undefined).success).toBe(true)
  expect(METHODS['cv/read'].input.safeParse({ fileName: 'cv.pdf', dataBase64: 'not base64!' }).success).toBe(
    false,
  )
})

it('imports nothing from Node, Electron or the DOM, so every side can load it', async () => {
  const { readdirSync, readFileSync } = await import('node:fs')
  for (const dir of ['src/shared', 'src/shared/contract']) {
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))) {
      const text = readFileSync(`${dir}/${file}`, 'utf8')
      expect(text, file).not.toMatch(/from '(node:|electron|react)/)
    }
  }
})
