/**
 * A response body read as JSON for assertions. Node's fetch types it `unknown`; tests walk it freely and
 * `expect` checks its shape, so it is typed loosely here, once.
 */
// biome-ignore lint/suspicious/noExplicitAny: assertions walk the body; expect checks its shape
export type Json = any

export const readJson = (response: Response): Promise<Json> => response.json()
