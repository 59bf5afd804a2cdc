import type { EventPayload } from '../../../../shared/contract'
import { SOURCE_NAMES } from '../../../../shared/domain'
import type { BackgroundEvent } from '../../backfill/background'

/** A background backfill's event as the contract's `backfill/progress`, in words the UI can show. */
export function backfillEventToProgress(
  event: BackgroundEvent,
): EventPayload<'backfill/progress'> | undefined {
  switch (event.type) {
    case 'combination-started':
      return {
        phase: 'started',
        source: event.source,
        title: event.combination.title,
        location: event.combination.location,
        status: 'running',
        message: `Backfilling ${event.combination.title} in ${event.combination.location} from ${SOURCE_NAMES[event.source]}…`,
      }
    case 'progress':
      return {
        phase: 'progress',
        source: event.source,
        jobsFetched: event.jobsFetched,
        jobsNew: event.jobsNew,
        message: `${event.jobsFetched} jobs fetched from ${SOURCE_NAMES[event.source]} so far.`,
      }
    case 'combination-finished':
      return {
        phase: 'combination',
        source: event.source,
        title: event.combination.title,
        location: event.combination.location,
        status: 'done',
        jobsFound: event.jobsFound,
        message: `${event.combination.title} in ${event.combination.location}: ${event.jobsFound} jobs from ${SOURCE_NAMES[event.source]}.`,
      }
    case 'combination-failed':
      return {
        phase: 'combination',
        source: event.source,
        title: event.combination.title,
        location: event.combination.location,
        status: 'failed',
        error: event.error,
        message: `${event.combination.title} in ${event.combination.location} failed: ${event.error}`,
      }
    case 'backfill-finished':
      return {
        phase: 'finished',
        jobsFetched: event.report.jobsFetched,
        jobsNew: event.report.jobsNew,
        message:
          event.report.outcomes.length === 0
            ? 'Nothing to backfill: every combination is done.'
            : `Backfill finished: ${event.report.jobsNew} new of ${event.report.jobsFetched} jobs.`,
      }
    case 'notice':
      return { phase: 'notice', source: event.source, message: event.message }
    case 'backfill-error':
      return { phase: 'error', message: `The backfill stopped: ${event.error}` }
  }
}
