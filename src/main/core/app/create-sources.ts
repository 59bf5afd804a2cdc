import type { Clock } from '../clock'
import type { AppConfig } from '../config/config'
import { DemoSource } from '../demo/demo-source'
import type { BackfillReachStore } from '../sources/activejobs/activejobs-client'
import { ActiveJobsSource } from '../sources/activejobs/activejobs-client'
import type { JobSource } from '../sources/job-source'
import { JsearchSource } from '../sources/jsearch/jsearch-client'
import type { CallRecord } from '../sources/rapidapi-gateway'

type SourceConfig = Pick<
  AppConfig,
  | 'jsearchApiKey'
  | 'jsearchBaseUrl'
  | 'jsearchSearchPath'
  | 'activeJobsApiKey'
  | 'activeJobsBaseUrl'
  | 'activeJobsGeneration'
  | 'activeJobsBackfillWindow'
  | 'requestsPerSecond'
  | 'demo'
>

/** The sources that have a key; a source without one is simply off. */
export function createSources(
  config: SourceConfig,
  context: {
    clock: Clock
    onCall?: (record: CallRecord) => Promise<void> | void
    /** In demo mode: when the demo data set was loaded (its posting times count back from then). */
    demoEpoch?: Date
    /** Where Active Jobs DB remembers how far back the plan lets a backfill reach. */
    reach?: BackfillReachStore
  },
): JobSource[] {
  if (config.demo) {
    // The demo needs no key and no network: both sources are served from the bundled data set.
    const demo = { clock: context.clock, onCall: context.onCall, epoch: context.demoEpoch ?? context.clock() }
    return [new DemoSource('jsearch', demo), new DemoSource('activejobs', demo)]
  }
  const common = { clock: context.clock, onCall: context.onCall, requestsPerSecond: config.requestsPerSecond }
  const sources: JobSource[] = []
  if (config.jsearchApiKey) {
    sources.push(
      new JsearchSource({
        ...common,
        baseUrl: config.jsearchBaseUrl,
        apiKey: config.jsearchApiKey,
        searchPath: config.jsearchSearchPath,
      }),
    )
  }
  if (config.activeJobsApiKey) {
    sources.push(
      new ActiveJobsSource({
        ...common,
        baseUrl: config.activeJobsBaseUrl,
        apiKey: config.activeJobsApiKey,
        generation: config.activeJobsGeneration,
        backfillWindow: config.activeJobsBackfillWindow,
        reach: context.reach,
      }),
    )
  }
  return sources
}
