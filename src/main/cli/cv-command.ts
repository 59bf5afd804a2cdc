import { readFile, stat } from 'node:fs/promises'
import { basename } from 'node:path'
import type { MethodOutput } from '../../shared/contract'
import { SOURCE_NAMES } from '../../shared/domain'
import { MAX_CV_BYTES, MAX_CV_MB } from '../../shared/limits'
import type { AppConfig } from '../core/config/config'
import { UserError } from '../core/errors'
import { withApp } from './app-client'
import { backfillFor, failIfPartial } from './backfill-command'
import type { CliIo } from './io'

export interface CvAddOptions {
  email: string
  name?: string
  /** --title and --place: replace what the parser read. */
  title?: string[]
  place?: string[]
  backfill: boolean
  sendScan?: boolean
}

/** `job-monitor cv add FILE --email E`: the profile, the plan rows, and what is new to fetch. */
export async function cvAddCommand(
  config: AppConfig,
  file: string,
  options: CvAddOptions,
  io: CliIo,
): Promise<void> {
  const bytes = await readCv(file)
  await withApp(config, io, async (app) => {
    const result = await app
      .call('cv/import', {
        fileName: basename(file),
        dataBase64: Buffer.from(bytes).toString('base64'),
        email: options.email,
        name: options.name,
        titles: options.title,
        places: options.place,
        // The command backfills in the foreground, below, and prints it.
        backfill: false,
        sendScan: options.sendScan,
      })
      .catch((error) => {
        // The app asks before sending a scan; the command's way to say yes is a flag.
        if (error instanceof UserError && error.code === 'cv.scan-needs-consent')
          throw new UserError(`${error.message} Add --send-scan to send it.`, error.code)
        throw error
      })
    printImport(result, basename(file), options.backfill, io)
    // The import is stored; now fetch what is new (the CLI in the foreground, the app in the background).
    if (options.backfill && result.newCombinations > 0)
      failIfPartial(await backfillFor(app, result.user.email, 'cv-import', io))
  })
}

async function readCv(file: string): Promise<Uint8Array> {
  try {
    const info = await stat(file)
    if (info.isDirectory())
      throw new UserError(`${file} is a folder: name the CV file itself.`, 'cv.not-a-file')
    if (info.size > MAX_CV_BYTES) {
      throw new UserError(
        `${basename(file)} is ${(info.size / 1024 / 1024).toFixed(1)} MB; a CV must be under ${MAX_CV_MB} MB: export a smaller PDF.`,
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
  result: MethodOutput<'cv/import'>,
  fileName: string,
  backfill: boolean,
  io: CliIo,
): void {
  const { profile } = result
  if (result.alreadyImported) {
    io.out(`${fileName} was already imported for ${result.user.email}: nothing changed.`)
  } else {
    const how =
      result.parser === 'claude'
        ? `with Claude (${result.model})`
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
  for (const row of result.rows) {
    const note = row.newOn.length
      ? `new combination (${row.newOn.map((s) => SOURCE_NAMES[s]).join(', ')})`
      : 'already fetched — shared, no quota used'
    io.out(`  ${row.title} × ${row.location}`.padEnd(48) + note)
  }
  const combos = result.rows.filter((r) => r.newOn.length > 0).length
  const count = `${combos} new combination${combos === 1 ? '' : 's'}`
  if (result.sourcesEnabled === 0) {
    io.out(`Backfill: ${count}, but no job source is enabled: set JSEARCH_API_KEY or ACTIVEJOBS_API_KEY.`)
  } else if (combos === 0) {
    io.out('Backfill: nothing to fetch; every combination was already backfilled.')
  } else if (!backfill) {
    io.out(`Backfill skipped (--no-backfill): ${count} wait for "job-monitor backfill".`)
  } else {
    io.out(`Backfill: fetching about a month of jobs for ${count}…`)
  }
}
