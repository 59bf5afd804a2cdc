/**
 * What crosses a process boundary around the contract, typed once: the envelope every transport answers
 * with (IPC and HTTP), and the bridge the desktop preload exposes to the page.
 */

/** The answer to one call: its result, or an error the UI can show as it is. */
export type Envelope =
  | { ok: true; result: unknown }
  | { ok: false; error: { message: string; code: string; status: number } }

/** What the preload exposes in the desktop app (`window.jobMonitor`); absent in a browser. */
export interface DesktopBridge {
  invoke(name: string, input?: unknown): Promise<unknown>
  on(name: string, listener: (payload: unknown) => void): () => void
  pathForFile(file: File): string
}
