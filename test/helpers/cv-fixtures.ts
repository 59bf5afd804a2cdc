import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import fontkit from '@pdf-lib/fontkit'
import JSZip from 'jszip'
import { PDFDocument, type PDFFont, StandardFonts } from 'pdf-lib'

/**
 * CV files made in the test, so no binary fixture is checked in: PDFs (one or two columns, several
 * pages), an encrypted PDF, an image-only PDF, a DOCX.
 */
export async function makePdf(
  pages: string[][],
  options: { rightColumn?: string[][]; unicode?: boolean } = {},
): Promise<Uint8Array> {
  const doc = await PDFDocument.create()
  let font: PDFFont
  let draw = winAnsi
  if (options.unicode) {
    // DejaVu Sans, embedded as a subset: Polish, Turkish, Croatian… letters as a CV writer's font draws them.
    doc.registerFontkit(fontkit)
    const path = createRequire(import.meta.url).resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf')
    font = await doc.embedFont(readFileSync(path), { subset: true })
    draw = (text) => text
  } else {
    font = await doc.embedFont(StandardFonts.Helvetica)
  }
  pages.forEach((lines, index) => {
    const page = doc.addPage([595, 842])
    lines.forEach((line, i) => {
      page.drawText(draw(line), { x: 50, y: 790 - i * 16, size: 10, font })
    })
    options.rightColumn?.[index]?.forEach((line, i) => {
      page.drawText(draw(line), { x: 330, y: 790 - i * 16, size: 10, font })
    })
  })
  return doc.save()
}

/** Helvetica (WinAnsi) has no "·" or ligatures; keep what it can draw. */
function winAnsi(text: string): string {
  return text.replace(/[^\u0020-\u00ff\u2013\u2014\u2022\u00b7]/g, '?')
}

/** A page with a drawing and no text: what a scanner produces. */
export async function makeImageOnlyPdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create()
  const page = doc.addPage([595, 842])
  page.drawRectangle({ x: 50, y: 50, width: 495, height: 742, borderWidth: 2 })
  return doc.save()
}

/**
 * A PDF whose trailer names a Standard security handler: readers ask for the password (there is none
 * that fits), which is what an encrypted CV does.
 */
export function makeEncryptedPdf(): Uint8Array {
  const o = 'a'.repeat(64)
  const u = 'b'.repeat(64)
  const objects = [
    '1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj',
    '2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj',
    '3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj',
    `4 0 obj << /Filter /Standard /V 1 /R 2 /O <${o}> /U <${u}> /P -44 >> endobj`,
  ]
  let body = '%PDF-1.4\n'
  const offsets: number[] = []
  for (const object of objects) {
    offsets.push(body.length)
    body += `${object}\n`
  }
  const xref = body.length
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`
  for (const offset of offsets) body += `${String(offset).padStart(10, '0')} 00000 n \n`
  body += `trailer << /Size ${objects.length + 1} /Root 1 0 R /Encrypt 4 0 R /ID [<${'c'.repeat(32)}> <${'c'.repeat(32)}>] >>\nstartxref\n${xref}\n%%EOF\n`
  return new TextEncoder().encode(body)
}

export async function makeDocx(paragraphs: string[]): Promise<Uint8Array> {
  const zip = new JSZip()
  const escapeXml = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
  zip.file(
    '[Content_Types].xml',
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
  )
  zip.file(
    '_rels/.rels',
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
  )
  zip.file(
    'word/document.xml',
    `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${paragraphs
      .map((p) => `<w:p><w:r><w:t xml:space="preserve">${escapeXml(p)}</w:t></w:r></w:p>`)
      .join('')}</w:body></w:document>`,
  )
  return zip.generateAsync({ type: 'uint8array' })
}
