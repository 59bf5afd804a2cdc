import { readFile, stat } from 'node:fs/promises'
import { basename } from 'node:path'
import { systemClock } from '../core/clock'
import type { AppConfig } from '../core/config/config'
import { MAX_CV_BYTES } from '../core/cv/file-type'
import { type ImportCvResult, importCv } from '../core/cv/import-cv'
import { UserError } from '../core/errors'
import { SOURCE_LABELS } from '../core/sources/source-error'
import { backfillFor, failIfPartial } from './backfill-command'
import { claudeOptions, enabledSources, withDatabase } from './context'
import type { CliIo } from './io'

export interface CvAddOptions {
  email: string
  name?: string
  /** --title and --place: replace what the parser read. */
  title?: string[]
  place?: string[]
  backfill: boolean
}

/** `job-monitor cv add FILE --email E`: the profile, the plan rows, and what is new to fetch. */
export async function cvAddCommand(
  config: AppConfig,
  file: string,
  options: CvAddOptions,
  io: CliIo,
): Promise<void> {
  const bytes = await readCv(file)
  const claude = claudeOptions(config)
  await withDatabase(config, io, async (handle) => {
    const result = await importCv(
      handle.db,
      {
        bytes,
        fileName: basename(file),
        email: options.email,
        name: options.name,
        titles: options.title,
        places: options.place,
        flags: true,
      },
      { clock: systemClock, claude, sources: enabledSources(config) },
    )
    printImport(result, basename(file), claude?.model, options.backfill, enabledSources(config).length, io)
    // The import is stored; now fetch what is new (the CLI in the foreground, the app in the background).
    if (options.backfill && result.newCombinations.length > 0 && enabledSources(config).length > 0) {
      failIfPartial(await backfillFor(config, handle, result.user.id, 'cv-import', io))
    }
  })
}

async function readCv(file: string): Promise<Uint8Array> {
  try {
    const info = await stat(file)
    if (info.isDirectory())
      throw new UserError(`${file} is a folder: name the CV file itself.`, 'cv.not-a-file')
    if (info.size > MAX_CV_BYTES) {
      throw new UserError(
        `${basename(file)} is ${(info.size / 1024 / 1024).toFixed(1)} MB; a CV must be under 15 MB: export a smaller PDF.`,
        'cv.too-large',
      )
    }
    return new Uint8Array(await readFile(file))
  } catch (error) {
    if (error instanceof UserError) throw error
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT') throw new UserError(`There is no file ${file}: check the path.`, 'cv.missing')
    throw new UserError(
      `Cannot read ${file} (${code ?? (error as Error).message}): check its permissions.`,
      'cv.unreadable',
    )
  }
}

function printImport(
  result: ImportCvResult,
  fileName: string,
  model: string | undefined,
  backfill: boolean,
  sourcesEnabled: number,
  io: CliIo,
): void {
  const { profile } = result
  if (result.alreadyImported) {
    io.out(`${fileName} was already imported for ${result.user.email}: nothing changed.`)
  } else {
    const how =
      result.parser === 'claude'
        ? `with Claude (${model})`
        : `with the offline parser (${result.fallbackReason}) — please check the plan below`
    io.out(
      `Read ${fileName} (${result.fileType.toUpperCase()}, ${result.pages} page${result.pages === 1 ? '' : 's'}) ${how}.`,
    )
  }
  io.out(`Profile: ${profile.summary || profile.jobTitles.join(', ')}`)
  io.out(`  Titles:      ${profile.jobTitles.join(', ')}`)
  io.out(
    `  Locations:   ${profile.locations.join(', ')}${profile.country ? `   (lives in ${profile.country.toUpperCase()})` : ''}`,
  )
  io.out(
    `  Arrangement: ${profile.workArrangement ?? 'not stated'}    Seniority: ${profile.seniority ?? 'not stated'}`,
  )
  if (profile.skills.length) io.out(`  Skills:      ${profile.skills.join(', ')}`)
  if (profile.languages.length) io.out(`  Languages:   ${profile.languages.join(', ')}`)
  const t = profile.jobTitles.length
  const l = profile.locations.length
  io.out(
    `Plan: ${t} title${t === 1 ? '' : 's'} × ${l} location${l === 1 ? '' : 's'} = ${t * l} rows (${result.createdRows} new for ${result.user.email})`,
  )
  const fresh = new Map<string, string[]>()
  for (const c of result.newCombinations) {
    const key = `${c.titleKey}\u0000${c.locationKey}`
    fresh.set(key, [...(fresh.get(key) ?? []), SOURCE_LABELS[c.source]])
  }
  for (const row of result.rows) {
    const sources = fresh.get(`${row.title_key}\u0000${row.location_key}`)
    const note = sources
      ? `new combination (${sources.join(', ')})`
      : 'already fetched — shared, no quota used'
    io.out(`  ${row.title_keyword} × ${row.location}`.padEnd(48) + note)
  }
  const combos = new Set(result.newCombinations.map((c) => `${c.titleKey}\u0000${c.locationKey}`)).size
  const count = `${combos} new combination${combos === 1 ? '' : 's'}`
  if (sourcesEnabled === 0) {
    io.out(`Backfill: ${count}, but no job source is enabled: set JSEARCH_API_KEY or ACTIVEJOBS_API_KEY.`)
  } else if (combos === 0) {
    io.out('Backfill: nothing to fetch; every combination was already backfilled.')
  } else if (!backfill) {
    io.out(`Backfill skipped (--no-backfill): ${count} wait for "job-monitor backfill".`)
  } else {
    io.out(`Backfill: fetching about a month of jobs for ${count}…`)
  }
}
