import type { Plan } from '../../../../shared/contract/plan'
import { backfillReach } from '../../backfill/backfill-reach'
import {
  addLocation,
  addTitle,
  editRow,
  type PlanEditResult,
  removeLocation,
  removeTitle,
  replanFromProfile,
} from '../../plan/plan-edits'
import { everyonesRows } from '../../plan/plan-rows'
import { planView } from '../../plan/plan-view'
import { ensureFits } from '../../repos/fit-repo'
import { readKnobs } from '../../repos/knobs-repo'
import { type AppContext, enabledSourceIds, personFor, requireUser } from '../app-context'
import type { HandlerGroup } from './types'

type PlanMethod =
  | 'plan/get'
  | 'plan/add-title'
  | 'plan/add-location'
  | 'plan/remove-title'
  | 'plan/remove-location'
  | 'plan/edit-row'
  | 'plan/replan'
  | 'plan/list-rows'

export function planHandlers(ctx: AppContext): HandlerGroup<PlanMethod> {
  const view = async (userId: number): Promise<Plan> => ({
    rows: await planView(ctx.handle.db, userId, enabledSourceIds(ctx), ctx.clock),
    backfillReach: (
      await backfillReach(ctx.handle.db, ctx.config, (await readKnobs(ctx.handle.db)).backfillDepthDays)
    ).text,
  })
  /** Runs an edit, then backfills whatever it made new (in the background) and returns the grid. */
  const edit = async (
    change: (userId: number, sources: ReturnType<typeof enabledSourceIds>) => Promise<PlanEditResult>,
  ): Promise<Plan> => {
    const user = await requireUser(ctx)
    const sources = enabledSourceIds(ctx)
    const result = await change(user.id, sources)
    if (result.newCombinations.length > 0 && sources.length > 0) void ctx.backfill.request('plan-edit')
    // A new title or place changes what fits, and brings in jobs others had fetched: score them now.
    await ensureFits(ctx.handle.db, user.id, ctx.clock)
    return view(user.id)
  }
  const { db } = ctx.handle
  return {
    'plan/get': async () => view((await requireUser(ctx)).id),
    'plan/add-title': ({ title }) => edit((id, s) => addTitle(db, id, title, s, ctx.clock)),
    'plan/add-location': ({ location }) => edit((id, s) => addLocation(db, id, location, s, ctx.clock)),
    'plan/remove-title': ({ title }) => edit((id, s) => removeTitle(db, id, title, s)),
    'plan/remove-location': ({ location }) => edit((id, s) => removeLocation(db, id, location, s)),
    'plan/edit-row': ({ id: rowId, priority, active }) =>
      edit((id, s) => editRow(db, id, rowId, { priority, active }, s, ctx.clock)),
    'plan/replan': () => edit((id, s) => replanFromProfile(db, id, s, ctx.clock)),
    'plan/list-rows': async ({ email }) =>
      everyonesRows(db, email ? await personFor(ctx, email, 'queries.no-user') : undefined),
  }
}
