const dateFormat = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', year: 'numeric' })
const dateTimeFormat = new Intl.DateTimeFormat(undefined, {
  day: 'numeric',
  month: 'short',
  hour: '2-digit',
  minute: '2-digit',
})

const dayFormat = new Intl.DateTimeFormat(undefined, {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  timeZone: 'UTC',
})

/** A calendar day (YYYY-MM-DD) as the person writes dates, the same day wherever the computer is. */
export function formatDay(day: string): string {
  return dayFormat.format(new Date(`${day}T00:00:00Z`))
}

export function formatDate(iso: string | null | undefined): string {
  return iso ? dateFormat.format(new Date(iso)) : '—'
}

/** A date and time; in `timeZone` when given (a schedule is read in its own zone). */
export function formatDateTime(iso: string | null | undefined, timeZone?: string): string {
  if (!iso) return '—'
  if (!timeZone) return dateTimeFormat.format(new Date(iso))
  return new Intl.DateTimeFormat(undefined, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    timeZone,
  }).format(new Date(iso))
}

/** "3 hours ago", "2 days ago": how fresh a job is, at a glance. */
export function ago(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return ''
  const minutes = Math.round((now - Date.parse(iso)) / 60_000)
  if (minutes < 1) return 'just now'
  if (minutes < 60) return `${minutes} min ago`
  const hours = Math.round(minutes / 60)
  if (hours < 24) return `${hours} h ago`
  const days = Math.round(hours / 24)
  return days === 1 ? 'yesterday' : `${days} days ago`
}

export function formatNumber(n: number): string {
  return n.toLocaleString()
}

export function salaryText(job: {
  salaryMin: number | null
  salaryMax: number | null
  salaryCurrency: string | null
  salaryPeriod: string | null
}): string | null {
  const { salaryMin: min, salaryMax: max } = job
  if (min === null && max === null) return null
  const money = (n: number) =>
    new Intl.NumberFormat(undefined, {
      style: job.salaryCurrency ? 'currency' : 'decimal',
      currency: job.salaryCurrency ?? undefined,
      maximumFractionDigits: 0,
    }).format(n)
  const range =
    min !== null && max !== null && min !== max ? `${money(min)}–${money(max)}` : money((min ?? max)!)
  const period = job.salaryPeriod ? ` / ${job.salaryPeriod.toLowerCase().replace(/ly$/, '')}` : ''
  return `${range}${period}`
}

/** Plain text descriptions (most of them) keep their line breaks; HTML ones are sanitized (lib/sanitize.ts,
 * loaded only when a description needs it). */
export function looksLikeHtml(text: string): boolean {
  return /<\/?[a-z][\s\S]*>/i.test(text)
}
