import { readFileSync } from 'node:fs'
import type { KyselyPlugin } from 'kysely'
import { expect, it } from 'vitest'
import { describeEachDialect } from '../../../../test/helpers/databases'
import { testClock } from '../../../../test/helpers/jobs'
import { importCv } from '../cv/import-cv'
import { UserError } from '../errors'
import { addLocation, addTitle, editRow, removeLocation, removeTitle, replanFromProfile } from './plan-edits'

const clock = testClock()
const sources = ['jsearch'] as const
const cv = new Uint8Array(readFileSync('test/fixtures/cvs/en-data-scientist.txt'))

describeEachDialect('editing a plan', (t) => {
  async function planned() {
    const handle = await t.fresh()
    const imported = await importCv(
      handle.db,
      { bytes: cv, fileName: 'cv.txt', email: 'ada@example.com' },
      { clock, sources },
    )
    return { ...handle, userId: imported.user.id }
  }

  it('says a place or title is already in the plan, under any of its spellings, instead of adding nothing', async () => {
    const { db, userId } = await planned()
    // The CV's plan has Munich; München is the same search.
    await expect(addLocation(db, userId, 'München', sources, clock)).rejects.toMatchObject({
      code: 'plan.place-exists',
      message: 'München is already in your plan, as Munich.',
    })
    await expect(addTitle(db, userId, 'ml engineer', sources, clock)).rejects.toMatchObject({
      code: 'plan.title-exists',
      message: 'ML Engineer is already in your plan.',
    })
  })

  it('adds a title for every place and a place for every title, and reports what is new', async () => {
    const { db, userId } = await planned()
    const withTitle = await addTitle(db, userId, 'Analytics Engineer', sources, clock)
    expect(withTitle.rows).toHaveLength(6)
    expect(
      withTitle.newCombinations
        .filter((c) => c.titleKey === 'analytics engineer')
        .map((c) => c.locationKey)
        .sort(),
    ).toEqual(['berlin', 'munich'])
    const withPlace = await addLocation(db, userId, 'Köln', sources, clock)
    expect(withPlace.rows).toHaveLength(9)
    expect(
      withPlace.rows
        .filter((r) => r.location === 'Köln')
        .map((r) => r.title_keyword)
        .sort(),
    ).toEqual(['Analytics Engineer', 'ML Engineer', 'Senior Data Scientist'])
  })

  it('removes a title or a place by its normalized key', async () => {
    const { db, userId } = await planned()
    expect((await removeLocation(db, userId, 'münchen', sources)).rows).toHaveLength(2)
    const left = await removeTitle(db, userId, '  ml   engineer ', sources)
    expect(left.rows.map((r) => `${r.title_keyword} × ${r.location}`)).toEqual([
      'Senior Data Scientist × Berlin',
    ])
  })

  it("sets a row's priority and pauses it, but never another person's row", async () => {
    const { db, userId } = await planned()
    const [row] = (await replanFromProfile(db, userId, sources, clock)).rows
    const edited = await editRow(db, userId, row!.id, { priority: 12, active: false }, sources, clock)
    expect(edited.rows.find((r) => r.id === row!.id)).toMatchObject({ priority: 10, is_active: 0 })
    const error = await editRow(db, userId + 1, row!.id, { priority: 1 }, sources, clock).catch(
      (e: unknown) => e,
    )
    expect(error).toBeInstanceOf(UserError)
  })

  it('re-plans from the stored profile, bringing removed rows back and keeping edits', async () => {
    const { db, userId } = await planned()
    await removeTitle(db, userId, 'ML Engineer', sources)
    const replanned = await replanFromProfile(db, userId, sources, clock)
    expect(replanned.rows).toHaveLength(4)
  })

  it('stores nothing when any part of an import fails', async () => {
    const handle = await t.fresh()
    const failing: KyselyPlugin = {
      transformQuery(args) {
        if (
          args.node.kind === 'InsertQueryNode' &&
          JSON.stringify(args.node).includes('user_search_queries')
        ) {
          throw new Error('disk full')
        }
        return args.node
      },
      async transformResult(args) {
        return args.result
      },
    }
    await expect(
      importCv(
        handle.db.withPlugin(failing),
        { bytes: cv, fileName: 'cv.txt', email: 'ada@example.com' },
        { clock, sources },
      ),
    ).rejects.toThrow('disk full')
    for (const table of ['users', 'cvs', 'user_search_queries'] as const) {
      expect(await handle.db.selectFrom(table).selectAll().execute()).toEqual([])
    }
  })
})
