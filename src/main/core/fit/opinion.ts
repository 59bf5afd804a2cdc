import { z } from 'zod'
import type { CvProfile } from '../../../shared/contract/profile'
import { type ClaudeOptions, claudeClient } from '../claude'

/**
 * Claude's second opinion of one job for one person: a verdict and one reason, through a forced tool call so
 * the answer has a known shape. Optional (Settings, off by default), a few jobs a day, the day's best by the
 * local score; the local score stays the order and the fallback.
 */
export const OPINION_VERDICTS = ['strong', 'possible', 'weak'] as const
export type OpinionVerdict = (typeof OPINION_VERDICTS)[number]

export interface Opinion {
  verdict: OpinionVerdict
  reason: string
  model: string
  inputTokens: number
  outputTokens: number
}

/** What is sent of a description: enough to judge, and a known ceiling on the cost. */
export const OPINION_DESCRIPTION_CHARS = 6000
const MAX_OUTPUT_TOKENS = 150
/**
 * The most one opinion costs, in tokens: the description (6,000 characters, about 1,500 tokens at 4
 * characters a token), the profile and the instructions (about 450), and the answer (at most 150).
 */
export const OPINION_TOKENS_PER_JOB = 2100

const TOOL = 'record_opinion'
const answerSchema = z.object({
  verdict: z.enum(OPINION_VERDICTS),
  reason: z.string().trim().min(1),
})

export interface OpinionJob {
  title: string
  company: string | null
  location: string | null
  work_arrangement: string | null
  description: string | null
}

export type OpinionProfile = Pick<
  CvProfile,
  'jobTitles' | 'locations' | 'workArrangement' | 'seniority' | 'skills' | 'languages'
> & { summary?: string }

export async function askOpinion(
  profile: OpinionProfile,
  job: OpinionJob,
  options: ClaudeOptions,
): Promise<Opinion> {
  const client = claudeClient(options, { timeoutMs: 30_000, maxRetries: 1 })
  const person = [
    `Wants: ${profile.jobTitles.join(', ') || 'not said'}`,
    `Where: ${profile.locations.join(', ') || 'not said'}${profile.workArrangement ? ` (${profile.workArrangement})` : ''}`,
    `Level: ${profile.seniority ?? 'not said'}`,
    `Skills: ${profile.skills.join(', ') || 'not said'}`,
    `Languages: ${profile.languages.join(', ') || 'not said'}`,
    profile.summary ? `Summary: ${profile.summary}` : '',
  ]
    .filter(Boolean)
    .join('\n')
  const posting = [
    `Title: ${job.title}`,
    `Company: ${job.company ?? 'not given'}`,
    `Place: ${job.location ?? 'not given'}${job.work_arrangement ? ` (${job.work_arrangement})` : ''}`,
    `Description:\n${(job.description ?? 'none').slice(0, OPINION_DESCRIPTION_CHARS)}`,
  ].join('\n')
  const message = await client.messages.create({
    model: options.model,
    max_tokens: MAX_OUTPUT_TOKENS,
    system:
      'You judge whether a job posting fits a job seeker. Call the tool once: verdict strong (apply), possible ' +
      '(worth a look) or weak (not for them), and one short reason (at most 20 words) naming the deciding fact.',
    tools: [
      {
        name: TOOL,
        description: 'Records the verdict on the job and its one reason.',
        input_schema: {
          type: 'object',
          properties: {
            verdict: { type: 'string', enum: [...OPINION_VERDICTS] },
            reason: { type: 'string' },
          },
          required: ['verdict', 'reason'],
        },
      },
    ],
    tool_choice: { type: 'tool', name: TOOL },
    messages: [{ role: 'user', content: `<person>\n${person}\n</person>\n<job>\n${posting}\n</job>` }],
  })
  const call = message.content.find((block) => block.type === 'tool_use' && block.name === TOOL)
  const parsed = answerSchema.safeParse(call?.type === 'tool_use' ? call.input : undefined)
  if (!parsed.success)
    throw new Error(`Claude answered without a verdict (stop reason ${message.stop_reason})`)
  return {
    verdict: parsed.data.verdict,
    reason: parsed.data.reason.slice(0, 200),
    model: message.model,
    inputTokens: Math.round(message.usage.input_tokens),
    outputTokens: Math.round(message.usage.output_tokens),
  }
}
