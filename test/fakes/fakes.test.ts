import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readJson } from '../helpers/json'
import { ANTHROPIC_FAKE_KEY } from './anthropic-fake'
import { type Fakes, startFakes } from './index'
import { JSEARCH_FAKE_KEY } from './jsearch-fake'

let fakes: Fakes
beforeAll(async () => {
  fakes = await startFakes({ corpusSize: 500 })
})
afterAll(() => fakes.stop())

const rapid = (url: string, key = JSEARCH_FAKE_KEY, host = 'jsearch.p.rapidapi.com') =>
  fetch(url, { headers: { 'X-RapidAPI-Key': key, 'X-RapidAPI-Host': host } })

describe('the JSearch fake', () => {
  it('answers like the gateway: missing key, wrong host, unknown path, quota headers', async () => {
    expect(await (await fetch(`${fakes.jsearch.url}/search?query=x`)).json()).toEqual({
      message: 'Invalid API key. Go to https://docs.rapidapi.com/docs/keys for more info.',
    })
    expect(
      (await rapid(`${fakes.jsearch.url}/search?query=x`, JSEARCH_FAKE_KEY, 'other.p.rapidapi.com')).status,
    ).toBe(403)
    const unknown = await rapid(`${fakes.jsearch.url}/nope`)
    expect(unknown.status).toBe(404)
    expect(await readJson(unknown)).toEqual({ message: "Endpoint '/nope' does not exist" })
    const ok = await rapid(`${fakes.jsearch.url}/search?query=engineer%20in%20berlin&country=de&num_pages=2`)
    expect(ok.headers.get('x-ratelimit-requests-limit')).toBe('200')
    expect(ok.headers.get('x-ratelimit-requests-remaining')).toBe('198')
    expect(Number(ok.headers.get('x-ratelimit-requests-reset'))).toBe(20 * 86_400)
    const body = await readJson(ok)
    expect(body.parameters).toMatchObject({ query: 'engineer in berlin', num_pages: 2, country: 'de' })
    expect(body.data.length).toBeLessThanOrEqual(20)
  })

  it('requires a query and bills /job-details per id', async () => {
    expect((await rapid(`${fakes.jsearch.url}/search`)).status).toBe(400)
    const ids = fakes.corpus
      .filter((j) => j.inJsearch)
      .slice(0, 3)
      .map((j) => j.jsearchId)
    const before = fakes.jsearch.billed(JSEARCH_FAKE_KEY).requests
    const answer = await readJson(
      await rapid(`${fakes.jsearch.url}/job-details?job_id=${encodeURIComponent(ids.join(','))}`),
    )
    expect(answer.data.map((j: { job_id: string }) => j.job_id)).toEqual(ids)
    expect(fakes.jsearch.billed(JSEARCH_FAKE_KEY).requests - before).toBe(3)
  })
})

describe('the Anthropic fake', () => {
  const post = (
    body: unknown,
    headers: Record<string, string> = { 'x-api-key': ANTHROPIC_FAKE_KEY, 'anthropic-version': '2023-06-01' },
  ) =>
    fetch(`${fakes.anthropic.url}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    })
  const messages = [{ role: 'user', content: [{ type: 'text', text: 'CV text' }] }]

  it('answers a forced tool with one tool_use block, and structured output with one JSON text block', async () => {
    fakes.anthropic.responder = () => ({ job_titles: ['Data Engineer'], locations: ['Berlin'] })
    const tool = await post({
      model: 'claude-haiku-4-5',
      max_tokens: 1024,
      messages,
      tools: [{ name: 'record_cv_profile', input_schema: { type: 'object' } }],
      tool_choice: { type: 'tool', name: 'record_cv_profile' },
    })
    expect(tool.headers.get('request-id')).toMatch(/^req_/)
    const toolBody = await readJson(tool)
    expect(toolBody).toMatchObject({
      type: 'message',
      stop_reason: 'tool_use',
      content: [
        {
          type: 'tool_use',
          name: 'record_cv_profile',
          input: { job_titles: ['Data Engineer'], locations: ['Berlin'] },
        },
      ],
    })
    expect(toolBody.id).toMatch(/^msg_/)
    // The newer SDK sends a bearer token instead of x-api-key.
    const structured = await post(
      {
        model: 'claude-haiku-4-5',
        max_tokens: 1024,
        messages,
        output_config: { format: { type: 'json_schema', schema: {} } },
      },
      { authorization: `Bearer ${ANTHROPIC_FAKE_KEY}`, 'anthropic-version': '2026-10-21' },
    )
    const body = await readJson(structured)
    expect(body.stop_reason).toBe('end_turn')
    expect(JSON.parse(body.content[0].text)).toEqual({ job_titles: ['Data Engineer'], locations: ['Berlin'] })
  })

  it('returns the documented error bodies', async () => {
    const unauthorized = await post(
      { model: 'm', max_tokens: 1, messages },
      { 'x-api-key': 'wrong', 'anthropic-version': '2023-06-01' },
    )
    expect(unauthorized.status).toBe(401)
    expect(await readJson(unauthorized)).toMatchObject({
      type: 'error',
      error: { type: 'authentication_error' },
    })
    fakes.anthropic.inject('429')
    const limited = await post({ model: 'm', max_tokens: 1, messages })
    expect(limited.status).toBe(429)
    expect(limited.headers.get('retry-after')).toBe('1')
    fakes.anthropic.inject('529')
    expect(await (await post({ model: 'm', max_tokens: 1, messages })).json()).toMatchObject({
      error: { type: 'overloaded_error' },
    })
    expect((await post({ model: 'm', messages })).status).toBe(400)
  })
})
