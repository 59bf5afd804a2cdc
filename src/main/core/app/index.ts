/**
 * The app's one door for its callers that are not transports of the contract — the `job-monitor`
 * commands. They build the same runtime as the desktop app and the server, and call the same handler
 * table; what they need beyond the contract (the schedule of `daily --schedule`, parsing the text of
 * `--what-if`) comes through here too, so `src/main/cli` imports nothing else from the core.
 */
export { parseWhatIf } from '../quota/what-if'
export type { DailyResult } from './daily-runner'
export { call } from './dispatch'
export { forwardingLogger } from './logger'
export { type AppRuntime, createAppRuntime, type RuntimeOptions } from './runtime'
export type { ScheduleOverride } from './schedule-controller'
