import Anthropic from '@anthropic-ai/sdk'

/** How to reach Claude: the key, the endpoint and the model (the CV parser and the second opinion use it). */
export interface ClaudeOptions {
  apiKey: string
  /** Endpoint root without `/v1`; the SDK's default when undefined. */
  baseUrl?: string
  model: string
  timeoutMs?: number
  maxRetries?: number
}

/** An Anthropic client for these options, with a caller's defaults for the timeout and the retries. */
export function claudeClient(
  options: ClaudeOptions,
  defaults: { timeoutMs: number; maxRetries: number },
): Anthropic {
  return new Anthropic({
    apiKey: options.apiKey,
    baseURL: options.baseUrl,
    timeout: options.timeoutMs ?? defaults.timeoutMs,
    maxRetries: options.maxRetries ?? defaults.maxRetries,
  })
}
