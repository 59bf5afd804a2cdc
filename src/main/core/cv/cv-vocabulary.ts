/**
 * How CVs in English, German, French, Spanish, Italian, Dutch and Polish name their sections and say what
 * the person wants. Kept as data beside the parser so a language can be added without touching it.
 */
export type Section =
  | 'header'
  | 'contact'
  | 'experience'
  | 'education'
  | 'skills'
  | 'languages'
  | 'profile'
  | 'other'

export const HEADINGS: Array<[Section, RegExp]> = [
  [
    'experience',
    /^(?:(?:work |professional )?experience|employment(?: history)?|career|berufserfahrung|beruflicher werdegang|berufliche (?:erfahrung|laufbahn)|werdegang|expériences?(?: professionnelles?)?|parcours professionnel|experiencia(?: laboral| profesional)?|trayectoria profesional|esperienz[ae](?: lavorativ[ae]| professional[ei])?|werkervaring|ervaring|doświadczenie(?: zawodowe)?|przebieg pracy)\b/i,
  ],
  [
    'education',
    /^(?:education|academic|ausbildung|studium|bildungsweg|schulbildung|formation|études|formación(?: académica)?|educación|estudios|istruzione|formazione|opleiding(?:en)?|wykształcenie|edukacja)\b/i,
  ],
  [
    'skills',
    /^(?:(?:technical )?skills|tech stack|kenntnisse|fähigkeiten|kompetenzen|it-kenntnisse|compétences(?: techniques)?|habilidades|competencias|conocimientos|competenze|vaardigheden|competenties|umiejętności|kompetencje)\b/i,
  ],
  ['languages', /^(?:languages|sprachen|sprachkenntnisse|langues|idiomas|lingue|talen|języki(?: obce)?)\b/i],
  [
    'profile',
    /^(?:profile|profil|summary|about me|über mich|kurzprofil|à propos|resumen|perfil(?: profesional)?|sobre mí|profilo|chi sono|profiel|over mij|o mnie|podsumowanie)\b/i,
  ],
  // A sidebar's contact block comes after the main column in a two-column PDF.
  [
    'contact',
    /^(?:contact|kontakt|personal (?:details|information|data)|persönliche (?:daten|angaben)|coordonnées|informations personnelles|contacto|datos personales|contatti|dati personali|contactgegevens|persoonlijke gegevens|dane (?:kontaktowe|osobowe))\b/i,
  ],
]

export const TARGET_LINE =
  /^(?:target (?:role|position|job)s?|desired (?:role|position)s?|looking for|objective|career goal|seeking|wunschposition(?:en)?|angestrebte (?:position|stelle)|gesuchte (?:position|stelle)|zielposition|poste (?:recherché|visé|souhaité)|objectif(?: professionnel)?|recherche|puesto (?:deseado|buscado)|objetivo(?: profesional)?|busco|posizione (?:desiderata|ricercata)|obiettivo(?: professionale)?|gewenste functie|doel|ik zoek|stanowisko docelowe|poszukiwane stanowisko|cel zawodowy|szukam)\s*[:\-–]?\s+(.+)$/i

/** A labelled home line: "Wohnort: Köln", "Adresse : …", "Dirección: …", or "Based in Lisbon". */
export const HOME_LINE =
  /^(?:(?:wohnort|location|address|adresse|anschrift|standort|residence|city|ort|domicile|ville|lieu de résidence|dirección|domicilio|ciudad|residencia|ubicación|indirizzo|città|residenza|adres|woonplaats|locatie|miejscowość|miasto|adres zamieszkania|lokalizacja)\s*[:\-–]|based in|located in|living in|wohnhaft in)\s*(.+)$/i

export const RELOCATION =
  /open to relocat|willing to relocate|relocat(?:e|ion) to|umzugsbereit|bereit,? (?:nach|für)|umzug nach|mobil für|mobilité|prêt(?:e)? à (?:déménager|m'installer)|déménager|dispuest[oa] a (?:trasladarme|mudarme)|reubicación|traslado a|disponibile (?:a trasferirsi|al trasferimento)|trasferimento a|bereid (?:om )?te verhuizen|verhuizen naar|gotow[ya] do przeprowadzki|przeprowadzka do/i

export const REMOTE =
  /\b(?:fully remote|remote[- ]first|remote|home ?office|homeoffice|mobiles arbeiten)\b|télétravail|teletrabajo|en remoto|da remoto|thuiswerken|praca zdalna|zdalnie/i

export const HYBRID = /\bhybrid\b|\bhybride\b|\bhíbrido\b|\bibrido\b|\bhybrydow/i

/** A wish said in a sentence of the profile ("Ik zoek een rol in Utrecht of Amsterdam"): its places count. */
export const WISH =
  /\b(?:looking for|seeking|i am after|ik zoek|je recherche|je cherche|busco|cerco|szukam|ich suche|suche eine)\b/i
