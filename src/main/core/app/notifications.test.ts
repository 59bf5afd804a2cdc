import { describe, expect, it } from 'vitest'
import { fittingJobsMessage, watchedJobsMessage } from './notifications'

describe('the words of new-job notifications with a fit threshold and watched companies', () => {
  it('counts the fitting jobs and names the watched companies', () => {
    expect(fittingJobsMessage(3, 70, ['Data Engineer in Berlin'])).toBe(
      '3 new jobs that fit (70 or more) for Data Engineer in Berlin',
    )
    expect(fittingJobsMessage(1, 50, [])).toBe('1 new job that fits (50 or more)')
    expect(watchedJobsMessage(['Zalando'])).toBe('New jobs at Zalando')
    expect(watchedJobsMessage(['Adyen', 'Zalando'])).toBe('New jobs at Adyen and Zalando')
    expect(watchedJobsMessage(['A', 'B', 'C'])).toBe('New jobs at A, B and 1 more company you watch')
  })
})
