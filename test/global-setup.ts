import pg from 'pg'

/**
 * Says loudly, once per run, whether the PostgreSQL half of the dialect matrix runs. Each test database is
 * a schema named after this run; they are all dropped at the end of the run, not while other test files
 * may still be reading the catalogue (Kysely's introspection lists every schema, and a schema dropped
 * under it fails the query).
 */
export default async function setup(): Promise<(() => Promise<void>) | undefined> {
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
  const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`
  // Workers are started after this and inherit it.
  process.env.JM_TEST_RUN = run
  return async () => {
    const admin = new pg.Client({ connectionString: url })
    await admin.connect()
    try {
      const { rows } = await admin.query<{ nspname: string }>(
        'select nspname from pg_namespace where nspname like $1',
        [`jm_test_${run}_%`],
      )
      for (const { nspname } of rows) await admin.query(`drop schema if exists "${nspname}" cascade`)
    } finally {
      await admin.end()
    }
  }
}
