import { type Kysely, sql } from 'kysely'
import { dialectOf } from './helpers'

/**
 * What the fit score, the salary filter and the company watchlist read:
 * - `jobs.company_key`: the company in the canonical form the dedupe key uses (its first part), so a
 *   watchlist entry or `--company` finds "Zalando SE" and "zalando";
 * - `jobs.key_skills`: Active Jobs DB's `ai_key_skills` as JSON text, taken from the stored postings;
 * - `jobs.salary_year_min` / `salary_year_max`: the salary as a year's pay (hour × 1,760, day × 220,
 *   week × 44, month × 12), so one minimum compares every period;
 * - `job_fit`: one score per person and job with its reasons, and `sort_at` beside it so "best fit,
 *   newest among equals" is one index walk; `fit_marks`: what each person's scores were computed from;
 * - `watched_companies`: the companies a person wants to hear about;
 * - `job_opinions`: Claude's optional second opinion of a job for a person, with the tokens it cost.
 * Can be re-run.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen and must not depend on today's schema types
export async function up(db: Kysely<any>): Promise<void> {
  const dialect = dialectOf(db)
  const columns = await sql<{ name: string }>`${
    dialect === 'postgres'
      ? sql`select column_name as name from information_schema.columns where table_name = 'jobs' and table_schema = current_schema()`
      : sql`select name from pragma_table_info('jobs')`
  }`.execute(db)
  const has = new Set(columns.rows.map((r) => r.name))
  const add = async (name: string, type: 'text' | 'double precision') => {
    if (!has.has(name)) await db.schema.alterTable('jobs').addColumn(name, type).execute()
  }
  await add('company_key', 'text')
  await add('key_skills', 'text')
  await add('salary_year_min', 'double precision')
  await add('salary_year_max', 'double precision')

  const companyPart =
    dialect === 'postgres'
      ? sql`nullif(split_part(dedupe_key, '|', 1), '')`
      : sql`nullif(substr(dedupe_key, 1, instr(dedupe_key, '|') - 1), '')`
  await sql`update jobs set company_key = ${companyPart} where dedupe_key is not null`.execute(db)

  const factor = (amount: string) =>
    sql.raw(`case
      when ${amount} is null then null
      when lower(coalesce(salary_period, '')) in ('hour', 'hourly', 'per hour', 'hr') then ${amount} * 1760
      when lower(coalesce(salary_period, '')) in ('day', 'daily', 'per day') then ${amount} * 220
      when lower(coalesce(salary_period, '')) in ('week', 'weekly', 'per week') then ${amount} * 44
      when lower(coalesce(salary_period, '')) in ('month', 'monthly', 'per month') then ${amount} * 12
      when lower(coalesce(salary_period, '')) in ('year', 'yearly', 'annual', 'annually', 'per year') then ${amount}
      when salary_period is null and ${amount} >= 5000 then ${amount}
      else null end`)
  await sql`update jobs set salary_year_min = ${factor('salary_min')}, salary_year_max = ${factor('salary_max')}
    where salary_min is not null or salary_max is not null`.execute(db)

  const skills =
    dialect === 'postgres'
      ? sql`(select (p.raw_json::jsonb -> 'ai_key_skills')::text from job_postings p
          where p.job_id = jobs.id and p.source = 'activejobs' and jsonb_typeof(p.raw_json::jsonb -> 'ai_key_skills') = 'array'
          order by p.id limit 1)`
      : sql`(select json_extract(p.raw_json, '$.ai_key_skills') from job_postings p
          where p.job_id = jobs.id and p.source = 'activejobs' and json_type(p.raw_json, '$.ai_key_skills') = 'array'
          order by p.id limit 1)`
  await sql`update jobs set key_skills = ${skills} where key_skills is null and exists (
    select 1 from job_postings p where p.job_id = jobs.id and p.source = 'activejobs')`.execute(db)

  await db.schema
    .createIndex('jobs_company_key_idx')
    .ifNotExists()
    .on('jobs')
    .columns(['company_key', 'sort_at'])
    .execute()

  await db.schema
    .createTable('job_fit')
    .ifNotExists()
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('job_id', 'integer', (c) => c.notNull().references('jobs.id').onDelete('cascade'))
    .addColumn('score', 'integer', (c) => c.notNull())
    .addColumn('reasons_json', 'text', (c) => c.notNull())
    .addColumn('sort_at', 'text', (c) => c.notNull())
    .addColumn('computed_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('job_fit_pk', ['user_id', 'job_id'])
    .execute()
  await db.schema
    .createIndex('job_fit_rank_idx')
    .ifNotExists()
    .on('job_fit')
    .columns(['user_id', 'score', 'sort_at', 'job_id'])
    .execute()
  await db.schema.createIndex('job_fit_job_idx').ifNotExists().on('job_fit').column('job_id').execute()

  await db.schema
    .createTable('fit_marks')
    .ifNotExists()
    .addColumn('user_id', 'integer', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('inputs_key', 'text', (c) => c.notNull())
    .addColumn('fresh_on', 'text', (c) => c.notNull())
    .addColumn('computed_at', 'text', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('watched_companies')
    .ifNotExists()
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('company_key', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('watched_companies_pk', ['user_id', 'company_key'])
    .execute()
  await createOpinions(db)
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
async function createOpinions(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('job_opinions')
    .ifNotExists()
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('job_id', 'integer', (c) => c.notNull().references('jobs.id').onDelete('cascade'))
    .addColumn('verdict', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('model', 'text', (c) => c.notNull())
    .addColumn('input_tokens', 'integer', (c) => c.notNull())
    .addColumn('output_tokens', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('job_opinions_pk', ['user_id', 'job_id'])
    .execute()
  await db.schema
    .createIndex('job_opinions_day_idx')
    .ifNotExists()
    .on('job_opinions')
    .columns(['user_id', 'created_at'])
    .execute()
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('job_opinions').ifExists().execute()
  await db.schema.dropTable('watched_companies').ifExists().execute()
  await db.schema.dropTable('fit_marks').ifExists().execute()
  await db.schema.dropTable('job_fit').ifExists().execute()
  await db.schema.dropIndex('jobs_company_key_idx').ifExists().execute()
  for (const column of ['salary_year_max', 'salary_year_min', 'key_skills', 'company_key'])
    await db.schema.alterTable('jobs').dropColumn(column).execute()
}
