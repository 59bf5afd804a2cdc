import { SOURCE_NAMES } from '../../shared/domain'
import { callPlanOf, clockOn } from '../core/app/handlers/quota'
import { systemClock } from '../core/clock'
import type { AppConfig } from '../core/config/config'
import { quotaModel } from '../core/quota/model'
import { scheduleInEffect } from '../core/scheduler/schedule-setting'
import { parseTimes } from '../core/scheduler/slots'
import { enabledSources, withDatabase } from './context'
import type { CliIo } from './io'

/**
 * `job-monitor plan-calls [--date D] [--json]`: the plan of calls of today's load (or of a load on D, from
 * what is known now) — per combination the window, pages, cost and why — and the month under it.
 */
export async function planCallsCommand(
  config: AppConfig,
  options: { date?: string; json?: boolean },
  io: CliIo,
): Promise<void> {
  // A bad date is refused before the database is opened.
  const clock = options.date ? clockOn(options.date, systemClock) : systemClock
  await withDatabase(
    config,
    io,
    async (handle) => {
      const schedule = await scheduleInEffect(handle.db, config)
      const model = await quotaModel(handle.db, {
        clock,
        sources: enabledSources(config),
        loadsPerDay: parseTimes(schedule.time).length,
      })
      const date = clock().toISOString().slice(0, 10)
      if (options.json) {
        io.out(
          JSON.stringify(
            {
              date,
              sources: model.sources.map((q) => ({
                ...callPlanOf(q.plan),
                limit: q.limit,
                limitFrom: q.limitFrom,
                used: q.used,
                left: q.left,
                reserve: q.reserve,
                daysLeft: q.daysLeft,
                projected: q.projected,
                verdict: q.verdictText,
              })),
            },
            null,
            2,
          ),
        )
        return
      }
      io.out(`PLAN OF CALLS — the load of ${date}${options.date ? ' (from what is known now)' : ''}`)
      for (const q of model.sources) {
        const p = q.plan
        const name = SOURCE_NAMES[q.source]
        io.out('')
        if (!enabledSources(config).includes(q.source)) {
          io.out(`${name}: off (no key).`)
          continue
        }
        io.out(
          `${name}: ${fmt(q.left)} ${q.unit} left until ${q.periodEnd.slice(0, 10)} (${q.daysLeft} day${q.daysLeft === 1 ? '' : 's'}), ${fmt(q.reserve)} kept back for newcomers' backfills; today may spend ${fmt(p.budgetToday)}, the plan spends ${fmt(p.cost)}.`,
        )
        if (p.calls.length === 0) io.out('  Nothing is asked today.')
        for (const c of p.calls)
          io.out(
            `  ${c.label.padEnd(42)} ${c.window.padEnd(6)} ${String(c.pages).padStart(2)} page${c.pages === 1 ? ' ' : 's'}  ${fmtCost(c.cost, q.unit).padStart(12)}  ${c.why}`,
          )
        if (p.waiting.length) {
          io.out(`  Waiting (${p.waiting.length}):`)
          for (const w of p.waiting)
            io.out(
              `  ${w.label.padEnd(42)} next on ${w.dueOn}${w.daysLate > 0 ? `, ${w.daysLate} day${w.daysLate === 1 ? '' : 's'} late` : ''} — ${w.why}`,
            )
        }
        io.out(
          `  Month: about ${fmt(p.perDay)} ${q.unit} a day under this plan (${fmt(p.neededPerDay)} for everything on time); ${fmt(q.projected)} of ${fmt(q.limit)} by the reset — ${q.verdictText}.`,
        )
        if (p.advice) io.out(`  ${p.advice}`)
      }
    },
    { readOnly: true },
  )
}

const fmt = (n: number) => (Math.round(n * 10) / 10).toLocaleString('en')
const fmtCost = (n: number, unit: string) => `${fmt(n)} ${unit === 'requests' ? 'req' : 'jobs'}`
