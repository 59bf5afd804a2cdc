import { foldText, stripAccents } from '../text'

/** Letters that Unicode does not decompose into a base letter and an accent. */
const LETTERS: Record<string, string> = {
  ł: 'l',
  ø: 'o',
  æ: 'ae',
  œ: 'oe',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ı: 'i',
  ħ: 'h',
}

/**
 * A place name as a lookup key: case-folded, accents and letters like ł dropped, apostrophes, dots and
 * hyphens as spaces (`Kraków` → `krakow`, `Saint-Étienne` → `saint etienne`, `Wrocław` → `wroclaw`).
 */
export function placeKey(name: string): string {
  // Most names are plain ASCII: no normalization needed.
  if (/^[A-Za-z ]*$/.test(name)) return name.toLowerCase().replace(/\s+/g, ' ').trim()
  return stripAccents(foldText(name).replace(/[łøæœđðþıħ]/g, (c) => LETTERS[c]!))
    .replace(/['’`´.\-‐–_/]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
}

/** The German spelling with umlauts written out (`München` → `muenchen`), a second key for the same name. */
export function umlautKey(name: string): string {
  return placeKey(foldText(name).replace(/ä/g, 'ae').replace(/ö/g, 'oe').replace(/ü/g, 'ue'))
}
