import type { Migration } from 'kysely'
import * as m01 from './2026-11-28-01-users-and-cvs'
import * as m02 from './2026-11-28-02-normalize-user-search-queries'
import * as m03 from './2026-11-28-03-add-backfill-tracking'
import * as m04 from './2026-11-28-04-jobs-and-postings'
import * as m05 from './2026-11-28-05-runs-usage-settings'
import * as m06 from './2026-11-28-06-run-owner'
import * as m07 from './2026-12-01-07-daily-marks-and-locks'
import * as m08 from './2026-12-02-08-one-job-vocabulary'
import * as m09 from './2026-12-02-09-call-yields'
import * as m10 from './2026-12-03-10-full-text-search'
import * as m11 from './2026-12-03-11-fit-salary-watchlist'
import * as m12 from './2026-12-03-12-phrase-pairs'
import * as m13 from './2026-12-03-13-alerts'
import * as m14 from './2026-12-03-14-applications'
import * as m15 from './2026-12-03-15-closed-jobs'
import * as m16 from './2026-12-03-16-search-statistics'
import * as m17 from './2026-12-03-17-feed-tokens'
import * as m18 from './2026-12-03-18-fit-newest-index'

/**
 * Every migration, imported statically so a bundled main process carries them (it has no loose files).
 * Names start with an ISO date and sort in the order they run. Released files are never edited: add a new one.
 */
export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '2026-11-28-01-users-and-cvs': m01,
  '2026-11-28-02-normalize-user-search-queries': m02,
  '2026-11-28-03-add-backfill-tracking': m03,
  '2026-11-28-04-jobs-and-postings': m04,
  '2026-11-28-05-runs-usage-settings': m05,
  '2026-11-28-06-run-owner': m06,
  '2026-12-01-07-daily-marks-and-locks': m07,
  '2026-12-02-08-one-job-vocabulary': m08,
  '2026-12-02-09-call-yields': m09,
  '2026-12-03-10-full-text-search': m10,
  '2026-12-03-11-fit-salary-watchlist': m11,
  '2026-12-03-12-phrase-pairs': m12,
  '2026-12-03-13-alerts': m13,
  '2026-12-03-14-applications': m14,
  '2026-12-03-15-closed-jobs': m15,
  '2026-12-03-16-search-statistics': m16,
  '2026-12-03-17-feed-tokens': m17,
  '2026-12-03-18-fit-newest-index': m18,
}
