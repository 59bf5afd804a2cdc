const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

/** Unit words, in the languages postings come in, by the length of one unit. */
const UNITS: Array<[RegExp, number]> = [
  [/^(min|minute|minutes|minuten?|minutos?|minuti|minuto|minuty|minut)/, MINUTE],
  [/^(h|hr|hrs|hour|hours|stunden?|heures?|horas?|ore|ora|uur|uren|godzin[ay]?|godz)/, HOUR],
  [/^(d|day|days|tag|tagen|tage|jours?|d[ií]as?|giorn[oi]|dag|dagen|dni|dzie[nń]|dias?)/, DAY],
  [/^(w|wk|week|weeks|wochen?|semaines?|semanas?|settiman[ae]|weken|tygodni[ea]?|tydzie[nń])/, 7 * DAY],
  [/^(mo|month|months|monate?n?|mois|mes|meses|mes[ei]|maand(en)?|miesi[aą]c[ea]?|miesi[eę]cy)/, 30 * DAY],
]

const TODAY = /^(just posted|today|heute|aujourd'hui|hoy|oggi|vandaag|dzisiaj|hoje|just now|gerade eben)/
const YESTERDAY = /^(yesterday|gestern|hier|ayer|ieri|gisteren|wczoraj|ontem)/

/**
 * When a posting was made, from the relative text JSearch sends when it has no date — in the posting's
 * language: "2 days ago", "vor 3 Tagen", "1 giorno fa", "il y a 5 heures", "hace 2 días", "3 dagen
 * geleden", "2 dni temu", "há 4 dias", "30+ days ago". Undefined when the text says nothing we can read.
 */
export function relativePostedAt(text: string | null | undefined, now: Date): Date | undefined {
  if (!text) return undefined
  const t = text.trim().toLowerCase()
  if (TODAY.test(t)) return now
  if (YESTERDAY.test(t)) return new Date(now.getTime() - DAY)
  const match = /(\d+)\+?\s*([\p{L}']+)/u.exec(t.replace(/^(vor|il y a|hace|há|ha)\s+/, ''))
  if (!match) return undefined
  const unit = UNITS.find(([pattern]) => pattern.test(match[2]!))
  if (!unit) return undefined
  return new Date(now.getTime() - Number(match[1]) * unit[1])
}
