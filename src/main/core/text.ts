/**
 * NFKC, trimmed, inner whitespace collapsed to one space, case-folded (ß → ss as full case folding does;
 * Turkish dotted İ → i, so `İzmir` folds like `Izmir` — lower-casing alone leaves a combining dot).
 */
export function foldText(value: string): string {
  return value
    .normalize('NFKC')
    .trim()
    .replace(/\s+/g, ' ')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/i\u0307/g, 'i')
}

/** Latin letters without their accents (`köln` → `koln`); used only inside keys, never for display. */
export function stripAccents(value: string): string {
  return value
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .normalize('NFC')
}
