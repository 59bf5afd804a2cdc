import { parse } from 'csv-parse/sync'
import { describe, expect, it } from 'vitest'
import { type ExportedJob, plainText, toCsv } from './feed-export'

const job = (change: Partial<ExportedJob>): ExportedJob => ({
  id: 1,
  title: 'Data Engineer',
  company: 'Zalando',
  location: 'Berlin',
  workArrangement: 'Hybrid',
  employmentType: 'full-time',
  salaryMin: 60000,
  salaryMax: null,
  salaryCurrency: 'EUR',
  salaryPeriod: 'year',
  postedAt: '2026-12-01T08:00:00.000Z',
  firstSeenAt: '2026-12-01T09:00:00.000Z',
  state: 'applied',
  fit: 82,
  fitReasons: ['Python', 'your title', 'missing: German C1'],
  watched: true,
  applyUrl: 'https://jobs.example.org/1',
  links: { jsearch: 'https://jobs.example.org/1', activejobs: 'https://ats.example.org/1' },
  description: 'Line one, with a comma\nand "quotes".',
  ...change,
})

describe('the CSV export', () => {
  it('is RFC 4180 with a byte-order mark and reads back exactly, line breaks and quotes included', () => {
    const csv = toCsv([job({}), job({ id: 2, title: 'Café Ünternehmer — 東京', company: null })])
    expect(csv.startsWith('\uFEFFid,title,company,')).toBe(true)
    expect(csv).toContain('"Line one, with a comma\r\nand ""quotes""."'.replace('\r\n', '\n'))
    const rows = parse(csv, { bom: true, columns: true }) as Array<Record<string, string>>
    expect(rows).toHaveLength(2)
    expect(rows[0]).toMatchObject({
      id: '1',
      salary_min: '60000',
      salary_max: '',
      fit: '82',
      fit_reasons: 'Python; your title; missing: German C1',
      watched: 'yes',
      link_jsearch: 'https://jobs.example.org/1',
      link_activejobs: 'https://ats.example.org/1',
      description: 'Line one, with a comma\nand "quotes".',
    })
    expect(rows[1]).toMatchObject({ title: 'Café Ünternehmer — 東京', company: '' })
  })

  it('keeps a hostile text from running as a spreadsheet formula', () => {
    const rows = parse(
      toCsv([job({ title: '=HYPERLINK("https://evil.example","x")', company: '@SUM(A1)' })]),
      {
        bom: true,
        columns: true,
      },
    ) as Array<Record<string, string>>
    expect(rows[0]!.title).toBe('\'=HYPERLINK("https://evil.example","x")')
    expect(rows[0]!.company).toBe("'@SUM(A1)")
  })

  it('turns an HTML description into its text', () => {
    expect(
      plainText(
        '<p>We build <b>pipelines</b> &amp; more.</p><ul><li>Python</li><li>Spark</li></ul><script>x()</script>',
      ),
    ).toBe('We build pipelines & more.\n• Python\n• Spark')
    expect(plainText('Plain text stays.  ')).toBe('Plain text stays.')
    expect(plainText(null)).toBeNull()
  })
})
