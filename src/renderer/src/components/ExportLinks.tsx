import { useState } from 'react'
import { friendlyError } from '../api/client'
import { saveDownload } from '../lib/files'

type Format = 'csv' | 'json'

/**
 * "Export CSV / JSON": the main process makes the file (the same one `job-monitor export` writes), the
 * window saves it as a download and says what it held.
 */
export function ExportLinks({
  make,
  onError,
}: {
  /** The file, and the line to show once it is saved. */
  make(
    format: Format,
  ): Promise<{ file: { content: string; mimeType: string; fileName: string }; note: string }>
  onError(message: string): void
}) {
  const [busy, setBusy] = useState<Format | null>(null)
  const [note, setNote] = useState<string | null>(null)
  const run = async (format: Format) => {
    setBusy(format)
    setNote(null)
    try {
      const made = await make(format)
      saveDownload(made.file)
      setNote(made.note)
    } catch (e) {
      onError(friendlyError(e))
    } finally {
      setBusy(null)
    }
  }
  return (
    <span className="export">
      {' · Export '}
      <button type="button" className="link" disabled={busy !== null} onClick={() => void run('csv')}>
        {busy === 'csv' ? 'CSV…' : 'CSV'}
      </button>
      {' / '}
      <button type="button" className="link" disabled={busy !== null} onClick={() => void run('json')}>
        {busy === 'json' ? 'JSON…' : 'JSON'}
      </button>
      {note && (
        <span role="status" className="small">
          {' '}
          {note}
        </span>
      )}
    </span>
  )
}
