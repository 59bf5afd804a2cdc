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

export const NOTIFICATION_TITLE = 'Job Monitor'
