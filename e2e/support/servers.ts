import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/**
 * The servers the browser tests run against, started by playwright.config.ts:
 * - `fresh`: a new app without keys (first-run screens, the token, events);
 * - `alice` and `bob`: two people on one shared database, with the fake APIs (the whole journey);
 * - `feed`: a person with 10,000 jobs, one with a hostile description;
 * - `demo`: `job-monitor --demo serve`, the bundled demo data set;
 * - `claude`: a new app with a Claude key (the fake Anthropic API), for what only Claude can read.
 */
export const TOKEN = process.env.E2E_TOKEN ?? 'e2e-token-0123456789abcdef'
const base = Number(process.env.E2E_PORT ?? 47_831)
export const PORTS = {
  fresh: base,
  feed: base + 2,
  alice: base + 3,
  bob: base + 4,
  demo: base + 5,
  claude: base + 6,
  fakes: base + 10,
}
export const url = (server: keyof typeof PORTS, path = '/') => `http://127.0.0.1:${PORTS[server]}${path}`
/**
 * A fresh one-time link to a server's app, like the one it prints at start: each works once, so every test
 * asks the server for its own (`POST /auth/link` with the server's token, as a script would).
 */
export async function link(server: keyof typeof PORTS): Promise<string> {
  const response = await fetch(url(server, '/auth/link'), {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}` },
  })
  if (!response.ok) throw new Error(`${server} gave no link: ${response.status} ${await response.text()}`)
  return ((await response.json()) as { url: string }).url
}
/** Tells the fake APIs to post `count` new jobs now (see test/fakes/cli.ts). */
export async function publishJobs(title: string, city: string, count: number): Promise<void> {
  const query = new URLSearchParams({ title, city, count: String(count) })
  const response = await fetch(`http://127.0.0.1:${PORTS.fakes + 3}/publish?${query}`, { method: 'POST' })
  if (!response.ok) throw new Error(`the fakes did not publish: ${await response.text()}`)
}

const root = process.env.E2E_ROOT ?? mkdtempSync(join(tmpdir(), 'jm-e2e-'))
process.env.E2E_ROOT = root // the workers load this module again: same directories
export const DIRS = {
  fresh: join(root, 'fresh'),
  feed: join(root, 'feed'),
  alice: join(root, 'alice'),
  bob: join(root, 'bob'),
  demo: join(root, 'demo'),
  claude: join(root, 'claude'),
  shared: join(root, 'shared.sqlite'),
}

export const CLAUDE_ENV = {
  ANTHROPIC_API_KEY: 'sk-ant-test-key',
  ANTHROPIC_BASE_URL: `http://127.0.0.1:${PORTS.fakes + 2}`,
}

export const FAKES_ENV = {
  JSEARCH_BASE_URL: `http://127.0.0.1:${PORTS.fakes}`,
  JSEARCH_API_KEY: 'jsearch-test-key',
  ACTIVEJOBS_BASE_URL: `http://127.0.0.1:${PORTS.fakes + 1}`,
  ACTIVEJOBS_API_KEY: 'activejobs-test-key',
}
