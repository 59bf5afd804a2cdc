import Anthropic from '@anthropic-ai/sdk'
import { z } from 'zod'
import { type ClaudeOptions, claudeClient } from '../claude'
import { WORK_ARRANGEMENTS } from '../db/schema'
import { type CvProfile, cvProfileSchema, type PlanCaps } from './profile'

export type { ClaudeOptions } from '../claude'

const TOOL_NAME = 'record_cv_profile'

/** What the tool asks Claude for; snake_case reads naturally in a JSON schema. */
const toolInputSchema = z.object({
  job_titles: z.array(z.string()),
  original_titles: z.array(z.object({ title: z.string(), original: z.string() })).default([]),
  locations: z.array(z.string()),
  country: z.string().length(2).nullish(),
  work_arrangement: z.enum(WORK_ARRANGEMENTS).nullish(),
  seniority: z.enum(['intern', 'junior', 'mid', 'senior', 'lead', 'principal', 'executive']).nullish(),
  skills: z.array(z.string()).default([]),
  languages: z.array(z.string()).default([]),
  summary: z.string().default(''),
})

/** Why Claude's answer was not used; the import falls back to the offline parser and says so. */
export class ClaudeFailure extends Error {
  override readonly name = 'ClaudeFailure'
}

export type CvInput = { text: string } | { pdf: Uint8Array }

/**
 * The profile from Claude, through a forced tool call so the answer is JSON of a known shape, and then
 * validated with zod all the same. The CV's text is sent; the PDF itself only when it has no text layer.
 */
export async function parseCvWithClaude(
  input: CvInput,
  options: ClaudeOptions,
  caps: PlanCaps,
): Promise<CvProfile> {
  const client = claudeClient(options, { timeoutMs: 60_000, maxRetries: 2 })
  const cv: Anthropic.ContentBlockParam =
    'text' in input
      ? { type: 'text', text: `<cv>\n${input.text}\n</cv>` }
      : {
          type: 'document',
          source: {
            type: 'base64',
            media_type: 'application/pdf',
            data: Buffer.from(input.pdf).toString('base64'),
          },
        }
  let message: Anthropic.Message
  try {
    message = await client.messages.create({
      model: options.model,
      max_tokens: 1024,
      system: 'You read CVs and record what a job search for this person needs. You never invent facts.',
      messages: [{ role: 'user', content: [cv, { type: 'text', text: instructions(caps) }] }],
      tools: [
        {
          name: TOOL_NAME,
          description: 'Record the job-search profile read from the CV.',
          input_schema: z.toJSONSchema(toolInputSchema) as Anthropic.Tool.InputSchema,
        },
      ],
      tool_choice: { type: 'tool', name: TOOL_NAME },
    })
  } catch (error) {
    throw new ClaudeFailure(explainFailure(error), { cause: error })
  }
  const call = message.content.find((block) => block.type === 'tool_use' && block.name === TOOL_NAME)
  if (call?.type !== 'tool_use') {
    throw new ClaudeFailure(`Claude answered without the profile (stop reason ${message.stop_reason})`)
  }
  const parsed = toolInputSchema.safeParse(call.input)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw new ClaudeFailure(
      `Claude's profile did not fit the schema (${issue?.path.join('.') || 'input'}: ${issue?.message})`,
    )
  }
  const p = parsed.data
  const profile = cvProfileSchema.safeParse({
    jobTitles: p.job_titles
      .map((t) => t.trim())
      .filter((t) => t.length >= 2)
      .slice(0, caps.maxTitles),
    locations: p.locations
      .map((l) => l.trim())
      .filter((l) => l.length >= 2)
      .slice(0, caps.maxLocations),
    originalTitles: Object.fromEntries(
      p.original_titles
        .filter((o) => o.title.trim() && o.original.trim() && o.title.trim() !== o.original.trim())
        .map((o) => [o.title.trim().slice(0, 80), o.original.trim().slice(0, 120)]),
    ),
    country: p.country ?? null,
    workArrangement: p.work_arrangement ?? null,
    seniority: p.seniority ?? null,
    skills: p.skills.slice(0, 40),
    languages: p.languages.slice(0, 10),
    summary: p.summary.slice(0, 400),
  })
  if (!profile.success)
    throw new ClaudeFailure(`Claude's profile did not fit the schema (${profile.error.issues[0]?.message})`)
  return profile.data
}

function instructions(caps: PlanCaps): string {
  return [
    `Call ${TOOL_NAME} with:`,
    `- job_titles: up to ${caps.maxTitles} titles this person is most likely looking for NEXT, most wanted first.`,
    '  Not every past title: a senior data scientist wants "Senior Data Scientist" and maybe "ML Engineer", not "Intern".',
    '  Use the title people search for, without "(m/w/d)": as written for English and German CVs; in English for',
    '  other languages (a Spanish "Desarrollador Backend" is "Backend Developer").',
    '- original_titles: for each translated title, { title, original } with the words the CV used.',
    `- locations: up to ${caps.maxLocations} places they would work: where they live, cities they say they would move to,`,
    '  and "Remote" if they want remote work. City names as the CV writes them, without street or postal code;',
    '  add the state or country when the name alone could be another place ("Cambridge, MA", "Reading, UK").',
    '- country: the ISO-3166 alpha-2 code (lower case) of the country the person lives in, or null.',
    '- work_arrangement: On-site, Hybrid, Remote OK or Remote Solely, or null when the CV does not say.',
    '- seniority, skills (at most 15), languages (English names), and a one-line summary.',
  ].join('\n')
}

function explainFailure(error: unknown): string {
  if (error instanceof Anthropic.AuthenticationError)
    return 'Claude rejected the API key (check ANTHROPIC_API_KEY)'
  if (error instanceof Anthropic.PermissionDeniedError) return 'Claude refused the request for this key'
  if (error instanceof Anthropic.RateLimitError)
    return 'Claude is rate limiting this key or its spend limit is reached'
  if (error instanceof Anthropic.APIConnectionTimeoutError) return 'Claude did not answer in time'
  if (error instanceof Anthropic.APIConnectionError) return 'Claude could not be reached'
  if (error instanceof Anthropic.APIError) {
    if (error.status === 529) return 'Claude is overloaded'
    if ((error.status ?? 0) >= 500) return `Claude had an error (${error.status})`
    return `Claude refused the request (${error.status}: ${error.message.split('\n')[0]})`
  }
  return `Claude failed (${(error as Error).message ?? error})`
}

/**
 * Checks a Claude key with the smallest real call (one token out), for the "test key" button. Never throws:
 * the answer is a sentence either way.
 */
export async function checkClaudeKey(options: ClaudeOptions): Promise<{ ok: boolean; message: string }> {
  // One try: a key check that retried would make a bad key look slow, not wrong.
  const client = claudeClient({ ...options, maxRetries: 0 }, { timeoutMs: 20_000, maxRetries: 0 })
  try {
    await client.messages.create({
      model: options.model,
      max_tokens: 1,
      messages: [{ role: 'user', content: 'ping' }],
    })
    return { ok: true, message: `The key works: CVs will be read by Claude (${options.model}).` }
  } catch (error) {
    return { ok: false, message: `${explainFailure(error)}.` }
  }
}
