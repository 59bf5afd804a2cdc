import { placeSpellings } from '../normalize/combination-key'
import { searchWords } from './fold'

/**
 * The search syntax, the same on both dialects:
 * - `python spark` — every word, anywhere in the title, company, place or description; a word matches the
 *   words that begin with it (`pyth` finds Python), so a search narrows while it is typed;
 * - `"data engineer"` — these words next to each other, as whole words (`"java"` does not find JavaScript);
 * - `-intern`, `-"working student"` — without these;
 * - `sql*` — the prefix, said explicitly (the same as `sql`);
 * - a place finds its other spellings: `munich` finds München, `koeln` finds Köln.
 * Case and accents never matter. Ranked: jobs whose title, company or place has every word first, then the
 * rest; newest first within each.
 */
export interface SearchTerm {
  /** Any one of these word sequences (a place's spellings; usually just one). */
  alternatives: string[][]
  /** The last word matches as a prefix. */
  prefix: boolean
}

export interface ParsedSearch {
  include: SearchTerm[]
  exclude: SearchTerm[]
}

/** At most this many terms are used; a longer search is not more precise, only slower. */
export const MAX_SEARCH_TERMS = 12

export function parseSearch(text: string | undefined): ParsedSearch {
  const include: SearchTerm[] = []
  const exclude: SearchTerm[] = []
  if (!text) return { include, exclude }
  const pattern = /(-?)"([^"]*)"?|(\S+)/g
  for (const m of text.normalize('NFKC').matchAll(pattern)) {
    if (include.length + exclude.length >= MAX_SEARCH_TERMS) break
    const quoted = m[2] !== undefined
    let raw = quoted ? m[2]! : m[3]!
    let negative = m[1] === '-'
    if (!quoted && raw.startsWith('-') && raw.length > 1) {
      negative = true
      raw = raw.slice(1)
    }
    const explicitPrefix = !quoted && raw.endsWith('*')
    const words = searchWords(raw)
    if (words.length === 0) continue
    const term: SearchTerm = quoted
      ? { alternatives: [words], prefix: false }
      : {
          alternatives: spellingsOf(raw.replace(/\*+$/, ''), words),
          // "data-engineer" is the phrase of its parts; a single word is a prefix.
          prefix: words.length === 1 || explicitPrefix,
        }
    ;(negative ? exclude : include).push(term)
  }
  return { include, exclude }
}

/** A word that names a place stands for each of its spellings, folded; any other word is itself. */
function spellingsOf(raw: string, words: string[]): string[][] {
  if (words.length !== 1) return [words]
  const seen = new Map<string, string[]>()
  for (const spelling of placeSpellings(raw)) {
    const folded = searchWords(spelling)
    if (folded.length) seen.set(folded.join(' '), folded)
  }
  seen.set(words.join(' '), words)
  return [...seen.values()]
}

/** An FTS5 MATCH expression: every term (AND), each an OR of its spellings; tokens are letters and digits. */
export function toFts5(terms: readonly SearchTerm[], join: 'AND' | 'OR' = 'AND'): string {
  return terms
    .map((t) => {
      const options = t.alternatives.map((words) => {
        const phrase = `"${words.join(' ')}"`
        // A place's other spellings are whole words; the typed one may be a prefix.
        return t.prefix && (words.length === 1 || t.alternatives.length === 1) ? `${phrase}*` : phrase
      })
      return options.length === 1 ? options[0]! : `(${options.join(' OR ')})`
    })
    .join(` ${join} `)
}

/** The same as a PostgreSQL `tsquery` (`to_tsquery('simple', …)`): `<->` for next to, `:*` for a prefix. */
export function toTsquery(search: ParsedSearch): string {
  return [...search.include.map(tsqueryTerm), ...search.exclude.map((t) => `!${tsqueryTerm(t)}`)].join(' & ')
}

/** Terms joined by AND (`&`) or OR (`|`), as a `tsquery`. */
export function tsqueryOf(terms: readonly SearchTerm[], join: '&' | '|'): string {
  return terms.map(tsqueryTerm).join(` ${join} `)
}

/**
 * The neighbouring word pairs the terms' phrases hold, as lexemes of PostgreSQL's `jobs.pair_vector`
 * (`first_second`: migration 12), joined by `&`; undefined when no term is a phrase. A tsquery taken as
 * written (`pairs::tsquery`: `to_tsquery` would split a pair at its `_`), checked beside the terms' own, so
 * the index finds a phrase's jobs by its pairs. Only a term with one spelling gives pairs: a place's other
 * spellings are alternatives, and each must still be able to match alone.
 */
export function phrasePairsTsquery(terms: readonly SearchTerm[]): string | undefined {
  const pairs: string[] = []
  for (const t of terms) {
    if (t.alternatives.length !== 1) continue
    const words = t.alternatives[0]!
    for (let i = 0; i + 1 < words.length; i++) {
      const prefix = t.prefix && i + 2 === words.length ? ':*' : ''
      // Words are letters and digits only (fold.ts), so quoting cannot be broken out of.
      pairs.push(`'${words[i]}_${words[i + 1]}'${prefix}`)
    }
  }
  return pairs.length > 0 ? pairs.join(' & ') : undefined
}

function tsqueryTerm(t: SearchTerm): string {
  const options = t.alternatives.map((words) => {
    const last = words.length - 1
    const parts = words.map((w, i) =>
      i === last && t.prefix && (words.length === 1 || t.alternatives.length === 1) ? `${w}:*` : w,
    )
    return parts.length === 1 ? parts[0]! : `(${parts.join(' <-> ')})`
  })
  return options.length === 1 ? options[0]! : `(${options.join(' | ')})`
}
