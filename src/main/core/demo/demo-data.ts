import { readFileSync } from 'node:fs'
import { z } from 'zod'
import { SOURCES, WORK_ARRANGEMENTS } from '../../../shared/domain'
import type { NormalizedJob } from '../jobs/job'
import { employmentTypeOf } from '../normalize/employment-type'
import { resourcePath } from '../resources'

const demoJobSchema = z.object({
  id: z.string(),
  title: z.string(),
  company: z.string(),
  city: z.string(),
  cityAliases: z.array(z.string()),
  region: z.string().nullable(),
  country: z.string(),
  countryCode: z.string(),
  workArrangement: z.enum(WORK_ARRANGEMENTS),
  remote: z.boolean(),
  employmentType: z.string(),
  salary: z.object({ min: z.number(), max: z.number(), currency: z.string(), period: z.string() }).nullable(),
  description: z.string(),
  url: z.string(),
  hoursAgo: z.number(),
  sources: z.array(z.enum(SOURCES)),
})
export type DemoJob = z.infer<typeof demoJobSchema>

let cached: DemoJob[] | undefined

/** The bundled demo data set (`resources/demo/jobs.json`, made by scripts/make-demo-data.ts). */
export function demoJobs(): DemoJob[] {
  cached ??= z
    .object({ jobs: z.array(demoJobSchema) })
    .parse(JSON.parse(readFileSync(resourcePath('demo', 'jobs.json'), 'utf8'))).jobs
  return cached
}

export function demoCvPath(): string {
  return resourcePath('demo', 'sample-cv.txt')
}

/** A demo job as one source would hand it over, posted `hoursAgo` before `epoch`. */
export function toNormalizedJob(job: DemoJob, source: (typeof SOURCES)[number], epoch: Date): NormalizedJob {
  return {
    source,
    sourceJobId: source === 'jsearch' ? Buffer.from(job.id).toString('base64') : job.id.replace(/\D/g, ''),
    title: job.title,
    company: job.company,
    location: [job.city, job.region, job.country].filter(Boolean).join(', '),
    city: job.city,
    region: job.region,
    country: job.countryCode,
    isRemote: job.remote,
    workArrangement: job.workArrangement,
    employmentType: employmentTypeOf([job.employmentType]),
    employmentTypeText: job.employmentType,
    salaryMin: job.salary?.min ?? null,
    salaryMax: job.salary?.max ?? null,
    salaryCurrency: job.salary?.currency ?? null,
    salaryPeriod: job.salary?.period ?? null,
    description: job.description,
    applyUrl: job.url,
    postedAt: new Date(epoch.getTime() - job.hoursAgo * 3_600_000).toISOString(),
    raw: { demo: job.id },
  }
}
