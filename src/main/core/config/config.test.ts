import { describe, expect, it } from 'vitest'
import { UserError } from '../errors'
import { loadConfig } from './config'
import { defaultDataDir } from './data-dir'

const cwd = '/nonexistent-dir-without-dotenv'

describe('configuration', () => {
  it('has the documented defaults', () => {
    const config = loadConfig({ HOME: '/home/ada' }, cwd)
    expect(config).toMatchObject({
      databaseUrl: undefined,
      jsearchApiKey: undefined,
      jsearchBaseUrl: 'https://jsearch.p.rapidapi.com',
      activeJobsBaseUrl: 'https://active-jobs-db.p.rapidapi.com',
      anthropicModel: 'claude-haiku-4-5',
      dailyAt: '06:00',
      timezone: 'Europe/Berlin',
      demo: false,
      requestsPerSecond: 5,
      sourceDeadlineSeconds: 300,
    })
  })

  it('treats blank keys as absent and trims base URLs', () => {
    const config = loadConfig({ JSEARCH_API_KEY: '  ', JSEARCH_BASE_URL: 'http://127.0.0.1:4010/ ' }, cwd)
    expect(config.jsearchApiKey).toBeUndefined()
    expect(config.jsearchBaseUrl).toBe('http://127.0.0.1:4010')
  })

  it.each([
    ['JOB_MONITOR_DAILY_AT', '25:00', /Invalid JOB_MONITOR_DAILY_AT: must be a time of day/],
    ['JOB_MONITOR_TIMEZONE', 'Europe/Nowhere', /Invalid JOB_MONITOR_TIMEZONE: must be an IANA time zone/],
    // Not "expected number, received NaN": what the variable needs.
    [
      'JOB_MONITOR_REQUESTS_PER_SECOND',
      'abc',
      /^Invalid JOB_MONITOR_REQUESTS_PER_SECOND: must be a number of calls per second, such as 5\.$/,
    ],
    ['JOB_MONITOR_REQUESTS_PER_SECOND', '0', /must be a positive number of calls per second/],
    [
      'JOB_MONITOR_SOURCE_DEADLINE_SECONDS',
      'soon',
      /^Invalid JOB_MONITOR_SOURCE_DEADLINE_SECONDS: must be a number of seconds, such as 300\.$/,
    ],
    [
      'ACTIVEJOBS_BASE_URL',
      'active-jobs-db.p.rapidapi.com',
      /Invalid ACTIVEJOBS_BASE_URL: must be an http\(s\) URL/,
    ],
  ])('names the variable when %s is %s', (name, value, message) => {
    const error = (() => {
      try {
        loadConfig({ [name]: value }, cwd)
      } catch (e) {
        return e
      }
    })()
    expect(error).toBeInstanceOf(UserError)
    expect((error as UserError).message).toMatch(message)
  })

  it('puts the data dir where Electron keeps user data on each OS', () => {
    expect(defaultDataDir({ HOME: '/home/ada' }, 'linux')).toBe('/home/ada/.config/Job Monitor')
    expect(defaultDataDir({ HOME: '/home/ada', XDG_CONFIG_HOME: '/xdg' }, 'linux')).toBe('/xdg/Job Monitor')
    expect(defaultDataDir({ HOME: '/Users/ada' }, 'darwin')).toBe(
      '/Users/ada/Library/Application Support/Job Monitor',
    )
    expect(defaultDataDir({ APPDATA: 'C:\\Users\\ada\\AppData\\Roaming', HOME: 'x' }, 'win32')).toContain(
      'Job Monitor',
    )
  })
})

describe('source settings', () => {
  it('default to what the reference confirms and take the documented alternatives', () => {
    expect(loadConfig({}, cwd)).toMatchObject({
      jsearchSearchPath: '/search',
      activeJobsGeneration: 'legacy',
      activeJobsBackfillWindow: 'auto',
      requestsPerSecond: 5,
    })
    expect(
      loadConfig(
        {
          JSEARCH_SEARCH_PATH: '/search-v2',
          ACTIVEJOBS_API_GENERATION: '2026',
          ACTIVEJOBS_BACKFILL_WINDOW: '6m',
          JOB_MONITOR_REQUESTS_PER_SECOND: '2',
        },
        cwd,
      ),
    ).toMatchObject({
      jsearchSearchPath: '/search-v2',
      activeJobsGeneration: '2026',
      activeJobsBackfillWindow: '6m',
      requestsPerSecond: 2,
    })
    expect(() => loadConfig({ ACTIVEJOBS_API_GENERATION: '2027' }, cwd)).toThrow(
      /Invalid ACTIVEJOBS_API_GENERATION/,
    )
  })
})
