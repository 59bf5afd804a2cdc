import pg from 'pg'

/** Says loudly, once per run, whether the PostgreSQL half of the dialect matrix runs. */
export default async function setup(): Promise<void> {
  const url = process.env.TEST_DATABASE_URL
  if (!url) {
    if (process.env.JOB_MONITOR_REQUIRE_PG === '1') {
      throw new Error(
        'JOB_MONITOR_REQUIRE_PG=1 but TEST_DATABASE_URL is not set: every PostgreSQL test would be skipped.',
      )
    }
    console.warn(
      '\n*** TEST_DATABASE_URL is not set: every PostgreSQL test is SKIPPED. Set it, e.g. ' +
        'TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test ***\n',
    )
    return
  }
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 })
  try {
    await client.connect()
    await client.query('select 1')
  } catch (error) {
    throw new Error(`TEST_DATABASE_URL is set but PostgreSQL does not answer: ${(error as Error).message}`)
  } finally {
    await client.end().catch(() => {})
  }
}
