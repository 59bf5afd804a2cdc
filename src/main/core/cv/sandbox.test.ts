import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Fakes, startFakes } from '../../../../test/fakes/index'
import { makePdf } from '../../../../test/helpers/cv-fixtures'
import { describeEachDialect } from '../../../../test/helpers/databases'
import {
  docxWithMarkup,
  emptyDocx,
  encodedText,
  flateBombPdf,
  manyPagePdf,
  zipBombDocx,
} from '../../../../test/helpers/hostile-files'
import { testRuntime } from '../../../../test/helpers/runtime'
import { detectCvType } from './file-type'
import { ParseSandbox } from './sandbox'

const CV = [
  'Anna Müller — Softwareentwicklerin',
  'München, Deutschland · anna@example.de',
  'Wunschposition: Softwareentwicklerin, Backend Developer',
  'Erfahrung: fünf Jahre Python, SQL und Kubernetes bei einer Versicherung in München.',
].join('\n')

describe('the parse sandbox refuses a hostile file in one sentence, without parsing it', () => {
  const sandbox = new ParseSandbox()
  afterAll(() => sandbox.close())

  it.each([
    [
      'a DOCX with 56 MB of markup (190 KB on disk)',
      () => docxWithMarkup(56),
      'docx',
      /expands to over 56 MB/,
    ],
    ['a zip bomb that declares its size', () => zipBombDocx(300), 'docx', /expands to over 300 MB/],
    ['a zip bomb that declares 1 KB', () => zipBombDocx(300, { lie: true }), 'docx', /expands to over 48 MB/],
    ['a Flate-bomb PDF', () => flateBombPdf(400), 'pdf', /decodes to over 200 MB of content/],
    ['a 110,000-page PDF', async () => manyPagePdf(110_000), 'pdf', /has 110,000 pages; a CV has a few/],
  ] as const)('%s', async (_, make, type, message) => {
    const bytes = await make()
    const started = Date.now()
    const refusal = await sandbox.extract(bytes, type, `resume.${type}`).catch((e) => e)
    expect(refusal).toMatchObject({ code: expect.stringMatching(/^cv\.too-/) })
    expect(refusal.message).toMatch(message)
    expect(refusal.message).toMatch(/^resume\.(docx|pdf) .+[.:] /)
    expect(refusal.message.split('\n')).toHaveLength(1)
    // Refused by the guards, not after parsing: well inside the deadline.
    expect(Date.now() - started).toBeLessThan(15_000)
  })

  it('refuses a DOCX and a PDF without text, before anything could be sent to Claude', async () => {
    await expect(sandbox.extract(await emptyDocx(), 'docx', 'blank.docx')).rejects.toMatchObject({
      code: 'cv.no-text',
      message: 'blank.docx has no text in it: add your CV’s text, or export it as PDF.'.replace('’', "'"),
    })
    await expect(sandbox.extract(await makePdf([[''], ['']]), 'pdf', 'blank.pdf')).rejects.toMatchObject({
      code: 'cv.no-text',
    })
  })

  it('reads text CVs in UTF-16 (with and without a byte-order mark) and Windows-1252', async () => {
    for (const [encoding, bom] of [
      ['utf-16le', true],
      ['utf-16le', false],
      ['utf-16be', true],
      ['utf-16be', false],
      ['windows-1252', false],
    ] as const) {
      const bytes = encodedText(CV, encoding, bom)
      expect(detectCvType(bytes, 'cv.txt'), `${encoding}${bom ? ' with BOM' : ''}`).toBe('text')
      const { text } = await sandbox.extract(bytes, 'text', 'cv.txt')
      expect(text, `${encoding}${bom ? ' with BOM' : ''}`).toContain('Wunschposition: Softwareentwicklerin')
      expect(text).toContain('München')
    }
  })
})

describe('the parse sandbox stops what runs too long or too big, and goes on', () => {
  it('stops a file past its deadline by ending its thread, then reads the next file', async () => {
    const sandbox = new ParseSandbox({ deadlineMs: 400, heapMb: 512 })
    const started = Date.now()
    await expect(sandbox.extract(await docxWithMarkup(7), 'docx', 'slow.docx')).rejects.toMatchObject({
      code: 'cv.too-slow',
      message: expect.stringMatching(
        /^slow\.docx takes longer than 0 s to read|^slow\.docx takes longer than/,
      ),
    })
    expect(Date.now() - started).toBeLessThan(3_000)
    const next = new ParseSandbox({ deadlineMs: 20_000, heapMb: 512 })
    expect((await next.extract(new TextEncoder().encode(CV), 'text', 'cv.txt')).text).toContain('München')
    await Promise.all([sandbox.close(), next.close()])
  })

  it('refuses a file that needs more memory than the thread may have', async () => {
    const sandbox = new ParseSandbox({ deadlineMs: 60_000, heapMb: 24 })
    await expect(sandbox.extract(await docxWithMarkup(7), 'docx', 'heavy.docx')).rejects.toMatchObject({
      code: 'cv.too-complex',
      message: expect.stringMatching(/^heavy\.docx needs more memory to read than any CV/),
    })
    await sandbox.close()
  })

  it('stops reading when the read is cancelled', async () => {
    const sandbox = new ParseSandbox()
    const controller = new AbortController()
    const reading = sandbox.extract(await docxWithMarkup(7), 'docx', 'big.docx', {
      signal: controller.signal,
    })
    setTimeout(() => controller.abort(), 300)
    const started = Date.now()
    await expect(reading).rejects.toMatchObject({
      code: 'cv.cancelled',
      message: 'Reading big.docx was cancelled.',
    })
    expect(Date.now() - started).toBeLessThan(2_000)
    await sandbox.close()
  })
})

let fakes: Fakes
beforeAll(async () => {
  fakes = await startFakes({ corpusSize: 200 })
})
afterAll(() => fakes.stop())

describeEachDialect('the app while a file is read', (t) => {
  it('keeps answering other calls, and the person can cancel the read', async () => {
    const app = await testRuntime(t, fakes, { keep: 'anthropic' })
    try {
      const slow = Buffer.from(await docxWithMarkup(7)).toString('base64')
      const asked = fakes.anthropic.requests.length
      const reading = app
        .call('cv/read', { fileName: 'big.docx', dataBase64: slow, readId: 'r1' })
        .catch((e) => e)
      const latencies: number[] = []
      for (let i = 0; i < 8; i++) {
        const started = performance.now()
        await app.call('system/get-status')
        latencies.push(performance.now() - started)
        await new Promise((resolve) => setTimeout(resolve, 100))
      }
      // A parse on the event loop would hold every one of these calls for seconds.
      expect(Math.max(...latencies)).toBeLessThan(1_000)
      expect(await app.call('cv/cancel-read', { readId: 'r1' })).toEqual({ cancelled: true })
      expect(await reading).toMatchObject({ code: 'cv.cancelled' })
      expect(await app.call('cv/cancel-read', { readId: 'r1' })).toEqual({ cancelled: false })

      // A DOCX without words costs no Claude call.
      const blank = Buffer.from(await emptyDocx()).toString('base64')
      await expect(app.call('cv/read', { fileName: 'blank.docx', dataBase64: blank })).rejects.toMatchObject({
        code: 'cv.no-text',
      })
      expect(fakes.anthropic.requests.length).toBe(asked)
    } finally {
      await app.close()
    }
  })
})
