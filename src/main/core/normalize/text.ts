/** NFKC, trimmed, inner whitespace collapsed to one space, case-folded (ß → ss as full case folding does). */
export function foldText(value: string): string {
  return value.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase().replace(/ß/g, 'ss')
}

/** Latin letters without their accents (`köln` → `koln`); used only inside keys, never for display. */
export function stripAccents(value: string): string {
  return value
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .normalize('NFC')
}
