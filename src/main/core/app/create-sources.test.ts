import { expect, it } from 'vitest'
import { loadConfig } from '../config/config'
import { createSources } from './create-sources'

it('turns on exactly the sources that have a key', () => {
  const clock = () => new Date()
  const ids = (env: Record<string, string>) =>
    createSources(loadConfig(env, '/nonexistent'), { clock }).map((s) => s.id)
  expect(ids({})).toEqual([])
  expect(ids({ JSEARCH_API_KEY: 'k' })).toEqual(['jsearch'])
  expect(ids({ ACTIVEJOBS_API_KEY: 'k' })).toEqual(['activejobs'])
  expect(ids({ JSEARCH_API_KEY: 'k', ACTIVEJOBS_API_KEY: 'k' })).toEqual(['jsearch', 'activejobs'])
})
