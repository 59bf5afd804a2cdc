import { foldText, stripAccents } from '../text'

/** One vocabulary for how a job is employed, whatever the source and language wrote. */
export const EMPLOYMENT_TYPES = [
  'full-time',
  'part-time',
  'contract',
  'temporary',
  'internship',
  'other',
] as const
export type EmploymentType = (typeof EMPLOYMENT_TYPES)[number]

/** Patterns over the folded, accent-free text; the first that matches decides, in this order. */
const RULES: ReadonlyArray<readonly [EmploymentType, RegExp]> = [
  [
    'internship',
    /\bintern(ship)?\b|praktik|\bstage\b|stagiaire|practicas|tirocinio|stagiair|\bstaz\b|werkstudent|working student|apprentice|ausbildung|trainee/,
  ],
  [
    'part-time',
    /part.?time|parttime|temps partiel|tiempo parcial|media jornada|teilzeit|tempo parziale|deeltijd|niepelny etat|yari zamanli|deltid|osaaikainen/,
  ],
  [
    'full-time',
    /full.?time|fulltime|temps (complet|plein)|tiempo completo|jornada completa|vollzeit|tempo pieno|voltijd|pelny etat|tam zamanli|heltid|kokoaikainen|permanent|\bcdi\b|unbefristet/,
  ],
  [
    'temporary',
    /temporar|\btemp\b|befristet|interim|\bcdd\b|tempo determinato|tijdelijk|per diem|seasonal|saison/,
  ],
  [
    'contract',
    /contract|freelance|freiberuf|autonomo|independant|\bzzp\b|\bb2b\b|werkvertrag|self.?employed/,
  ],
]

/** Polish ł and Turkish ı do not lose their marks by Unicode decomposition. */
function plain(text: string): string {
  return stripAccents(foldText(text).replace(/ł/g, 'l').replace(/ı/g, 'i'))
}

/**
 * The employment type of the texts a source gives (`["FULL_TIME"]`, `"Full-time"`, `["Temps complet"]`,
 * `["Yarı zamanlı"]`, `"INTERN"`): the first text that names one decides; a text that names none is "other".
 * Null when there is no text at all.
 */
export function employmentTypeOf(texts: ReadonlyArray<string | null | undefined>): EmploymentType | null {
  const given = texts.filter((t): t is string => typeof t === 'string' && t.trim().length > 0)
  if (given.length === 0) return null
  for (const text of given) {
    const folded = plain(text).replace(/_/g, ' ')
    const rule = RULES.find(([, re]) => re.test(folded))
    if (rule) return rule[0]
  }
  return 'other'
}
