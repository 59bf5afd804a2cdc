/**
 * An error meant for a person: its message is one sentence that says what happened and what to do.
 * The CLI prints it as one line and exits non-zero; the UI shows it as is.
 */
export class UserError extends Error {
  override readonly name = 'UserError'

  constructor(
    message: string,
    /** A stable code for tests and the UI (`db.unreachable`, `db.schema-too-new`, …). */
    readonly code: string,
    options?: { cause?: unknown },
  ) {
    super(message, options)
  }
}

export function isUserError(error: unknown): error is UserError {
  return error instanceof UserError
}

/** The one-line text of any thrown value, for logs and last-resort CLI output. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message.split('\n')[0] ?? error.name
  return String(error)
}
