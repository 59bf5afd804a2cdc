import type { Kysely } from 'kysely'
import type { CvProfile } from '../../src/main/core/cv/profile'
import type { Database } from '../../src/main/core/db/schema'
import { insertCv } from '../../src/main/core/repos/cvs-repo'

/** A senior data engineer in Berlin who wants hybrid work: the CV the fit tests score jobs against. */
export const DATA_ENGINEER: CvProfile = {
  jobTitles: ['Data Engineer'],
  originalTitles: {},
  locations: ['Berlin'],
  country: 'de',
  workArrangement: 'Hybrid',
  seniority: 'senior',
  skills: ['Python', 'Spark', 'Airflow'],
  languages: ['English', 'German'],
  summary: 'Builds data pipelines.',
}

/** Stores a CV whose reviewed profile is `profile`, as an import would (the latest one counts). */
export async function storeProfile(
  db: Kysely<Database>,
  userId: number,
  profile: CvProfile,
  createdAt: string,
): Promise<void> {
  await insertCv(db, {
    user_id: userId,
    file_name: 'cv.txt',
    sha256: `${userId}-${createdAt}-${JSON.stringify(profile.jobTitles)}`,
    mime_type: 'text/plain',
    size_bytes: 100,
    extracted_text: profile.summary,
    profile_json: JSON.stringify(profile),
    parser: 'heuristic',
    created_at: createdAt,
  })
}
