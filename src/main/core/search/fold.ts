/**
 * The one tokenizer full-text search uses, on both dialects: what is stored in the index (SQLite FTS5, the
 * PostgreSQL `tsvector`) and what a search is split into are the same words, so `munchen` finds `München`,
 * `Cafe` finds `Café` and `strasse` finds `Straße` whichever database holds the jobs.
 *
 * A word is a run of letters and digits; everything else separates words. Case and accents are folded
 * away; letters that do not decompose (ß, æ, ø, œ, ł, đ, þ) are spelled out. The words are defined by the
 * migration that built the indexes (`2026-12-03-10-full-text-search`), so what is stored and what is
 * searched cannot drift apart; a new tokenizer comes with a new migration that rebuilds them.
 */
import { searchWords } from '../../../../migrations/2026-12-03-10-full-text-search'
import { wordPairs } from '../../../../migrations/2026-12-03-12-phrase-pairs'

export { searchWords }

/**
 * Each pair of neighbouring words of a job's words (`doc`), space-separated (`data_pipelines …`): what
 * PostgreSQL's `jobs.pair_vector` holds (migration 12), so a phrase is found through its GIN index.
 */
export function searchPairs(doc: string): string {
  return wordPairs(doc ? doc.split(' ') : [])
}

/** Space-separated words, as the indexes are given them. */
export function searchDocument(text: string | null | undefined): string {
  return searchWords(text).join(' ')
}

/**
 * The words of a job as both indexes store them: `head` is the title, company and place (the rank of a
 * match is decided on it), `body` the description, `doc` both (PostgreSQL's `search_vector`; its pairs of
 * words are `pair_vector`: searchPairs).
 */
export function jobSearchText(job: {
  title: string
  company: string | null
  location: string | null
  description?: string | null
}): { head: string; body: string; doc: string } {
  const head = searchDocument([job.title, job.company, job.location].filter(Boolean).join(' '))
  const body = searchDocument(job.description)
  return { head, body, doc: body ? `${head} ${body}` : head }
}
