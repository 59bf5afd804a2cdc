import { describe, expect, it } from 'vitest'
import {
  DEFAULT_PLANNER_SETTINGS,
  type PlannerCombination,
  planSource,
  type SourceBudgetInput,
} from './planner'

const NOW = new Date('2026-11-20T05:00:00.000Z')
const DAY = 86_400_000

/** A combination last loaded `daysAgo` days ago that brings `perDay` jobs a day (null: never fetched). */
function combination(
  label: string,
  perDay: number | null,
  options: { priority?: number; daysAgo?: number | null; truncated?: boolean } = {},
): PlannerCombination {
  const daysAgo = options.daysAgo === undefined ? 1 : options.daysAgo
  return {
    titleKey: label.toLowerCase(),
    locationKey: 'berlin',
    label,
    priority: options.priority ?? 5,
    loadedUntil: daysAgo === null ? null : new Date(NOW.getTime() - daysAgo * DAY),
    perDay,
    truncated: options.truncated ?? false,
  }
}

function jsearch(left: number, daysLeft = 10, reserve = 0): SourceBudgetInput {
  return { source: 'jsearch', unit: 'requests', left, daysLeft, reserve, averagePerDay: 0 }
}

const call = (plan: ReturnType<typeof planSource>, label: string) => plan.calls.find((c) => c.label === label)
const wait = (plan: ReturnType<typeof planSource>, label: string) =>
  plan.waiting.find((w) => w.label === label)

describe('the plan of calls, on synthetic histories', () => {
  it('asks a quiet combination every 3 days with one page of `3days`, and lets it wait in between', () => {
    const quiet = [combination('Quiet A', 1.5, { daysAgo: 3 }), combination('Quiet B', 1.5, { daysAgo: 1 })]
    const plan = planSource(NOW, quiet, jsearch(200), DEFAULT_PLANNER_SETTINGS)
    expect(call(plan, 'Quiet A')).toMatchObject({ window: '3days', pages: 1, cost: 1, everyDays: 3 })
    expect(call(plan, 'Quiet A')!.why).toBe('every 3 days, 1 page (about 5 jobs in 3 days)')
    expect(wait(plan, 'Quiet B')).toMatchObject({ dueOn: '2026-11-22', daysLate: 0, reason: 'plan' })
    // One request per combination per three days.
    expect(plan.perDay).toBeCloseTo(0.7, 1)
    expect(plan.neededPerDay).toBe(plan.perDay)
    expect(plan.covered).toBe(true)
    expect(plan.advice).toBeNull()
  })

  it('asks a busy one for ten pages (billed as two) so three days fit, and a truncated one for more', () => {
    const plan = planSource(
      NOW,
      [
        combination('Busy', 12, { daysAgo: 3 }),
        combination('Full page last time', 2, { daysAgo: 3, truncated: true }),
      ],
      jsearch(200),
      DEFAULT_PLANNER_SETTINGS,
    )
    expect(call(plan, 'Busy')).toMatchObject({ window: '3days', pages: 10, cost: 2, everyDays: 3 })
    // What came back filled every page: the volume is at least that, so ten pages are asked.
    expect(call(plan, 'Full page last time')).toMatchObject({ pages: 10, cost: 2 })
  })

  it('loads high priorities, and combinations it knows nothing about, every day', () => {
    const plan = planSource(
      NOW,
      [
        combination('High', 1, { priority: 9, daysAgo: 1 }),
        combination('Never fetched', null, { daysAgo: null }),
      ],
      jsearch(200),
      DEFAULT_PLANNER_SETTINGS,
    )
    expect(call(plan, 'High')).toMatchObject({ window: 'today', pages: 1, cost: 1, everyDays: 1 })
    expect(call(plan, 'High')!.why).toBe('every day: priority 9 (≥ 8)')
    expect(call(plan, 'Never fetched')).toMatchObject({ window: 'today', everyDays: 1 })
    expect(call(plan, 'Never fetched')!.why).toBe('every load until its volume is known')
  })

  it('with two loads a day, asks high priorities at both; a delay of 0 asks everything every day', () => {
    const twice = planSource(
      NOW,
      [combination('High', 1, { priority: 8, daysAgo: 0.5 }), combination('Low', 1, { daysAgo: 0.5 })],
      jsearch(500),
      { ...DEFAULT_PLANNER_SETTINGS, loadsPerDay: 2 },
    )
    expect(call(twice, 'High')).toMatchObject({ everyDays: 0.5 })
    expect(wait(twice, 'Low')).toBeDefined()
    const everyDay = planSource(NOW, [combination('Low', 1, { daysAgo: 1 })], jsearch(200), {
      ...DEFAULT_PLANNER_SETTINGS,
      maxDelayDays: 0,
    })
    expect(call(everyDay, 'Low')).toMatchObject({ everyDays: 1, window: 'today' })
    expect(call(everyDay, 'Low')!.why).toBe('every day (the delay setting is 0)')
  })

  it('a combination waiting longer than planned is asked with the window that covers its days', () => {
    const plan = planSource(
      NOW,
      [combination('Missed', 0.5, { daysAgo: 6 })],
      jsearch(200),
      DEFAULT_PLANNER_SETTINGS,
    )
    expect(call(plan, 'Missed')).toMatchObject({ window: 'week', pages: 1 })
  })

  it('never plans past what is left: a short plan stretches low priorities to a week, then spreads by priority', () => {
    // 30 combinations, 10 days left, 40 requests: everything on time needs ~10 a day.
    const combos = Array.from({ length: 30 }, (_, i) =>
      combination(`C${String(i).padStart(2, '0')}`, 2, { priority: i < 3 ? 9 : 5, daysAgo: 7 }),
    )
    const plan = planSource(NOW, combos, jsearch(40, 10, 4), DEFAULT_PLANNER_SETTINGS)
    expect(plan.covered).toBe(false)
    expect(plan.neededPerDay).toBeGreaterThan(10)
    // Today's share is what is left over the days left, rounded up; high priorities first.
    expect(plan.cost).toBeLessThanOrEqual(Math.ceil(40 / 10))
    // A week since the last load: `week` with ten pages, 2 requests each — two of the three high ones today.
    expect(plan.calls.map((c) => [c.priority, c.window, c.cost])).toEqual([
      [9, 'week', 2],
      [9, 'week', 2],
    ])
    const late = plan.waiting.filter((w) => w.reason === 'budget')
    expect(late.length).toBe(30 - plan.calls.length)
    expect(late.every((w) => w.daysLate > 0)).toBe(true)
    expect(late[0]!.why).toMatch(/^JSearch has 40 requests left for 10 days: today’s share is spent/)
    expect(plan.advice).toMatch(
      /^On time, everything needs about [\d.]+ requests a day; JSearch has 3\.6 a day left\. A plan of about [\d,]+ requests a month, or loading only rows with priority 6 or more, or allowing a longer delay for lower priorities, would cover it\.$/,
    )
    expect(plan.projectedToReset).toBeLessThanOrEqual(40)
  })

  it('plans nothing when nothing is left, and never more than is left on a day many fall due', () => {
    const combos = Array.from({ length: 12 }, (_, i) => combination(`D${i}`, 2, { daysAgo: 3 }))
    expect(planSource(NOW, combos, jsearch(0), DEFAULT_PLANNER_SETTINGS).calls).toEqual([])
    // Covered over the month (12 × 1/3 a day for 30 days = 120 of 130), but only 5 left today after the reserve.
    const plan = planSource(NOW, combos, jsearch(10, 1, 5), DEFAULT_PLANNER_SETTINGS)
    expect(plan.cost).toBeLessThanOrEqual(5)
  })

  it('asks Active Jobs DB every combination at every load and makes low priorities wait only for its jobs budget', () => {
    const aj: SourceBudgetInput = {
      source: 'activejobs',
      unit: 'jobs',
      left: 20_000,
      daysLeft: 10,
      reserve: 0,
      averagePerDay: 10,
    }
    const combos = [combination('A', 5, { daysAgo: 0.2 }), combination('B', null, { daysAgo: null })]
    const plan = planSource(NOW, combos, aj, DEFAULT_PLANNER_SETTINGS)
    expect(plan.calls.map((c) => c.label).sort()).toEqual(['A', 'B'])
    expect(call(plan, 'B')).toMatchObject({ window: '24h', cost: 10 })
    const short = planSource(
      NOW,
      [combination('High', 50, { priority: 9 }), combination('Low', 50)],
      { ...aj, left: 60 },
      DEFAULT_PLANNER_SETTINGS,
    )
    expect(short.calls.map((c) => c.label)).toEqual(['High'])
    expect(wait(short, 'Low')).toMatchObject({ reason: 'budget' })
  })
})
