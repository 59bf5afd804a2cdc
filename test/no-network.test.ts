import { expect, it } from 'vitest'

it('fails loudly when a test tries to reach a host other than this machine', async () => {
  // TEST-NET-3: the guard refuses before any packet leaves.
  const error = await fetch('http://203.0.113.5/').catch((e: Error) => e)
  expect(String((error as Error).cause ?? error)).toContain('tests may only reach 127.0.0.1')
})
