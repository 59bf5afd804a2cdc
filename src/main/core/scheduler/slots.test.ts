import { describe, expect, it } from 'vitest'
import { UserError } from '../errors'
import {
  lastSlot,
  lastSlotOf,
  nextSlot,
  nextSlotOf,
  parseTimeOfDay,
  parseTimes,
  slotBefore,
  zonedInstant,
} from './slots'

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

describe('several loads a day', () => {
  const times = parseTimes('18:00, 6:00')
  it('reads a list of times, sorted and once each', () => {
    expect(times.map((t) => `${t.hour}:${t.minute}`)).toEqual(['6:0', '18:0'])
    expect(parseTimes('06:00,06:00')).toHaveLength(1)
    expect(() => parseTimes(' , ')).toThrow(
      '" , " names no time of day: use HH:MM, or several as 06:00,18:00.',
    )
  })

  it('finds the last and next slot among them, and the slot before each (its window)', () => {
    const noon = new Date('2026-11-28T11:00:00.000Z') // 12:00 in Berlin
    expect(lastSlotOf(noon, times, BERLIN).key).toBe('daily:2026-11-28T06:00@Europe/Berlin')
    expect(nextSlotOf(noon, times, BERLIN).key).toBe('daily:2026-11-28T18:00@Europe/Berlin')
    const evening = nextSlotOf(noon, times, BERLIN)
    expect(slotBefore(evening, times, BERLIN).key).toBe('daily:2026-11-28T06:00@Europe/Berlin')
    const morning = lastSlotOf(noon, times, BERLIN)
    expect(slotBefore(morning, times, BERLIN).key).toBe('daily:2026-11-27T18:00@Europe/Berlin')
    // One time a day: the slot before is the same time the day before, 24 hours earlier (23 or 25 across DST).
    const six = parseTimes('06:00')
    expect(slotBefore(lastSlotOf(noon, six, BERLIN), six, BERLIN).at.toISOString()).toBe(
      at('2026-11-27', '06:00'),
    )
  })
})
