/**
 * The contract's method and event names without their schemas, for the sandboxed preload (which should
 * not carry zod). A test keeps these lists equal to the contract.
 */
export const METHOD_NAMES = [
  'system/get-status',
  'system/switch-demo',
  'profile/get',
  'profile/save',
  'cv/read',
  'places/check',
  'cv/import',
  'plan/get',
  'plan/add-title',
  'plan/add-location',
  'plan/remove-title',
  'plan/remove-location',
  'plan/edit-row',
  'plan/replan',
  'feed/list',
  'feed/mark-visited',
  'jobs/get',
  'jobs/set-state',
  'backfill/get-status',
  'backfill/retry',
  'daily/run-now',
  'runs/list',
  'schedule/get',
  'schedule/pause',
  'schedule/resume',
  'quota/get-summary',
  'quota/what-if',
  'quota/plan-calls',
  'settings/get',
  'settings/update',
  'keys/test',
  'database/test-connection',
] as const

export const EVENT_NAMES = [
  'backfill/progress',
  'run/progress',
  'run/finished',
  'jobs/new',
  'quota/changed',
  'schedule/changed',
] as const

/** The one IPC channel events travel on from main to the window. */
export const EVENT_CHANNEL = 'app/event'
