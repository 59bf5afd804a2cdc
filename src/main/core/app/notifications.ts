/**
 * The words of the "new jobs" notification: the count and the search that found them, one line, so a
 * glance at the corner of the screen is enough.
 */
export function newJobsMessage(count: number, combinations: readonly string[]): string {
  const jobs = count === 1 ? '1 new job' : `${count.toLocaleString('en')} new jobs`
  const unique = [...new Set(combinations)]
  if (unique.length === 0) return jobs
  const [first] = unique
  if (unique.length === 1) return `${jobs} for ${first}`
  const more = unique.length - 1
  return `${jobs} for ${first} and ${more} more ${more === 1 ? 'search' : 'searches'}`
}

/** With a fit threshold: "3 new jobs that fit (70 or more) for Data Engineer in Berlin". */
export function fittingJobsMessage(count: number, minFit: number, combinations: readonly string[]): string {
  const base = newJobsMessage(count, combinations)
  return base.replace(/^(\S+ new jobs?)/, `$1 that ${count === 1 ? 'fits' : 'fit'} (${minFit} or more)`)
}

/** "New jobs at Zalando", "New jobs at Adyen, Zalando and 2 more companies you watch". */
export function watchedJobsMessage(companies: readonly string[]): string {
  if (companies.length <= 2) return `New jobs at ${companies.join(' and ')}`
  const more = companies.length - 2
  return `New jobs at ${companies.slice(0, 2).join(', ')} and ${more} more ${more === 1 ? 'company' : 'companies'} you watch`
}

export const NOTIFICATION_TITLE = 'Job Monitor'
