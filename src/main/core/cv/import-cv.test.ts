import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest'
import { ANTHROPIC_FAKE_KEY, type AnthropicFake } from '../../../../test/fakes/anthropic-fake'
import { type Fakes, startFakes } from '../../../../test/fakes/index'
import { makeDocx, makeEncryptedPdf, makeImageOnlyPdf, makePdf } from '../../../../test/helpers/cv-fixtures'
import { describeEachDialect } from '../../../../test/helpers/databases'
import { testClock } from '../../../../test/helpers/jobs'
import type { DbHandle } from '../db/open'
import { UserError } from '../errors'
import { type ImportCvDeps, importCv } from './import-cv'

const text = (name: string) => new Uint8Array(readFileSync(`test/fixtures/cvs/${name}.txt`))
const clock = testClock()

let fakes: Fakes
beforeAll(async () => {
  fakes = await startFakes({ corpusSize: 10 })
})
afterAll(() => fakes.stop())
beforeEach(() => {
  fakes.anthropic.responder = () => ({
    job_titles: [
      'Senior Data Scientist',
      'ML Engineer',
      'Analytics Engineer',
      'Data Engineer',
      'Head of Data',
    ],
    locations: ['Berlin', 'München'],
    work_arrangement: 'Hybrid',
    seniority: 'senior',
    skills: ['Python', 'SQL'],
    languages: ['English', 'German'],
    summary: 'Senior data scientist in Berlin.',
  })
  fakes.anthropic.requests.length = 0
})

function withClaude(anthropic: AnthropicFake): ImportCvDeps {
  return {
    clock,
    sources: ['jsearch', 'activejobs'],
    claude: {
      apiKey: ANTHROPIC_FAKE_KEY,
      baseUrl: anthropic.url,
      model: 'claude-haiku-4-5',
      maxRetries: 0,
      timeoutMs: 2000,
    },
  }
}
const offline: ImportCvDeps = { clock, sources: ['jsearch', 'activejobs'] }

async function counts(handle: DbHandle) {
  const n = async (table: 'users' | 'cvs' | 'user_search_queries') =>
    Number(
      (
        await handle.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    )
  return { users: await n('users'), cvs: await n('cvs'), rows: await n('user_search_queries') }
}

describeEachDialect('importing a CV', (t) => {
  it('asks Claude with the CV text and a forced tool, caps the plan at 4 titles, and stores it all', async () => {
    const handle = await t.fresh()
    const result = await importCv(
      handle.db,
      { bytes: text('en-data-scientist'), fileName: 'cv.txt', email: 'Ada@Example.com', name: 'Ada' },
      withClaude(fakes.anthropic),
    )
    expect(result).toMatchObject({
      parser: 'claude',
      fallbackReason: null,
      alreadyImported: false,
      createdRows: 8,
    })
    expect(result.profile.jobTitles).toEqual([
      'Senior Data Scientist',
      'ML Engineer',
      'Analytics Engineer',
      'Data Engineer',
    ])
    expect(result.rows.map((r) => `${r.title_keyword} × ${r.location}`).slice(0, 2)).toEqual([
      'Senior Data Scientist × Berlin',
      'Senior Data Scientist × München',
    ])
    expect(result.rows.every((r) => r.ai_work_arrangement === 'Hybrid' && r.priority === 5)).toBe(true)
    expect(result.newCombinations).toHaveLength(16) // 8 combinations × 2 sources
    const [request] = fakes.anthropic.requests
    expect(request!.body).toMatchObject({
      model: 'claude-haiku-4-5',
      tool_choice: { type: 'tool', name: 'record_cv_profile' },
    })
    expect(JSON.stringify(request!.body.messages)).toContain('Senior Data Scientist — Zalando SE')
    expect(JSON.stringify(request!.body.messages)).not.toContain('"document"')
    expect(await counts(handle)).toEqual({ users: 1, cvs: 1, rows: 8 })
    const cv = await handle.db.selectFrom('cvs').selectAll().executeTakeFirstOrThrow()
    expect(cv).toMatchObject({ parser: 'claude', file_name: 'cv.txt', mime_type: 'text/plain' })
    expect(cv.sha256).toMatch(/^[0-9a-f]{64}$/)
  })

  it('says when the same file was imported before, and changes nothing', async () => {
    const handle = await t.fresh()
    await importCv(
      handle.db,
      { bytes: text('de-pflege'), fileName: 'cv.txt', email: 'maria@example.de' },
      offline,
    )
    const again = await importCv(
      handle.db,
      { bytes: text('de-pflege'), fileName: 'renamed.txt', email: 'MARIA@example.de' },
      offline,
    )
    expect(again).toMatchObject({ alreadyImported: true, createdRows: 0 })
    expect(again.rows).toHaveLength(1)
    expect(await counts(handle)).toEqual({ users: 1, cvs: 1, rows: 1 })
  })

  it('shares combinations: a second person with overlapping places gets only the new ones as new', async () => {
    const handle = await t.fresh()
    await importCv(
      handle.db,
      { bytes: text('en-data-scientist'), fileName: 'a.txt', email: 'a@example.com' },
      offline,
    )
    // Mark person 1's four combinations done for both sources, as a finished backfill would.
    for (const row of await handle.db.selectFrom('user_search_queries').selectAll().execute()) {
      for (const source of ['jsearch', 'activejobs'] as const) {
        await handle.db
          .insertInto('backfill_tracking')
          .values({
            title_key: row.title_key,
            location_key: row.location_key,
            source,
            title_keyword: row.title_keyword,
            location: row.location,
            status: 'done',
            created_at: 'x',
            updated_at: 'x',
          })
          .execute()
      }
    }
    fakes.anthropic.responder = () => ({
      job_titles: ['ML Engineer'],
      locations: ['Munich', 'Hamburg'],
      skills: [],
      languages: [],
      summary: '',
    })
    const second = await importCv(
      handle.db,
      { bytes: text('headline-devops'), fileName: 'b.txt', email: 'b@example.com' },
      withClaude(fakes.anthropic),
    )
    expect(second.createdRows).toBe(2)
    expect([...new Set(second.newCombinations.map((c) => `${c.titleKey} × ${c.locationKey}`))]).toEqual([
      'ml engineer × hamburg',
    ])
  })

  it('reads PDF and DOCX files, and sends a scanned PDF to Claude as a document only when the person agreed', async () => {
    const handle = await t.fresh()
    const pdf = await makePdf([readFileSync('test/fixtures/cvs/headline-devops.txt', 'utf8').split('\n')])
    const fromPdf = await importCv(
      handle.db,
      { bytes: pdf, fileName: 'cv.pdf', email: 'j@example.com' },
      offline,
    )
    expect(fromPdf).toMatchObject({ fileType: 'pdf', pages: 1, parser: 'heuristic' })
    expect(fromPdf.profile.jobTitles).toEqual(['DevOps Engineer', 'Software Architect'])
    const docx = await makeDocx(
      readFileSync('test/fixtures/cvs/de-softwareentwickler.txt', 'utf8').split('\n'),
    )
    const fromDocx = await importCv(
      handle.db,
      { bytes: docx, fileName: 'cv.docx', email: 'max@example.de' },
      offline,
    )
    expect(fromDocx.profile.jobTitles).toEqual(['Softwareentwickler'])
    const asked = fakes.anthropic.requests.length
    await expect(
      importCv(
        handle.db,
        { bytes: await makeImageOnlyPdf(), fileName: 'scan.pdf', email: 's@example.com' },
        withClaude(fakes.anthropic),
      ),
    ).rejects.toMatchObject({
      code: 'cv.scan-needs-consent',
      message: expect.stringMatching(/one paid call/),
    })
    expect(fakes.anthropic.requests.length).toBe(asked)
    const scan = await importCv(
      handle.db,
      { bytes: await makeImageOnlyPdf(), fileName: 'scan.pdf', email: 's@example.com', sendScan: true },
      withClaude(fakes.anthropic),
    )
    expect(scan.parser).toBe('claude')
    // What Claude could not make sense of, nothing else can read: one sentence, not a crash.
    fakes.anthropic.responder = () => ({ job_titles: 'not a list' })
    await expect(
      importCv(
        handle.db,
        { bytes: await makeImageOnlyPdf(), fileName: 'scan2.pdf', email: 't@example.com', sendScan: true },
        withClaude(fakes.anthropic),
      ),
    ).rejects.toMatchObject({
      code: 'cv.scan-unread',
      message: expect.stringMatching(/^Claude could not read the scan/),
    })
    expect(JSON.stringify(fakes.anthropic.requests.at(-1)!.body.messages)).toContain(
      '"media_type":"application/pdf"',
    )
  })
})

describeEachDialect('when Claude fails', (t) => {
  it.each([
    ['401', 'Claude rejected the API key (check ANTHROPIC_API_KEY)'],
    ['429', 'Claude is rate limiting this key or its spend limit is reached'],
    ['529', 'Claude is overloaded'],
    ['500', 'Claude had an error (500)'],
    ['400', 'Claude refused the request (400'],
    ['malformed', 'Claude'],
  ] as const)('a %s falls back to the offline parser and says why', async (fault, reason) => {
    const handle = await t.fresh()
    fakes.anthropic.inject(fault)
    const result = await importCv(
      handle.db,
      { bytes: text('en-data-scientist'), fileName: 'cv.txt', email: 'a@example.com' },
      withClaude(fakes.anthropic),
    )
    expect(result.parser).toBe('heuristic')
    expect(result.fallbackReason).toContain(reason)
    expect(result.profile.jobTitles).toEqual(['Senior Data Scientist', 'ML Engineer'])
  })

  it('falls back when Claude does not answer in time', async () => {
    const handle = await t.fresh()
    fakes.anthropic.inject('hang')
    const deps = withClaude(fakes.anthropic)
    const result = await importCv(
      handle.db,
      { bytes: text('de-pflege'), fileName: 'cv.txt', email: 'm@example.de' },
      { ...deps, claude: { ...deps.claude!, timeoutMs: 300 } },
    )
    expect(result).toMatchObject({ parser: 'heuristic', fallbackReason: 'Claude did not answer in time' })
  })

  it('falls back when the answer breaks the schema', async () => {
    const handle = await t.fresh()
    fakes.anthropic.responder = () => ({ job_titles: 'Data Scientist', locations: ['Berlin'] })
    const result = await importCv(
      handle.db,
      { bytes: text('en-data-scientist'), fileName: 'cv.txt', email: 'a@example.com' },
      withClaude(fakes.anthropic),
    )
    expect(result.parser).toBe('heuristic')
    expect(result.fallbackReason).toMatch(/^Claude's profile did not fit the schema \(job_titles: /)
  })
})

describeEachDialect('a CV that cannot be used', (t) => {
  const cases: Array<[string, () => Promise<Uint8Array> | Uint8Array, string, RegExp]> = [
    [
      'an image',
      () => new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]),
      'photo.pdf',
      /is an image \(PNG\), not a text CV/,
    ],
    [
      'a zip',
      async () => (await import('jszip')).default().file('a.txt', 'x').generateAsync({ type: 'uint8array' }),
      'cv.pdf',
      /is a ZIP archive, not a CV/,
    ],
    [
      'an executable renamed .pdf',
      () => new Uint8Array([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04]),
      'cv.pdf',
      /not a CV this app can read/,
    ],
    [
      'a corrupt PDF',
      () => new TextEncoder().encode('%PDF-1.7\n1 0 obj << /Type /Catalog'),
      'cv.pdf',
      /is a damaged PDF/,
    ],
    [
      'an encrypted PDF',
      () => makeEncryptedPdf(),
      'cv.pdf',
      /is password-protected: save a copy without a password/,
    ],
    [
      'a scan without Claude',
      () => makeImageOnlyPdf(),
      'scan.pdf',
      /has no text \(a scanned or image-only PDF\): export it with text, or paste your CV/,
    ],
    ['an empty file', () => new Uint8Array(), 'cv.pdf', /is empty/],
    [
      'a file over 15 MB',
      () => new Uint8Array(15 * 1024 * 1024 + 1).fill(0x41),
      'big.txt',
      /is 15\.0 MB; a CV must be under 15 MB/,
    ],
    [
      'an invoice',
      () => text('invoice'),
      'rechnung.txt',
      /No job title found in rechnung\.txt \(found no titles and "Berlin"\): add the titles you are looking for/,
    ],
  ]
  it.each(cases)('refuses %s in one sentence and stores nothing', async (_, bytes, fileName, message) => {
    const handle = await t.fresh()
    const error = await importCv(
      handle.db,
      { bytes: await bytes(), fileName, email: 'a@example.com' },
      offline,
    ).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(UserError)
    expect((error as UserError).message).toMatch(message)
    expect((error as UserError).message.split('\n')).toHaveLength(1)
    expect(await counts(handle)).toEqual({ users: 0, cvs: 0, rows: 0 })
  })

  it('refuses an email that is not one', async () => {
    const handle = await t.fresh()
    const error = await importCv(
      handle.db,
      { bytes: text('de-pflege'), fileName: 'cv.txt', email: 'maria at home' },
      offline,
    ).catch((e: unknown) => e)
    expect((error as UserError).message).toBe(
      '"maria at home" is not an email address: use the form name@example.com.',
    )
    expect(await counts(handle)).toEqual({ users: 0, cvs: 0, rows: 0 })
  })
})
