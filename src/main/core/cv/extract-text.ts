import mammoth from 'mammoth'
import { PDFParse } from 'pdf-parse'
import { UserError } from '../errors'
import { FILE_LIMITS, guardDocx, guardPages, guardPdf } from './file-guards'
import { type CvFileType, decodeText } from './file-type'

export interface ExtractedText {
  text: string
  pages: number
}

/** Below this many letters a PDF has no usable text layer (a scan, or an export as images). */
const MIN_LETTERS = 40

/**
 * The text of a CV. PDFs go through pdf-parse page by page (page markers are not added, soft hyphens and
 * ligatures are undone); DOCX through mammoth; text in its encoding (UTF-8, UTF-16, Windows-1252). A file
 * that would expand past what any CV does is refused first (file-guards.ts), and a file without text is
 * refused here — before anything is sent to Claude. Runs in the parse sandbox (sandbox.ts), never on the
 * app's event loop.
 */
export async function extractText(
  bytes: Uint8Array,
  type: CvFileType,
  fileName = 'This file',
): Promise<ExtractedText> {
  if (type === 'pdf') return extractPdf(bytes, fileName)
  if (type === 'docx') {
    guardDocx(bytes, fileName)
    let text: string
    try {
      text = cleanText((await mammoth.extractRawText({ buffer: Buffer.from(bytes) })).value)
    } catch (error) {
      throw new UserError(
        `${fileName} looks like a Word document but cannot be read (${(error as Error).message}): save it again as DOCX or PDF.`,
        'cv.corrupt',
        { cause: error },
      )
    }
    if (!hasText(text))
      throw new UserError(
        `${fileName} has no text in it: add your CV's text, or export it as PDF.`,
        'cv.no-text',
      )
    return { text, pages: 1 }
  }
  const text = cleanText(decodeText(bytes))
  if (!/\p{L}/u.test(text))
    throw new UserError(`${fileName} has no text in it: choose your CV itself.`, 'cv.no-text')
  return { text, pages: 1 }
}

const hasText = (text: string) => (text.match(/\p{L}/gu) ?? []).length >= MIN_LETTERS

async function extractPdf(bytes: Uint8Array, fileName: string): Promise<ExtractedText> {
  guardPdf(bytes, fileName)
  // pdf.js takes ownership of the buffer it is given: hand it a copy so the caller's bytes stay intact.
  const parser = new PDFParse({ data: new Uint8Array(bytes), verbosity: 0 })
  try {
    // One page past the cap is enough to know the count; the pages beyond are never read.
    const result = await parser.getText({ pageJoiner: '', first: FILE_LIMITS.pdfPages + 1 })
    guardPages(result.total, fileName)
    const text = cleanText(result.pages.map((p) => p.text).join('\n\n'))
    if (!hasText(text)) {
      throw new UserError(
        `${fileName} has no text (a scanned or image-only PDF): export it with text, or paste your CV as text.`,
        'cv.no-text',
      )
    }
    return { text, pages: result.total }
  } catch (error) {
    if (error instanceof UserError) throw error
    const name = (error as { name?: string }).name ?? ''
    if (name === 'PasswordException' || /password|encrypt/i.test((error as Error).message ?? '')) {
      throw new UserError(
        `${fileName} is password-protected: save a copy without a password and import that.`,
        'cv.encrypted',
        { cause: error },
      )
    }
    throw new UserError(
      `${fileName} is a damaged PDF (${(error as Error).message ?? name}): export it from your editor again.`,
      'cv.corrupt',
      { cause: error },
    )
  } finally {
    await parser.destroy().catch(() => {})
  }
}

/** Soft hyphens out, words broken at a line end joined, ligatures (ﬁ, ﬂ) spelt out, blank runs squeezed. */
export function cleanText(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/\u00ad\s*/g, '')
    .replace(/(\p{Ll})-\n(\p{Ll})/gu, '$1$2')
    .replace(/[ \t\u00a0]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()
}
