import { expect, it } from 'vitest'
import { createSources } from '../../src/main/core/app/create-sources'
import { loadConfig } from '../../src/main/core/config/config'

it('turns on exactly the sources that have a key', () => {
  const clock = () => new Date()
  const ids = (env: Record<string, string>) =>
    createSources(loadConfig(env, '/nonexistent'), { clock }).map((s) => s.id)
  expect(ids({})).toEqual([])
  expect(ids({ JSEARCH_API_KEY: 'k' })).toEqual(['jsearch'])
  expect(ids({ ACTIVEJOBS_API_KEY: 'k' })).toEqual(['activejobs'])
  expect(ids({ JSEARCH_API_KEY: 'k', ACTIVEJOBS_API_KEY: 'k' })).toEqual(['jsearch', 'activejobs'])
})
