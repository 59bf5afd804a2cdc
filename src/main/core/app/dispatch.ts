import type { z } from 'zod'
import {
  type CallArgs,
  isMethodName,
  METHODS,
  type MethodName,
  type MethodOutput,
} from '../../../shared/contract'
import { errorMessage, isUserError, UserError } from '../errors'
import type { Handlers } from './handlers'
import type { Logger } from './logger'

/** What every transport sends back: the result, or an error the UI can show as it is. */
export type Envelope =
  | { ok: true; result: unknown }
  | { ok: false; error: { message: string; code: string; status: number } }

function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0]
  if (!issue) return 'invalid value'
  const path = issue.path.length ? `${issue.path.join('.')}: ` : ''
  return `${path}${issue.message}`
}

/**
 * Calls one method by name with untrusted input: unknown names and invalid input are refused (4xx),
 * a UserError is the person's to fix (422), and anything else is our bug (500, logged with its stack).
 * The output is checked against the contract too, so a transport never sends what the UI cannot read.
 */
export async function dispatch(
  handlers: Handlers,
  name: string,
  rawInput: unknown,
  log?: Logger,
): Promise<Envelope> {
  if (!isMethodName(name)) {
    return {
      ok: false,
      error: { message: `Unknown method "${name}".`, code: 'contract.unknown-method', status: 404 },
    }
  }
  const spec = METHODS[name]
  const parsed = spec.input.safeParse(rawInput === null ? undefined : rawInput)
  if (!parsed.success) {
    return {
      ok: false,
      error: {
        message: `Invalid input for ${name}: ${describeIssue(parsed.error)}.`,
        code: 'contract.bad-input',
        status: 400,
      },
    }
  }
  try {
    const handler = handlers[name] as (input: unknown) => Promise<unknown>
    const output = spec.output.safeParse(await handler(parsed.data))
    if (!output.success) {
      log?.error(`${name} answered outside the contract: ${describeIssue(output.error)}`)
      return {
        ok: false,
        error: {
          message: `${name} failed inside the app; details are in the log.`,
          code: 'internal',
          status: 500,
        },
      }
    }
    return { ok: true, result: output.data }
  } catch (error) {
    if (isUserError(error))
      return { ok: false, error: { message: error.message, code: error.code, status: 422 } }
    log?.error(`${name} failed.`, error)
    return {
      ok: false,
      error: {
        message: `${name} failed: ${errorMessage(error)}. Details are in the log.`,
        code: 'internal',
        status: 500,
      },
    }
  }
}

/** Direct calls (CLI, tests): the same checks as the transports, the error thrown as a UserError. */
export async function call<K extends MethodName>(
  handlers: Handlers,
  name: K,
  ...input: CallArgs<K>
): Promise<MethodOutput<K>> {
  const envelope = await dispatch(handlers, name, input[0])
  if (envelope.ok) return envelope.result as MethodOutput<K>
  throw new UserError(envelope.error.message, envelope.error.code)
}
