import { inflateRawSync, inflateSync } from 'node:zlib'
import { UserError } from '../errors'

/**
 * Limits that no CV comes near and every bomb crosses. They are checked on the bytes before a parser sees
 * them, by actually inflating what the file would inflate (with zlib's output cap), so a file that lies
 * about its sizes is caught too.
 */
export const FILE_LIMITS = {
  /** Everything a DOCX's entries expand to, together. A CV's DOCX is a few MB expanded, photos included. */
  docxExpandedBytes: 48 * 1024 * 1024,
  /** Its XML (the text and its markup): a CV's is well under 1 MB; parsing 56 MB of it took 94 s. */
  docxXmlBytes: 8 * 1024 * 1024,
  /** What a PDF's compressed streams decode to, together (fonts and a photo included). */
  pdfDecodedBytes: 200 * 1024 * 1024,
  /** A CV has a few pages; a book or a generated monster is not one. */
  pdfPages: 40,
}

const MB = 1024 * 1024
const size = (bytes: number) =>
  bytes >= 1024 * MB ? `${(bytes / 1024 / MB).toFixed(1)} GB` : `${Math.round(bytes / MB)} MB`

function tooBig(fileName: string, what: string): UserError {
  return new UserError(`${fileName} ${what}: it is not a CV we can read.`, 'cv.too-complex')
}

const u16 = (b: Uint8Array, at: number) => b[at]! | (b[at + 1]! << 8)
const u32 = (b: Uint8Array, at: number) => (u16(b, at) | (u16(b, at + 2) << 16)) >>> 0

/**
 * A DOCX (a ZIP) whose entries, declared or inflated, expand past the limit is refused before any parser
 * inflates it: "resume.docx expands to over 1.2 GB".
 */
export function guardDocx(
  bytes: Uint8Array,
  fileName: string,
  limit = FILE_LIMITS.docxExpandedBytes,
  xmlLimit = FILE_LIMITS.docxXmlBytes,
): void {
  // The end-of-central-directory record: in the last 64 KB + 22 bytes.
  let eocd = -1
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 65_557); i--) {
    if (u32(bytes, i) === 0x06054b50) {
      eocd = i
      break
    }
  }
  if (eocd < 0) {
    throw new UserError(
      `${fileName} looks like a Word document but its archive is damaged: save it again as DOCX or PDF.`,
      'cv.corrupt',
    )
  }
  const entries = u16(bytes, eocd + 10)
  let at = u32(bytes, eocd + 16)
  let declared = 0
  let inflated = 0
  let xml = 0
  for (let n = 0; n < entries; n++) {
    if (at + 46 > bytes.length || u32(bytes, at) !== 0x02014b50) break
    const method = u16(bytes, at + 10)
    const compressed = u32(bytes, at + 20)
    const uncompressed = u32(bytes, at + 24)
    const nameLength = u16(bytes, at + 28)
    const next = at + 46 + nameLength + u16(bytes, at + 30) + u16(bytes, at + 32)
    const local = u32(bytes, at + 42)
    const name = Buffer.from(bytes.subarray(at + 46, at + 46 + nameLength)).toString('utf8')
    const isXml = /\.(xml|rels)$/i.test(name)
    at = next
    // ZIP64 sizes (0xFFFFFFFF) are 4 GB and more: no CV.
    if (compressed === 0xffffffff || uncompressed === 0xffffffff)
      throw tooBig(fileName, 'expands to over 4 GB')
    declared += uncompressed
    if (declared > limit) throw tooBig(fileName, `expands to over ${size(declared)}`)
    if (isXml && uncompressed > xmlLimit)
      throw tooBig(fileName, `holds ${size(uncompressed)} of document markup`)
    let entry = method === 0 ? compressed : 0
    if (method === 8 && local + 30 <= bytes.length && u32(bytes, local) === 0x04034b50) {
      const start = local + 30 + u16(bytes, local + 26) + u16(bytes, local + 28)
      // What it really inflates to, not what it says: a bomb may declare 1 KB.
      const cap = Math.min(limit - inflated, isXml ? xmlLimit - xml : limit) + 1
      try {
        entry = inflateRawSync(bytes.subarray(start, start + compressed), { maxOutputLength: cap }).length
      } catch (error) {
        if (!(error instanceof RangeError || (error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE'))
          continue // A damaged entry is the parser's to report.
        entry = cap
      }
    }
    inflated += entry
    if (isXml) xml += entry
    if (inflated > limit) throw tooBig(fileName, `expands to over ${size(limit)}`)
    if (xml > xmlLimit) throw tooBig(fileName, `holds over ${size(xmlLimit)} of document markup`)
  }
}

/**
 * A PDF whose Flate streams decode past the limit is refused before pdf.js decodes them: a "Flate bomb"
 * of a few hundred KB can decode to gigabytes.
 */
export function guardPdf(bytes: Uint8Array, fileName: string, limit = FILE_LIMITS.pdfDecodedBytes): void {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1')
  // A page tree written in the open says how many pages it has: no need to load them to refuse a book.
  for (const pages of text.matchAll(/\/Type\s*\/Pages\b/g)) {
    const start = text.lastIndexOf('<<', pages.index)
    const end = text.indexOf('>>', pages.index)
    const count = /\/Count\s+(\d+)/.exec(text.slice(start, end))?.[1]
    if (count) guardPages(Number(count), fileName)
  }
  let decoded = 0
  let from = 0
  for (;;) {
    const keyword = text.indexOf('stream', from)
    if (keyword < 0) break
    from = keyword + 6
    if (text.startsWith('end', keyword - 3)) continue
    const dictStart = text.lastIndexOf('<<', keyword)
    if (dictStart < 0 || keyword - dictStart > 4096) continue
    if (!/\/(FlateDecode|Fl)\b/.test(text.slice(dictStart, keyword))) continue
    let start = keyword + 6
    if (text[start] === '\r') start++
    if (text[start] === '\n') start++
    const end = text.indexOf('endstream', start)
    if (end < 0) break
    from = end + 9
    try {
      decoded += inflateSync(bytes.subarray(start, end), { maxOutputLength: limit - decoded + 1 }).length
    } catch (error) {
      if (error instanceof RangeError || (error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE')
        throw tooBig(fileName, `decodes to over ${size(limit)} of content`)
      // Not zlib after all, or damaged: pdf.js decides.
    }
    if (decoded > limit) throw tooBig(fileName, `decodes to over ${size(limit)} of content`)
  }
}

/** A PDF with more pages than any CV is refused with the count. */
export function guardPages(total: number, fileName: string, limit = FILE_LIMITS.pdfPages): void {
  if (total > limit) {
    throw new UserError(
      `${fileName} has ${total.toLocaleString('en')} pages; a CV has a few: export just your CV.`,
      'cv.too-many-pages',
    )
  }
}
