/** How to reach Claude: the key, the endpoint and the model (the CV parser and the second opinion use it). */
export interface ClaudeOptions {
  apiKey: string
  /** Endpoint root without `/v1`; the SDK's default when undefined. */
  baseUrl?: string
  model: string
  timeoutMs?: number
  maxRetries?: number
}
