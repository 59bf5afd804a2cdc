import type { EventName, MethodName } from './index'

/**
 * The contract's method and event names without their schemas, for the sandboxed preload (which should
 * not carry zod; the type import above is erased). The compiler keeps these lists equal to the contract
 * (below), and a test pins the list itself, so a new channel is a reviewed change.
 */
export const METHOD_NAMES = [
  'system/get-status',
  'system/switch-demo',
  'system/get-summary',
  'profile/get',
  'profile/save',
  'cv/read',
  'cv/cancel-read',
  'places/check',
  'cv/import',
  'plan/get',
  'plan/add-title',
  'plan/add-location',
  'plan/remove-title',
  'plan/remove-location',
  'plan/edit-row',
  'plan/replan',
  'plan/list-rows',
  'feed/list',
  'feed/export',
  'feed/mark-visited',
  'jobs/get',
  'jobs/set-state',
  'companies/watched',
  'companies/watch',
  'companies/unwatch',
  'backfill/get-status',
  'backfill/retry',
  'backfill/run',
  'daily/run-once',
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
  'alerts/get',
  'alerts/update',
  'alerts/test',
  'applications/list',
  'applications/update',
  'applications/export',
  'feeds/get',
  'feeds/create',
  'feeds/revoke',
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

/** True only when A and B are the same set of names. */
type SameNames<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
const methodsMatch: SameNames<(typeof METHOD_NAMES)[number], MethodName> = true
const eventsMatch: SameNames<(typeof EVENT_NAMES)[number], EventName> = true
void methodsMatch
void eventsMatch
