import { createHash } from 'node:crypto'
import type { Kysely } from 'kysely'
import { z } from 'zod'
import { type Clock, isoNow } from '../clock'
import { type Database, type SearchQuery, SOURCES, type SourceId, type User } from '../db/schema'
import { UserError } from '../errors'
import { locationKey, titleKey } from '../normalize/combination-key'
import { requirePlaced } from '../places/check-places'
import { type BackfillCandidate, combinationsNeedingBackfill } from '../repos/backfill-repo'
import { findCvByHash, insertCv } from '../repos/cvs-repo'
import { addQueries, listQueries } from '../repos/queries-repo'
import { getSetting } from '../repos/settings-repo'
import { findUserByEmail, upsertUser } from '../repos/users-repo'
import type { ClaudeOptions, CvInput } from './claude-parser'
import { type CvFileType, detectCvType } from './file-type'
import { parseCv } from './parse-cv'
import { type CvProfile, cvProfileSchema, DEFAULT_CAPS, type ParserName, type PlanCaps } from './profile'
import { cvSandbox } from './sandbox'

export interface ImportCvInput extends ReadOptions {
  bytes: Uint8Array
  fileName: string
  email: string
  name?: string
  /** The profile as the person reviewed it (see readCv); absent = read the CV now. */
  profile?: CvProfile
  /** Which parser produced the reviewed profile. */
  parser?: ParserName
  /** Titles and places given with the file (the CLI's --title and --place): they replace what was read. */
  titles?: string[]
  places?: string[]
  /** Say the CLI's flags in messages about what is missing. */
  flags?: boolean
}

/** How a file may be read: cancelled by the person, and whether a scan may go to Claude as a file. */
export interface ReadOptions {
  signal?: AbortSignal
  /** The person agreed to send a scan (a PDF without text) to Claude: one paid call, the file leaves. */
  sendScan?: boolean
}

export interface ReadCvResult {
  fileType: CvFileType
  pages: number
  text: string
  parser: ParserName
  fallbackReason: string | null
  profile: CvProfile
}

/**
 * Reads a CV into a profile without storing anything: the review step before the plan is saved. Files
 * that are not a CV, or that yield no text, are one-line UserErrors.
 */
export async function readCv(
  input: ReadOptions & { bytes: Uint8Array; fileName: string },
  fileType: CvFileType,
  deps: { claude?: ClaudeOptions; caps: PlanCaps },
): Promise<ReadCvResult> {
  let text = ''
  let pages = 1
  let cvInput: CvInput
  try {
    ;({ text, pages } = await cvSandbox.extract(input.bytes, fileType, input.fileName, {
      signal: input.signal,
    }))
    cvInput = { text }
  } catch (error) {
    // A PDF without a text layer can still be read by Claude, which sees the pages — a paid call, and the
    // file itself leaves the machine: only when the person said yes.
    if (!(error instanceof UserError && error.code === 'cv.no-text' && fileType === 'pdf' && deps.claude))
      throw error
    if (!input.sendScan) {
      throw new UserError(
        `${input.fileName} is a scan without text. Claude can read the file itself, for one paid call: send it to Claude, or export your CV with text.`,
        'cv.scan-needs-consent',
      )
    }
    cvInput = { pdf: input.bytes }
  }
  const parsed = await parseCv(cvInput, deps.claude, deps.caps)
  return { fileType, pages, text, ...parsed }
}

/** Reads a CV for the review screen: its type, text and profile, with the plan caps applied. */
export async function previewCv(
  db: Kysely<Database>,
  input: ReadOptions & { bytes: Uint8Array; fileName: string },
  claude: ClaudeOptions | undefined,
): Promise<ReadCvResult> {
  const fileType = detectCvType(input.bytes, input.fileName)
  const caps = await getSetting(db, PLAN_CAPS_SETTING, capsSchema, DEFAULT_CAPS)
  // A CV whose titles or places were not found still goes to the review, with the empty field to fill in.
  return readCv(input, fileType, { claude, caps })
}

async function reviewedCv(input: ImportCvInput, fileType: CvFileType): Promise<ReadCvResult> {
  const profile = cvProfileSchema.parse(input.profile)
  let text = ''
  let pages = 1
  try {
    ;({ text, pages } = await cvSandbox.extract(input.bytes, fileType, input.fileName, {
      signal: input.signal,
    }))
  } catch (error) {
    // A scan read by Claude has no text of ours to keep; anything else wrong with the file still stops here.
    if (!(error instanceof UserError && error.code === 'cv.no-text')) throw error
  }
  return { fileType, pages, text, parser: input.parser ?? 'heuristic', fallbackReason: null, profile }
}

/**
 * A plan needs a title and a place, each place in a country. What is missing is said with what was found
 * and how to add it: the CLI's flags, or the review's fields.
 */
export function requireTitlesAndPlaces(
  profile: CvProfile,
  fileName: string,
  how: { flags?: boolean } = {},
): void {
  const found = `found ${listed(profile.jobTitles, 'no titles')} and ${listed(profile.locations, 'no places')}`
  if (profile.jobTitles.length === 0) {
    throw new UserError(
      how.flags
        ? `No job title found in ${fileName} (${found}): add the titles you want with --title "Data Engineer" (repeat for more).`
        : `No job title found in ${fileName} (${found}): add the titles you are looking for.`,
      'cv.no-titles',
    )
  }
  if (profile.locations.length === 0) {
    throw new UserError(
      how.flags
        ? `No place to work found in ${fileName} (${found}): add where you would work with --place "Berlin" or --place Remote (repeat for more).`
        : `No place to work found in ${fileName} (${found}): add the city you would work in, or "Remote".`,
      'cv.no-locations',
    )
  }
  requirePlaced(profile.locations, { flag: how.flags })
}

function listed(values: string[], none: string): string {
  return values.length ? values.map((v) => `"${v}"`).join(', ') : none
}

export interface ImportCvDeps {
  clock: Clock
  /** Absent without ANTHROPIC_API_KEY: the offline parser reads the CV. */
  claude?: ClaudeOptions
  /** The enabled sources, to say which combinations a backfill still has to fetch (all when none is). */
  sources: readonly SourceId[]
}

export interface ImportCvResult {
  user: User
  fileType: CvFileType
  pages: number
  /** True when this person had imported these exact bytes before: nothing changed. */
  alreadyImported: boolean
  parser: ParserName
  fallbackReason: string | null
  profile: CvProfile
  /** The plan rows for this CV's titles × locations, and how many of them this import created. */
  rows: SearchQuery[]
  createdRows: number
  /** Combinations of this plan that nobody has backfilled yet, per source. */
  newCombinations: BackfillCandidate[]
}

export const PLAN_CAPS_SETTING = 'plan.caps'
const capsSchema = z.object({
  maxTitles: z.number().int().min(1).max(20),
  maxLocations: z.number().int().min(1).max(20),
})

const emailSchema = z.email()

/**
 * A CV in, a search plan out. The file is read by its content, understood (Claude or the offline parser),
 * and the person, the CV and the plan rows are stored in one transaction: all of it or nothing.
 */
export async function importCv(
  db: Kysely<Database>,
  input: ImportCvInput,
  deps: ImportCvDeps,
): Promise<ImportCvResult> {
  const email = input.email.trim()
  if (!emailSchema.safeParse(email).success) {
    throw new UserError(
      `"${input.email}" is not an email address: use the form name@example.com.`,
      'cv.bad-email',
    )
  }
  const fileType = detectCvType(input.bytes, input.fileName)
  const sha256 = createHash('sha256').update(input.bytes).digest('hex')
  const caps = await getSetting(db, PLAN_CAPS_SETTING, capsSchema, DEFAULT_CAPS)
  const sources = deps.sources.length > 0 ? deps.sources : SOURCES

  const known = await findUserByEmail(db, email)
  const previous = known ? await findCvByHash(db, known.id, sha256) : undefined
  if (known && previous && !input.profile && !input.titles?.length && !input.places?.length) {
    const profile = cvProfileSchema.parse(JSON.parse(previous.profile_json))
    return {
      user: known,
      fileType,
      pages: 0,
      alreadyImported: true,
      parser: previous.parser as ParserName,
      fallbackReason: null,
      profile,
      rows: planRowsFor(await listQueries(db, known.id), profile),
      createdRows: 0,
      newCombinations: await combinationsNeedingBackfill(db, sources, known.id),
    }
  }

  const read = input.profile
    ? await reviewedCv(input, fileType)
    : await readCv(input, fileType, { claude: deps.claude, caps })
  const { text, pages } = read
  const profile = withGiven(read.profile, input)
  requireTitlesAndPlaces(profile, input.fileName, { flags: input.flags })

  const stored = await db.transaction().execute(async (trx) => {
    const user = await upsertUser(trx, { email, name: input.name }, deps.clock)
    if (!previous)
      await insertCv(trx, {
        user_id: user.id,
        file_name: input.fileName,
        sha256,
        mime_type: MIME[fileType],
        size_bytes: input.bytes.length,
        extracted_text: text,
        profile_json: JSON.stringify(profile),
        parser: read.parser,
        created_at: isoNow(deps.clock),
      })
    const { created } = await addQueries(
      trx,
      user.id,
      profile.jobTitles.flatMap((title) =>
        profile.locations.map((location) => ({ title, location, workArrangement: profile.workArrangement })),
      ),
      deps.clock,
    )
    return { user, created: created.length }
  })

  return {
    user: stored.user,
    fileType,
    pages,
    alreadyImported: false,
    parser: read.parser,
    fallbackReason: read.fallbackReason,
    profile,
    rows: planRowsFor(await listQueries(db, stored.user.id), profile),
    createdRows: stored.created,
    newCombinations: await combinationsNeedingBackfill(db, sources, stored.user.id),
  }
}

/** The titles and places given with the file replace those read from it; the rest of the profile stays. */
function withGiven(profile: CvProfile, input: ImportCvInput): CvProfile {
  const clean = (values: string[]) => [
    ...new Set(values.map((v) => v.trim().replace(/\s+/g, ' ')).filter((v) => v.length >= 2)),
  ]
  return cvProfileSchema.parse({
    ...profile,
    jobTitles: input.titles?.length ? clean(input.titles) : profile.jobTitles,
    locations: input.places?.length ? clean(input.places) : profile.locations,
  })
}

const MIME: Record<CvFileType, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  text: 'text/plain',
}

/** The person's rows that belong to this profile's titles × locations, in the profile's order. */
function planRowsFor(rows: SearchQuery[], profile: CvProfile): SearchQuery[] {
  const order = (row: SearchQuery) => {
    const t = profile.jobTitles.findIndex((title) => titleKey(title) === row.title_key)
    const l = profile.locations.findIndex((place) => locationKey(place) === row.location_key)
    return t < 0 || l < 0 ? -1 : t * 100 + l
  }
  return rows.filter((row) => order(row) >= 0).sort((a, b) => order(a) - order(b))
}
