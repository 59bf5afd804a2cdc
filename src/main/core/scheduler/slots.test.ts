import { describe, expect, it } from 'vitest'
import { UserError } from '../errors'
import { lastSlot, nextSlot, parseTimeOfDay, zonedInstant } from './slots'

const BERLIN = 'Europe/Berlin'
const at = (date: string, time: string) => zonedInstant(date, parseTimeOfDay(time), BERLIN).toISOString()

describe('daily slots in Europe/Berlin', () => {
  it('are 06:00 local in winter and in summer', () => {
    expect(at('2026-11-28', '6:00')).toBe('2026-11-28T05:00:00.000Z')
    expect(at('2026-07-01', '06:00')).toBe('2026-07-01T04:00:00.000Z')
  })

  it('stay at 06:00 local on the days the clocks change', () => {
    expect(at('2026-03-29', '06:00')).toBe('2026-03-29T04:00:00.000Z')
    expect(at('2026-10-25', '06:00')).toBe('2026-10-25T05:00:00.000Z')
  })

  it('run 02:30 at 03:30 when it does not exist (spring), and once, the first time, when it happens twice (autumn)', () => {
    expect(at('2026-03-28', '02:30')).toBe('2026-03-28T01:30:00.000Z')
    expect(at('2026-03-29', '02:30')).toBe('2026-03-29T01:30:00.000Z') // 03:30 CEST
    expect(at('2026-03-30', '02:30')).toBe('2026-03-30T00:30:00.000Z')
    expect(at('2026-10-25', '02:30')).toBe('2026-10-25T00:30:00.000Z') // 02:30 CEST, not 02:30 CET
    expect(at('2026-10-26', '02:30')).toBe('2026-10-26T01:30:00.000Z')
  })

  it('finds the next and the last slot across a change', () => {
    const sixAm = parseTimeOfDay('06:00')
    const justBefore = new Date('2026-03-29T03:59:00.000Z')
    expect(nextSlot(justBefore, sixAm, BERLIN)).toMatchObject({
      key: 'daily:2026-03-29T06:00@Europe/Berlin',
      at: new Date('2026-03-29T04:00:00.000Z'),
    })
    expect(lastSlot(justBefore, sixAm, BERLIN).key).toBe('daily:2026-03-28T06:00@Europe/Berlin')
    expect(lastSlot(new Date('2026-10-25T05:00:00.000Z'), sixAm, BERLIN).key).toBe(
      'daily:2026-10-25T06:00@Europe/Berlin',
    )
    expect(nextSlot(new Date('2026-10-25T05:00:00.000Z'), sixAm, BERLIN).at.toISOString()).toBe(
      '2026-10-26T05:00:00.000Z',
    )
  })

  it('refuses a time that is not one', () => {
    expect(() => parseTimeOfDay('25:00')).toThrow(UserError)
    expect(() => parseTimeOfDay('six')).toThrow('"six" is not a time of day: use HH:MM, such as 06:00.')
  })
})
