import { z } from 'zod'
import { SOURCES, WORK_ARRANGEMENTS } from '../domain'
import { MAX_CV_BASE64_CHARS } from '../limits'
import { method, noInput } from './define'

/** What the app needs to know from a CV to plan a search. Both CV parsers produce it. */
export const cvProfileSchema = z.object({
  /** The titles the person is looking for next, most wanted first. */
  jobTitles: z.array(z.string().trim().min(2).max(80)).max(20),
  /** A title searched in English under the words the CV used ("Backend Developer" → "Desarrollador Backend"). */
  originalTitles: z.record(z.string().max(80), z.string().max(120)).default({}),
  /** Where they would work: where they live, where they would move, "Remote". */
  locations: z.array(z.string().trim().min(2).max(80)).max(20),
  /** ISO-3166 code of the country the person lives in, when known ("de"). */
  country: z.string().trim().toLowerCase().length(2).nullable().default(null),
  workArrangement: z.enum(WORK_ARRANGEMENTS).nullable(),
  seniority: z.enum(['intern', 'junior', 'mid', 'senior', 'lead', 'principal', 'executive']).nullable(),
  skills: z.array(z.string().trim().min(1).max(60)).max(40),
  languages: z.array(z.string().trim().min(1).max(40)).max(10),
  summary: z.string().trim().max(400),
})
export type CvProfile = z.infer<typeof cvProfileSchema>

/** Where a place of a plan would be searched, as the review shows it. */
export const placeCheckSchema = z.object({
  text: z.string(),
  /** placed: a city or a country we know; remote; ambiguous: several places carry the name; unknown. */
  status: z.enum(['placed', 'remote', 'ambiguous', 'unknown']),
  /** ISO 3166 alpha-2 of where the search goes, when placed. */
  country: z.string().nullable(),
  /** "Seoul, South Korea", "we could not place 'Springfield' — which country?" */
  label: z.string(),
  /** Texts that would place an ambiguous name ("Cambridge, United Kingdom", "Cambridge, MA, US"). */
  options: z.array(z.string()),
})
export type PlaceCheck = z.infer<typeof placeCheckSchema>

export const userSchema = z.object({ id: z.number().int(), email: z.string(), name: z.string().nullable() })

const cvSummarySchema = z.object({
  fileName: z.string(),
  importedAt: z.string(),
  parser: z.enum(['claude', 'heuristic']),
  profile: cvProfileSchema,
})

const profileStateSchema = z.object({
  /** The person this app instance works for; null before the first CV or profile is saved. */
  user: userSchema.nullable(),
  cv: cvSummarySchema.nullable(),
})
export type ProfileState = z.infer<typeof profileStateSchema>

/** A file as bytes: base64 so the same input travels over IPC and JSON, up to the CV limit. */
const fileSchema = z.object({
  fileName: z.string().trim().min(1).max(255),
  dataBase64: z.base64().max(MAX_CV_BASE64_CHARS),
  /** The person agreed to send a scan (a PDF without text) to Claude as a file: one paid call. */
  sendScan: z.boolean().optional(),
  /** Names this read so `cv/cancel-read` can stop it. */
  readId: z.string().trim().min(1).max(64).optional(),
})

const cvReadSchema = z.object({
  fileType: z.enum(['pdf', 'docx', 'text']),
  pages: z.number().int(),
  parser: z.enum(['claude', 'heuristic']),
  /** Why the offline parser read the CV when Claude was wanted (no key, an error). */
  fallbackReason: z.string().nullable(),
  profile: cvProfileSchema,
})

export const profileMethods = {
  'profile/get': method(noInput, profileStateSchema, 'Who this app works for, and their latest CV.'),
  'profile/save': method(
    z.object({ email: z.string().trim().min(1).max(254), name: z.string().trim().max(120).optional() }),
    profileStateSchema,
    'Sets (or switches to) the person this app works for.',
  ),
  'cv/read': method(fileSchema, cvReadSchema, 'Reads a CV into a profile for review; stores nothing.'),
  'cv/cancel-read': method(
    z.object({ readId: z.string().trim().min(1).max(64) }),
    z.object({ cancelled: z.boolean() }),
    'Stops reading a CV (the file is dropped; nothing was stored).',
  ),
  'places/check': method(
    z.object({
      places: z.array(z.string().trim().min(1).max(80)).max(40),
      country: z.string().trim().length(2).nullish(),
    }),
    z.array(placeCheckSchema),
    'Says where each place would be searched, and which ones need a country.',
  ),
  'cv/import': method(
    fileSchema.extend({
      /** The reviewed profile; absent = as read. */
      profile: cvProfileSchema.optional(),
      /** Which parser read the reviewed profile (as `cv/read` said). */
      parser: z.enum(['claude', 'heuristic']).optional(),
      email: z.string().trim().max(254).optional(),
      name: z.string().trim().max(120).optional(),
      /** Titles and places given with the file (the CLI's --title, --place): they replace what was read. */
      titles: z.array(z.string().trim().min(1).max(80)).max(20).optional(),
      places: z.array(z.string().trim().min(1).max(80)).max(20).optional(),
      /** Start the background backfill of the new combinations (the CLI backfills in the foreground). */
      backfill: z.boolean().default(true),
    }),
    cvReadSchema.extend({
      /** The Claude model that read it, when Claude did. */
      model: z.string().nullable(),
      user: userSchema,
      alreadyImported: z.boolean(),
      planRows: z.number().int(),
      createdRows: z.number().int(),
      /** Combinations × sources that nobody has backfilled yet; a backfill for them has started. */
      newCombinations: z.number().int(),
      /** The plan rows of this CV, and for each the sources it is new on (empty: already fetched, shared). */
      rows: z.array(z.object({ title: z.string(), location: z.string(), newOn: z.array(z.enum(SOURCES)) })),
      /** The job sources that are switched on and have a key. */
      sourcesEnabled: z.number().int(),
    }),
    'Stores the CV and its plan, then backfills the new combinations in the background.',
  ),
}
