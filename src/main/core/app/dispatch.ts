import type { z } from 'zod'
import {
  type CallArgs,
  isMethodName,
  METHODS,
  type MethodName,
  type MethodOutput,
} from '../../../shared/contract'
import type { Envelope } from '../../../shared/contract/transport'
import { errorMessage, isUserError, UserError } from '../errors'
import type { Handlers } from './handlers'
import type { Logger } from './logger'

export type { Envelope } from '../../../shared/contract/transport'

function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0]
  if (!issue) return 'invalid value'
  const path = issue.path.length ? `${issue.path.join('.')}: ` : ''
  return `${path}${issue.message}`
}

type Checked = { ok: true; input: unknown } | { ok: false; envelope: Envelope }

/** The method's input checked against the contract, or the 4xx answer that refuses it. */
function checkInput(name: string, rawInput: unknown): Checked & { name?: MethodName } {
  if (!isMethodName(name)) {
    return {
      ok: false,
      envelope: {
        ok: false,
        error: { message: `Unknown method "${name}".`, code: 'contract.unknown-method', status: 404 },
      },
    }
  }
  const parsed = METHODS[name].input.safeParse(rawInput === null ? undefined : rawInput)
  if (!parsed.success) {
    return {
      ok: false,
      envelope: {
        ok: false,
        error: {
          message: `Invalid input for ${name}: ${describeIssue(parsed.error)}.`,
          code: 'contract.bad-input',
          status: 400,
        },
      },
    }
  }
  return { ok: true, input: parsed.data, name }
}

/** Runs the handler and checks its answer against the contract; what the handler throws is thrown. */
async function invoke(handlers: Handlers, name: MethodName, input: unknown, log?: Logger): Promise<unknown> {
  const handler = handlers[name] as (input: unknown) => Promise<unknown>
  const output = METHODS[name].output.safeParse(await handler(input))
  if (output.success) return output.data
  log?.error(`${name} answered outside the contract: ${describeIssue(output.error)}`)
  throw new OutsideContract(`${name} failed inside the app; details are in the log.`)
}

class OutsideContract extends Error {}

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
  const checked = checkInput(name, rawInput)
  if (!checked.ok) return checked.envelope
  try {
    return { ok: true, result: await invoke(handlers, checked.name!, checked.input, log) }
  } catch (error) {
    if (isUserError(error))
      return { ok: false, error: { message: error.message, code: error.code, status: 422 } }
    if (error instanceof OutsideContract)
      return { ok: false, error: { message: error.message, code: 'internal', status: 500 } }
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

/**
 * Direct calls (the CLI, tests): the same checks of input and output as the transports. Refused input is
 * thrown as a UserError; what the handler throws is thrown as it is, so the caller sees the real error.
 */
export async function call<K extends MethodName>(
  handlers: Handlers,
  name: K,
  ...input: CallArgs<K>
): Promise<MethodOutput<K>> {
  const checked = checkInput(name, input[0])
  if (!checked.ok) {
    const { error } = checked.envelope as Extract<Envelope, { ok: false }>
    throw new UserError(error.message, error.code)
  }
  return (await invoke(handlers, name, checked.input)) as MethodOutput<K>
}
