/**
 * A link a person may be sent to: http or https, nothing else (no `javascript:`, `file:`, `data:`, or an
 * app's own scheme). The Apply button, the `o` shortcut, the desktop window and the stored jobs all ask it.
 */
export function isWebLink(url: string | null | undefined): url is string {
  if (!url) return false
  try {
    const { protocol } = new URL(url)
    return protocol === 'http:' || protocol === 'https:'
  } catch {
    return false
  }
}

/** The link when it is a web link; null otherwise (what a job stores for an apply URL of another scheme). */
export function webLinkOrNull(url: string | null | undefined): string | null {
  return isWebLink(url) ? url.trim() : null
}
