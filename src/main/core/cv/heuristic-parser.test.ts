import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { makePdf } from '../../../../test/helpers/cv-fixtures'
import { extractText } from './extract-text'
import { parseCvOffline } from './heuristic-parser'

const fixture = (name: string) => readFileSync(`test/fixtures/cvs/${name}.txt`, 'utf8')

describe('the offline CV parser', () => {
  it('reads an English CV: the stated targets, home city, and where the person would move', () => {
    const profile = parseCvOffline(fixture('en-data-scientist'))
    expect(profile.jobTitles).toEqual(['Senior Data Scientist', 'ML Engineer'])
    expect(profile.locations).toEqual(['Berlin', 'Munich'])
    expect(profile.country).toBe('de')
    expect(profile.seniority).toBe('senior')
    expect(profile.skills).toEqual(expect.arrayContaining(['Python', 'SQL', 'Spark', 'PyTorch']))
    expect(profile.languages).toEqual(['English', 'German'])
  })

  it('reads a German Lebenslauf: Wohnort, Berufserfahrung, Homeoffice, without the Werkstudent step', () => {
    const profile = parseCvOffline(fixture('de-softwareentwickler'))
    expect(profile.jobTitles).toEqual(['Softwareentwickler'])
    expect(profile.locations).toEqual(['Köln', 'Remote'])
    expect(profile.workArrangement).toBe('Remote OK')
    expect(profile.languages).toEqual(['German', 'English'])
  })

  it('splits a headline of several titles and reads remote wishes', () => {
    const profile = parseCvOffline(fixture('headline-devops'))
    expect(profile.jobTitles).toEqual(['DevOps Engineer', 'Software Architect'])
    expect(profile.locations).toEqual(['Hamburg', 'Remote'])
  })

  it('takes a stated "Wunschposition" and the city of the address', () => {
    const profile = parseCvOffline(fixture('de-pflege'))
    expect(profile.jobTitles).toEqual(['Gesundheits- und Krankenpflegerin'])
    expect(profile.locations).toEqual(['München'])
    expect(profile.country).toBe('de')
    expect(profile.languages).toEqual(['German', 'English', 'Turkish'])
  })

  it("searches a student's working-student and internship titles when they are all there is", () => {
    const profile = parseCvOffline(fixture('student'))
    expect(profile.jobTitles).toEqual(['Data Analyst', 'Frontend Developer'])
    expect(profile.locations).toEqual(['Leipzig'])
  })

  it('finds no titles in an invoice', () => {
    expect(parseCvOffline(fixture('invoice')).jobTitles).toEqual([])
  })

  it('reads the same CV from a two-column PDF with soft hyphens and ligatures', async () => {
    const pdf = await makePdf(
      // A word hyphenated at the end of a line, as justified text breaks it.
      [
        [
          'Jordan Smith',
          'DevOps Engineer · Software Architect',
          'Experience',
          'Lead DevOps Engineer at Otto, plat-',
          'form work on AWS',
        ],
      ],
      {
        rightColumn: [
          ['Contact', 'Hamburg', 'Remote-first, office days by agreement', 'Skills', 'Kubernetes, Terraform'],
        ],
      },
    )
    const { text } = await extractText(pdf, 'pdf', 'cv.pdf')
    expect(text).toContain('platform work on AWS')
    // Each column reads as a block of its own.
    expect(text.indexOf('Lead DevOps Engineer')).toBeLessThan(text.indexOf('Contact'))
    const profile = parseCvOffline(text)
    expect(profile.jobTitles).toEqual(['DevOps Engineer', 'Software Architect'])
    expect(profile.locations).toEqual(['Hamburg', 'Remote'])
  })
})

describe('extracted text', () => {
  it('loses soft hyphens and spells out ligatures', async () => {
    const { cleanText } = await import('./extract-text')
    expect(cleanText('Pro\u00adjekt\u00ad\nmanager mit \uFB01nanz\uFB02air')).toBe(
      'Projektmanager mit finanzflair',
    )
  })
})
