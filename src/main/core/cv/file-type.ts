import { MAX_CV_BYTES, MAX_CV_MB } from '../../../shared/limits'
import { UserError } from '../errors'

export type CvFileType = 'pdf' | 'docx' | 'text'

const IMAGES: Array<[string, number[]]> = [
  ['PNG', [0x89, 0x50, 0x4e, 0x47]],
  ['JPEG', [0xff, 0xd8, 0xff]],
  ['GIF', [0x47, 0x49, 0x46, 0x38]],
  ['TIFF', [0x49, 0x49, 0x2a, 0x00]],
  ['TIFF', [0x4d, 0x4d, 0x00, 0x2a]],
]

function startsWith(bytes: Uint8Array, prefix: readonly number[], at = 0): boolean {
  return prefix.every((b, i) => bytes[at + i] === b)
}

/**
 * What a file is, by its content, never by its name: a renamed image or program is refused with a
 * sentence saying what to choose instead.
 */
export function detectCvType(bytes: Uint8Array, fileName = 'This file'): CvFileType {
  if (bytes.length === 0)
    throw new UserError(`${fileName} is empty: choose your CV (PDF, DOCX or text).`, 'cv.empty')
  if (bytes.length > MAX_CV_BYTES) {
    const mb = (bytes.length / 1024 / 1024).toFixed(1)
    throw new UserError(
      `${fileName} is ${mb} MB; a CV must be under ${MAX_CV_MB} MB: export a smaller PDF.`,
      'cv.too-large',
    )
  }
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'pdf' // %PDF-
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) {
    if (Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes('word/document.xml'))
      return 'docx'
    throw new UserError(
      `${fileName} is a ZIP archive, not a CV: choose the PDF, DOCX or text file itself.`,
      'cv.not-a-cv',
    )
  }
  for (const [name, magic] of IMAGES) {
    if (startsWith(bytes, magic)) {
      throw new UserError(
        `${fileName} is an image (${name}), not a text CV: export your CV as a PDF with text, or paste it as text.`,
        'cv.image',
      )
    }
  }
  if (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8)) {
    throw new UserError(
      `${fileName} is an image (WEBP), not a text CV: export your CV as a PDF with text.`,
      'cv.image',
    )
  }
  if (isText(bytes)) return 'text'
  throw new UserError(
    `${fileName} is not a CV this app can read (it looks like a program or another binary file): choose a PDF, DOCX or text file.`,
    'cv.not-a-cv',
  )
}

/** How a text CV is encoded: what editors on every system save. */
export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252'

/** A text file's encoding, or undefined when the bytes are not text in any of them. */
export function textEncoding(bytes: Uint8Array): TextEncoding | undefined {
  if (startsWith(bytes, [0xff, 0xfe])) return 'utf-16le'
  if (startsWith(bytes, [0xfe, 0xff])) return 'utf-16be'
  const head = bytes.subarray(0, 65_536)
  // UTF-16 without a BOM: Latin text has a zero in every other byte.
  const zeros = (parity: number) => {
    let n = 0
    for (let i = parity; i < head.length; i += 2) if (head[i] === 0) n++
    return n / Math.max(1, head.length / 2)
  }
  if (head.length >= 8) {
    const even = zeros(0)
    const odd = zeros(1)
    if (odd > 0.3 && even < 0.05) return printable(decodeAs(head, 'utf-16le')) ? 'utf-16le' : undefined
    if (even > 0.3 && odd < 0.05) return printable(decodeAs(head, 'utf-16be')) ? 'utf-16be' : undefined
  }
  if (head.includes(0)) return undefined
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head.length < bytes.length ? trimPartial(head) : head)
    return 'utf-8'
  } catch {
    // Not UTF-8: Windows-1252 (Western Europe's "ANSI") when what it decodes to reads as text.
    return printable(decodeAs(head, 'windows-1252')) ? 'windows-1252' : undefined
  }
}

const decodeAs = (bytes: Uint8Array, encoding: TextEncoding) => new TextDecoder(encoding).decode(bytes)

/** Mostly letters, digits, punctuation and spaces: no control characters beyond tab and line breaks. */
function printable(text: string): boolean {
  if (text.length === 0) return false
  let control = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    const isControl =
      (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || (c >= 0x7f && c <= 0x9f) || c === 0xfffd
    if (isControl) control++
  }
  return control / text.length < 0.01
}

/** A text CV as a string, in its encoding, without its byte-order mark. */
export function decodeText(bytes: Uint8Array): string {
  return new TextDecoder(textEncoding(bytes) ?? 'utf-8').decode(bytes).replace(/^\uFEFF/, '')
}

/** Text in one of the encodings above. */
function isText(bytes: Uint8Array): boolean {
  return textEncoding(bytes) !== undefined
}

/** Drops a UTF-8 sequence cut in half at the end of a sample. */
function trimPartial(bytes: Uint8Array): Uint8Array {
  const end = bytes.length
  for (let i = 1; i <= 3 && end - i >= 0; i++) {
    const b = bytes[end - i]!
    if ((b & 0xc0) === 0xc0) return bytes.subarray(0, end - i)
    if ((b & 0x80) === 0) break
  }
  return bytes
}
