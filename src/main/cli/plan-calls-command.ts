import { SOURCE_NAMES } from '../../shared/domain'
import { clockOn, systemClock } from '../core/clock'
import type { AppConfig } from '../core/config/config'
import { withApp } from './app-client'
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
  // A bad date is refused before the database is opened, in the flag's words.
  if (options.date) clockOn(options.date, systemClock, '--date')
  const plans = await withApp(config, io, (app) => app.call('quota/plan-calls', { date: options.date }), {
    readOnly: true,
  })
  if (options.json) {
    io.out(JSON.stringify(plans, null, 2))
    return
  }
  io.out(`PLAN OF CALLS — the load of ${plans.date}${options.date ? ' (from what is known now)' : ''}`)
  for (const p of plans.sources) {
    const name = SOURCE_NAMES[p.source]
    io.out('')
    if (!p.enabled) {
      io.out(`${name}: off (no key).`)
      continue
    }
    io.out(
      `${name}: ${fmt(p.left)} ${p.unit} left until ${p.periodEnd.slice(0, 10)} (${p.daysLeft} day${p.daysLeft === 1 ? '' : 's'}), ${fmt(p.reserve)} kept back for newcomers' backfills; today may spend ${fmt(p.budgetToday)}, the plan spends ${fmt(p.cost)}.`,
    )
    if (p.calls.length === 0) io.out('  Nothing is asked today.')
    for (const c of p.calls)
      io.out(
        `  ${c.label.padEnd(42)} ${c.window.padEnd(6)} ${String(c.pages).padStart(2)} page${c.pages === 1 ? ' ' : 's'}  ${fmtCost(c.cost, p.unit).padStart(12)}  ${c.why}`,
      )
    if (p.waiting.length) {
      io.out(`  Waiting (${p.waiting.length}):`)
      for (const w of p.waiting)
        io.out(
          `  ${w.label.padEnd(42)} next on ${w.dueOn}${w.daysLate > 0 ? `, ${w.daysLate} day${w.daysLate === 1 ? '' : 's'} late` : ''} — ${w.why}`,
        )
    }
    io.out(
      `  Month: about ${fmt(p.perDay)} ${p.unit} a day under this plan (${fmt(p.neededPerDay)} for everything on time); ${fmt(p.projected)} of ${fmt(p.limit)} by the reset — ${p.verdict}.`,
    )
    if (p.advice) io.out(`  ${p.advice}`)
  }
}

const fmt = (n: number) => (Math.round(n * 10) / 10).toLocaleString('en')
const fmtCost = (n: number, unit: string) => `${fmt(n)} ${unit === 'requests' ? 'req' : 'jobs'}`
