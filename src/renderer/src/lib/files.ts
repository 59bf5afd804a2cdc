export { MAX_CV_BYTES, MAX_CV_MB } from '../../../shared/limits'

/** A file as base64, for the contract's `dataBase64`. */
export async function fileToBase64(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer())
  let binary = ''
  const chunk = 0x8000
  for (let i = 0; i < bytes.length; i += chunk) binary += String.fromCharCode(...bytes.subarray(i, i + chunk))
  return btoa(binary)
}

/** True while something being dragged over the window carries files (not text or a link). */
export function carriesFiles(event: DragEvent | React.DragEvent): boolean {
  return Array.from(event.dataTransfer?.types ?? []).includes('Files')
}

/** Saves a file the main process made (an export) as a download. */
export function saveDownload(file: { content: string; mimeType: string; fileName: string }): void {
  const url = URL.createObjectURL(new Blob([file.content], { type: file.mimeType }))
  const anchor = document.createElement('a')
  anchor.href = url
  anchor.download = file.fileName
  anchor.click()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}
