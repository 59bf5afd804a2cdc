import type { ProfileState } from '../../../../shared/contract/profile'
import { comboId, type SourceId } from '../../../../shared/domain'
import { importCv, previewCv } from '../../cv/import-cv'
import { cvProfileSchema } from '../../cv/profile'
import type { User } from '../../db/schema'
import { UserError } from '../../errors'
import { checkPlaces } from '../../places/check-places'
import { latestCv } from '../../repos/cvs-repo'
import { ensureFits } from '../../repos/fit-repo'
import { upsertUser } from '../../repos/users-repo'
import { type AppContext, claudeFor, currentUser, enabledSourceIds } from '../app-context'
import type { HandlerGroup } from './types'

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

async function profileState(ctx: AppContext, user: User | undefined): Promise<ProfileState> {
  if (!user) return { user: null, cv: null }
  const cv = await latestCv(ctx.handle.db, user.id)
  return {
    user: { id: user.id, email: user.email, name: user.name },
    cv: cv
      ? {
          fileName: cv.file_name,
          importedAt: cv.created_at,
          parser: cv.parser === 'claude' ? 'claude' : 'heuristic',
          profile: cvProfileSchema.parse(JSON.parse(cv.profile_json)),
        }
      : null,
  }
}

function bytesOf(dataBase64: string): Uint8Array {
  return new Uint8Array(Buffer.from(dataBase64, 'base64'))
}

export function profileHandlers(
  ctx: AppContext,
): HandlerGroup<
  'profile/get' | 'profile/save' | 'cv/read' | 'cv/cancel-read' | 'places/check' | 'cv/import'
> {
  // Reads in progress, by the id the caller gave them, so the person can stop one.
  const reading = new Map<string, AbortController>()
  const readSignal = (readId: string | undefined) => {
    if (!readId) return { signal: undefined, done: () => {} }
    const controller = new AbortController()
    reading.get(readId)?.abort()
    reading.set(readId, controller)
    return {
      signal: controller.signal,
      done: () => reading.get(readId) === controller && reading.delete(readId),
    }
  }
  return {
    'profile/get': async () => profileState(ctx, await currentUser(ctx)),

    'profile/save': async ({ email, name }) => {
      if (!emailPattern.test(email)) {
        throw new UserError(
          `"${email}" is not an email address: use the form name@example.com.`,
          'profile.bad-email',
        )
      }
      const user = await upsertUser(ctx.handle.db, { email, name }, ctx.clock)
      ctx.local.update({ userEmail: user.email })
      return profileState(ctx, user)
    },

    'cv/cancel-read': async ({ readId }) => {
      const controller = reading.get(readId)
      controller?.abort()
      reading.delete(readId)
      return { cancelled: controller !== undefined }
    },

    'cv/read': async ({ fileName, dataBase64, sendScan, readId }) => {
      const { signal, done } = readSignal(readId)
      const read = await previewCv(
        ctx.handle.db,
        { bytes: bytesOf(dataBase64), fileName, sendScan, signal },
        claudeFor(ctx),
      ).finally(done)
      return {
        fileType: read.fileType,
        pages: read.pages,
        parser: read.parser,
        fallbackReason: read.fallbackReason,
        profile: read.profile,
      }
    },

    'places/check': async ({ places, country }) => checkPlaces(places, country),

    'cv/import': async (input) => {
      const email = input.email || (ctx.mode === 'cli' ? undefined : ctx.local.get().userEmail)
      if (!email) {
        throw new UserError(
          'Enter your email with the CV: the plan and the feed belong to a person.',
          'cv.no-email',
        )
      }
      const sources = enabledSourceIds(ctx)
      const claude = claudeFor(ctx)
      const { signal, done } = readSignal(input.readId)
      const result = await importCv(
        ctx.handle.db,
        {
          bytes: bytesOf(input.dataBase64),
          fileName: input.fileName,
          email,
          name: input.name,
          profile: input.profile,
          parser: input.parser,
          titles: input.titles,
          places: input.places,
          // A command's messages name its flags (--title, --place) where the app names its fields.
          flags: ctx.mode === 'cli',
          sendScan: input.sendScan,
          signal,
        },
        { clock: ctx.clock, claude, sources },
      ).finally(done)
      // A command acts for the person it names; it does not change who this machine's app works for.
      if (ctx.mode !== 'cli') ctx.local.update({ userEmail: result.user.email })
      ctx.log.info(`CV ${input.fileName} imported: ${result.createdRows} new plan rows.`)
      // The jobs already stored for the plan (shared with others) are scored against the new CV now, not
      // at the first look at the feed.
      await ensureFits(ctx.handle.db, result.user.id, ctx.clock)
      if (input.backfill && result.newCombinations.length > 0 && sources.length > 0)
        void ctx.backfill.request('cv-import')
      const newOn = new Map<string, SourceId[]>()
      for (const c of result.newCombinations) {
        const id = comboId(c.titleKey, c.locationKey)
        newOn.set(id, [...(newOn.get(id) ?? []), c.source])
      }
      return {
        fileType: result.fileType,
        pages: result.pages,
        parser: result.parser,
        model: result.parser === 'claude' ? (claude?.model ?? null) : null,
        fallbackReason: result.fallbackReason,
        profile: result.profile,
        user: { id: result.user.id, email: result.user.email, name: result.user.name },
        alreadyImported: result.alreadyImported,
        planRows: result.rows.length,
        createdRows: result.createdRows,
        newCombinations: sources.length > 0 ? result.newCombinations.length : 0,
        rows: result.rows.map((row) => ({
          title: row.title_keyword,
          location: row.location,
          newOn: newOn.get(comboId(row.title_key, row.location_key)) ?? [],
        })),
        sourcesEnabled: sources.length,
      }
    },
  }
}
