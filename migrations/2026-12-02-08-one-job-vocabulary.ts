import { type Kysely, sql } from 'kysely'
import { dialectOf } from './helpers'

/**
 * One vocabulary for jobs already stored:
 * - `jobs.employment_type_text` keeps the source's words; `employment_type` becomes one of full-time,
 *   part-time, contract, temporary, internship, other (the values the adapters wrote before: FULLTIME,
 *   FULLTIME, PARTTIME, CONTRACTOR, INTERN, "Full time", "Temps complet"…).
 * - `jobs.country` becomes ISO 3166 alpha-2 where a source gave an English country name ("United States").
 * The mapping is written out here, not imported, so this migration stays what it was when released.
 * Every step can be re-run: a value already in the vocabulary maps to itself.
 */
const EMPLOYMENT: ReadonlyArray<readonly [string, string]> = [
  ['internship', '%intern%'],
  ['internship', '%praktik%'],
  ['internship', '%stage%'],
  ['part-time', '%part%'],
  ['part-time', '%partiel%'],
  ['part-time', '%teilzeit%'],
  ['part-time', '%yar%zaman%'],
  ['full-time', '%full%'],
  ['full-time', '%complet%'],
  ['full-time', '%vollzeit%'],
  ['full-time', '%tam zaman%'],
  ['temporary', '%tempor%'],
  ['temporary', '%befristet%'],
  ['contract', '%contract%'],
  ['contract', '%freelance%'],
]
const VOCABULARY = ['full-time', 'part-time', 'contract', 'temporary', 'internship', 'other']

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen and must not depend on today's schema types
export async function up(db: Kysely<any>): Promise<void> {
  await addColumnOnce(db, 'jobs', 'employment_type_text')
  await db
    .updateTable('jobs')
    .set({ employment_type_text: sql`employment_type` })
    .where('employment_type', 'is not', null)
    .where('employment_type_text', 'is', null)
    .where('employment_type', 'not in', VOCABULARY)
    .execute()
  for (const [type, pattern] of EMPLOYMENT) {
    await db
      .updateTable('jobs')
      .set({ employment_type: type })
      .where('employment_type', 'not in', VOCABULARY)
      .where(sql`lower(employment_type)`, 'like', pattern)
      .execute()
  }
  await db
    .updateTable('jobs')
    .set({ employment_type: 'other' })
    .where('employment_type', 'not in', VOCABULARY)
    .execute()

  // Country names → codes, from the runtime's own English region names.
  const names = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' })
  const byName = new Map<string, string>([
    ['usa', 'US'],
    ['uk', 'GB'],
    ['united states of america', 'US'],
    ['republic of korea', 'KR'],
  ])
  for (let a = 65; a <= 90; a++) {
    for (let b = 65; b <= 90; b++) {
      const code = String.fromCharCode(a, b)
      const name = names.of(code)
      if (name && name !== code && Intl.getCanonicalLocales(`und-${code}`)[0] === `und-${code}`)
        byName.set(name.toLowerCase(), code)
    }
  }
  const stored = await db
    .selectFrom('jobs')
    .select('country')
    .distinct()
    .where(sql`length(country)`, '>', 2)
    .execute()
  for (const { country } of stored as Array<{ country: string }>) {
    const code = byName.get(country.trim().toLowerCase())
    if (code) await db.updateTable('jobs').set({ country: code }).where('country', '=', country).execute()
  }
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
async function addColumnOnce(db: Kysely<any>, table: string, column: string): Promise<void> {
  if (dialectOf(db) === 'postgres') {
    await sql`alter table ${sql.table(table)} add column if not exists ${sql.ref(column)} text`.execute(db)
    return
  }
  const { rows } = await sql<{ name: string }>`select name from pragma_table_info(${table})`.execute(db)
  if (!rows.some((c) => c.name === column))
    await db.schema.alterTable(table).addColumn(column, 'text').execute()
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('jobs').dropColumn('employment_type_text').execute()
}
