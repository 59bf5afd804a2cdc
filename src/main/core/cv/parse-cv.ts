import { UserError } from '../errors'
import { ClaudeFailure, type ClaudeOptions, type CvInput, parseCvWithClaude } from './claude-parser'
import { parseCvOffline } from './heuristic-parser'
import { capProfile, type ParsedCv, type PlanCaps } from './profile'

/**
 * The profile of a CV: from Claude when a key is set, else (or when Claude fails in any way) from the
 * offline parser, with the reason kept so the UI and CLI can say the plan needs a check.
 */
export async function parseCv(
  input: CvInput,
  claude: ClaudeOptions | undefined,
  caps: PlanCaps,
): Promise<ParsedCv> {
  if (claude) {
    try {
      return { profile: await parseCvWithClaude(input, claude, caps), parser: 'claude', fallbackReason: null }
    } catch (error) {
      if (!(error instanceof ClaudeFailure)) throw error
      // A scan has no text for the offline parser: what Claude could not read, nothing here can.
      if (!('text' in input))
        throw new UserError(
          `Claude could not read the scan (${error.message}): export your CV with text, or try again later.`,
          'cv.scan-unread',
        )
      return {
        profile: capProfile(parseCvOffline(input.text), caps),
        parser: 'heuristic',
        fallbackReason: error.message,
      }
    }
  }
  if (!('text' in input)) throw new Error('parseCv needs the text of a CV when no Claude key is set')
  return {
    profile: capProfile(parseCvOffline(input.text), caps),
    parser: 'heuristic',
    fallbackReason: 'no ANTHROPIC_API_KEY is set',
  }
}
