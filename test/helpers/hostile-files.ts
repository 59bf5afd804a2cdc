import { constants, createDeflate, createDeflateRaw } from 'node:zlib'
import JSZip from 'jszip'

/**
 * Files built to hurt a parser, generated in the test (none is checked in): the kinds a security review
 * measured freezing or killing the app before CV parsing moved into its sandbox.
 */

/** Zeros, deflated as a stream so the test never holds them: `raw` for ZIP entries, zlib for PDF streams. */
async function deflatedZeros(bytes: number, raw: boolean): Promise<Uint8Array> {
  const stream = raw ? createDeflateRaw({ level: 9 }) : createDeflate({ level: 9 })
  const parts: Buffer[] = []
  stream.on('data', (chunk: Buffer) => parts.push(chunk))
  const done = new Promise((resolve) => stream.on('end', resolve))
  const chunk = Buffer.alloc(1024 * 1024)
  for (let written = 0; written < bytes; written += chunk.length) {
    if (!stream.write(chunk)) await new Promise((resolve) => stream.once('drain', resolve))
  }
  stream.end()
  await done
  return new Uint8Array(Buffer.concat(parts))
}

/** A ZIP written by hand, so an entry can declare any size it likes. */
function zipOf(
  entries: Array<{ name: string; data: Uint8Array; declared: number; method: 0 | 8 }>,
): Uint8Array {
  const locals: Buffer[] = []
  const centrals: Buffer[] = []
  let offset = 0
  for (const e of entries) {
    const name = Buffer.from(e.name)
    const local = Buffer.alloc(30)
    local.writeUInt32LE(0x04034b50, 0)
    local.writeUInt16LE(20, 4)
    local.writeUInt16LE(e.method, 8)
    local.writeUInt32LE(e.data.length, 18)
    local.writeUInt32LE(e.declared, 22)
    local.writeUInt16LE(name.length, 26)
    const central = Buffer.alloc(46)
    central.writeUInt32LE(0x02014b50, 0)
    central.writeUInt16LE(20, 4)
    central.writeUInt16LE(20, 6)
    central.writeUInt16LE(e.method, 10)
    central.writeUInt32LE(e.data.length, 20)
    central.writeUInt32LE(e.declared, 24)
    central.writeUInt16LE(name.length, 28)
    central.writeUInt32LE(offset, 42)
    locals.push(local, name, Buffer.from(e.data))
    centrals.push(central, name)
    offset += local.length + name.length + e.data.length
  }
  const directory = Buffer.concat(centrals)
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(entries.length, 8)
  end.writeUInt16LE(entries.length, 10)
  end.writeUInt32LE(directory.length, 12)
  end.writeUInt32LE(offset, 16)
  return new Uint8Array(Buffer.concat([...locals, directory, end]))
}

const DOCUMENT = (body: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>`

/** A small DOCX whose document.xml is `mb` MB of paragraphs: the 190 KB file that parsed for 94 s. */
export async function docxWithMarkup(mb: number): Promise<Uint8Array> {
  const paragraph = '<w:p><w:r><w:t>Senior Data Engineer in Berlin, Python and SQL.</w:t></w:r></w:p>'
  const zip = new JSZip()
  zip.file('word/document.xml', DOCUMENT(paragraph.repeat(Math.ceil((mb * 1024 * 1024) / paragraph.length))))
  return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE', compressionOptions: { level: 9 } })
}

/**
 * A DOCX carrying an entry that inflates to `mb` MB of zeros — declaring its true size, or (`lie`) 1 KB,
 * as a bomb that hopes nobody inflates it to check.
 */
export async function zipBombDocx(mb: number, options: { lie?: boolean } = {}): Promise<Uint8Array> {
  const text = new TextEncoder().encode(DOCUMENT('<w:p><w:r><w:t>Data Engineer, Berlin</w:t></w:r></w:p>'))
  const bomb = await deflatedZeros(mb * 1024 * 1024, true)
  return zipOf([
    { name: 'word/document.xml', data: text, declared: text.length, method: 0 },
    { name: 'word/media/image1.png', data: bomb, declared: options.lie ? 1024 : mb * 1024 * 1024, method: 8 },
  ])
}

/** A DOCX that is a valid document with no words in it. */
export async function emptyDocx(): Promise<Uint8Array> {
  const zip = new JSZip()
  zip.file('word/document.xml', DOCUMENT('<w:p/><w:p/>'))
  return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' })
}

/** A PDF written by hand from its objects, with a correct cross-reference table. */
function pdfOf(objects: Array<string | Uint8Array>): Uint8Array {
  const parts: Buffer[] = [Buffer.from('%PDF-1.7\n')]
  let length = parts[0]!.length
  const offsets: number[] = []
  objects.forEach((object, i) => {
    offsets.push(length)
    const body = Buffer.concat([
      Buffer.from(`${i + 1} 0 obj\n`),
      typeof object === 'string' ? Buffer.from(object) : Buffer.from(object),
      Buffer.from('\nendobj\n'),
    ])
    parts.push(body)
    length += body.length
  })
  const xref = [`xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`]
  for (const offset of offsets) xref.push(`${String(offset).padStart(10, '0')} 00000 n \n`)
  xref.push(`trailer << /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${length}\n%%EOF\n`)
  parts.push(Buffer.from(xref.join('')))
  return new Uint8Array(Buffer.concat(parts))
}

/** A one-page PDF whose content stream inflates to `mb` MB: the 0.9 MB file that blocked a server for 100 s. */
export async function flateBombPdf(mb: number): Promise<Uint8Array> {
  const data = await deflatedZeros(mb * 1024 * 1024, false)
  const stream = Buffer.concat([
    Buffer.from(`<< /Length ${data.length} /Filter /FlateDecode >>\nstream\n`),
    Buffer.from(data),
    Buffer.from('\nendstream'),
  ])
  return pdfOf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>',
    stream,
  ])
}

/** A valid PDF of `pages` blank pages: the 110,000-page file that ran past 150 s. */
export function manyPagePdf(pages: number): Uint8Array {
  const kids = Array.from({ length: pages }, (_, i) => `${i + 3} 0 R`).join(' ')
  return pdfOf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    `<< /Type /Pages /Kids [${kids}] /Count ${pages} >>`,
    ...Array.from({ length: pages }, () => '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>'),
  ])
}

/** A text CV in another encoding than UTF-8. */
export function encodedText(text: string, encoding: 'utf-16le' | 'utf-16be' | 'windows-1252', bom: boolean) {
  if (encoding === 'windows-1252') {
    // Every character of the CVs used here is in Latin-1, where Windows-1252 agrees byte for byte.
    return new Uint8Array(Buffer.from(text, 'latin1'))
  }
  const le = Buffer.from(text, 'utf16le')
  const bytes = encoding === 'utf-16le' ? le : Buffer.from(le).swap16()
  const mark = encoding === 'utf-16le' ? [0xff, 0xfe] : [0xfe, 0xff]
  return new Uint8Array(bom ? Buffer.concat([Buffer.from(mark), bytes]) : bytes)
}

export { constants as zlibConstants }
