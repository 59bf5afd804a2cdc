import { randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export const ANTHROPIC_FAKE_KEY = 'sk-ant-test-key'

export type AnthropicFault = '400' | '401' | '429' | '500' | '529' | 'spend-limit' | 'hang' | 'malformed'

/** What the fake "model" answers: the JSON object it puts in the tool call or the structured text. */
export type Responder = (request: MessagesRequest) => unknown

export interface MessagesRequest {
  model: string
  max_tokens: number
  system?: unknown
  messages: Array<{ role: string; content: unknown }>
  tools?: Array<{ name: string; input_schema: unknown }>
  tool_choice?: { type: string; name?: string }
  output_config?: { format?: { type: string; schema?: unknown } }
}

/**
 * The Anthropic Messages API as a fake (`POST /v1/messages`): both auth headers the SDKs send, a forced
 * tool answered with one `tool_use` block, `output_config.format` answered with one JSON `text` block,
 * usage, ids, a `request-id` header, and the documented error bodies on demand.
 */
export class AnthropicFake {
  readonly requests: Array<{ headers: IncomingMessage['headers']; body: MessagesRequest }> = []
  responder: Responder = () => ({})
  private faults: Array<{ fault: AnthropicFault; times: number }> = []
  private server?: Server
  private hanging = new Set<ServerResponse>()
  url = ''

  async start(port = 0): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res))
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve))
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`
    return this.url
  }

  async stop(): Promise<void> {
    for (const res of this.hanging) res.destroy()
    this.server?.closeAllConnections()
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()))
  }

  inject(fault: AnthropicFault, times = 1): void {
    this.faults.push({ fault, times })
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    if (req.method !== 'POST' || req.url?.split('?')[0] !== '/v1/messages') {
      return this.error(res, 404, 'not_found_error', `Not found: ${req.method} ${req.url}`)
    }
    const key = req.headers['x-api-key'] ?? String(req.headers.authorization ?? '').replace(/^Bearer\s+/i, '')
    if (key !== ANTHROPIC_FAKE_KEY) return this.error(res, 401, 'authentication_error', 'invalid x-api-key')
    if (!req.headers['anthropic-version'])
      return this.error(res, 400, 'invalid_request_error', 'anthropic-version header is required')
    let body: MessagesRequest
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as MessagesRequest
    } catch {
      return this.error(res, 400, 'invalid_request_error', 'The request body is not valid JSON.')
    }
    this.requests.push({ headers: req.headers, body })
    if (!body.model || !body.max_tokens || !Array.isArray(body.messages) || body.messages.length === 0) {
      return this.error(res, 400, 'invalid_request_error', 'model, max_tokens and messages are required')
    }
    const fault = this.faults.find((f) => f.times > 0)
    if (fault) {
      fault.times -= 1
      if (this.serveFault(fault.fault, res)) return
    }

    const forced =
      body.tool_choice?.type === 'tool'
        ? body.tools?.find((t) => t.name === body.tool_choice?.name)
        : undefined
    if (body.tool_choice?.type === 'tool' && !forced) {
      return this.error(
        res,
        400,
        'invalid_request_error',
        `tool_choice names a tool that is not in tools: ${body.tool_choice.name}`,
      )
    }
    const structured = body.output_config?.format?.type === 'json_schema'
    const answer = this.responder(body)
    const content = forced
      ? [
          {
            type: 'tool_use',
            id: `toolu_${randomBytes(12).toString('hex')}`,
            name: forced.name,
            input: answer,
          },
        ]
      : [{ type: 'text', text: structured ? JSON.stringify(answer) : String(answer ?? '') }]
    this.send(res, 200, {
      id: `msg_${randomBytes(12).toString('hex')}`,
      type: 'message',
      role: 'assistant',
      model: body.model === 'claude-haiku-4-5' ? 'claude-haiku-4-5-20251001' : body.model,
      content,
      stop_reason: forced ? 'tool_use' : 'end_turn',
      stop_sequence: null,
      usage: {
        input_tokens: 1200 + JSON.stringify(body.messages).length / 4,
        output_tokens: 96,
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: 0,
      },
    })
  }

  private serveFault(fault: AnthropicFault, res: ServerResponse): boolean {
    switch (fault) {
      case '400':
        this.error(res, 400, 'invalid_request_error', 'tools.0.input_schema: JSON schema is invalid')
        return true
      case '401':
        this.error(res, 401, 'authentication_error', 'invalid x-api-key')
        return true
      case '429':
        this.error(
          res,
          429,
          'rate_limit_error',
          'Number of request tokens has exceeded your per-minute rate limit',
          { 'retry-after': '1' },
        )
        return true
      case 'spend-limit':
        this.send(
          res,
          429,
          {
            type: 'error',
            error: {
              type: 'rate_limit_error',
              message: 'You have reached your specified API usage limits.',
              details: { error_code: 'enforced_spend_limit_reached' },
            },
            request_id: requestId(),
          },
          { 'x-should-retry': 'false' },
        )
        return true
      case '500':
        this.error(res, 500, 'api_error', 'Internal server error')
        return true
      case '529':
        this.error(res, 529, 'overloaded_error', 'Overloaded')
        return true
      case 'hang':
        this.hanging.add(res)
        return true
      case 'malformed':
        res.writeHead(200, { 'content-type': 'application/json', 'request-id': requestId() })
        res.end('{"id":"msg_x","content":[{"type":"tool_use"')
        return true
    }
  }

  private error(
    res: ServerResponse,
    status: number,
    type: string,
    message: string,
    headers: Record<string, string> = {},
  ): void {
    this.send(res, status, { type: 'error', error: { type, message }, request_id: requestId() }, headers)
  }

  private send(
    res: ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ): void {
    res.writeHead(status, { 'content-type': 'application/json', 'request-id': requestId(), ...headers })
    res.end(JSON.stringify(body))
  }
}

function requestId(): string {
  return `req_${randomBytes(12).toString('hex')}`
}
