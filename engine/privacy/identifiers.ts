/**
 * Detection of direct identifiers by column name (German and English), and
 * what happens to each at a pseudonymizing import.
 *
 * A column name is normalized (lower case; ä ö ü ß -> ae oe ue ss; split into
 * tokens at non-alphanumerics and camelCase boundaries). It is flagged when a
 * token equals one of the words below, or (for the long, unambiguous words
 * marked "compound") when the joined name contains it, so `patientenNachname`
 * and `geburtsdatum_patient` are caught.
 *
 * | kind | words (tokens) | action |
 * | --- | --- | --- |
 * | name | name, names, vorname, nachname, familienname, geburtsname, rufname, firstname, lastname, surname, forename, givenname, familyname, fullname, maidenname, initials, initialen; token pairs first+name, last+name, given+name, family+name, full+name, maiden+name | drop |
 * | address | address, adresse, anschrift, street, strasse, str, hausnummer, housenumber, hausnr, city, ort, wohnort, stadt, town, gemeinde, plz, postcode, postleitzahl, zip, zipcode, postal | drop (a 3-digit postcode has no column in the schema) |
 * | phone | phone, telephone, telefon, telefonnummer, tel, mobile, mobil, handy, fax | drop |
 * | email | email, mail, emailadresse | drop |
 * | insurance | versichertennummer, versicherungsnummer, krankenversichertennummer, kvnr, kvid, egk, insurance + (number/no/id), insurancenumber, ssn, sozialversicherungsnummer, rvnr, iban, passport, ausweisnummer | drop |
 * | birth-date | geburtsdatum, gebdatum, gebdat, birthdate, dob, birthday, geburtstag; token pairs birth+date, date+of+birth | generalise to birth_year + birth_month (patients), else drop |
 * | source-id | patientid, patid, pid, mrn, kisid, patientennummer, patnr, fallnummer, fallnr, caseid, encounterid, aufnahmenummer; token pairs patient+id/nr/number, case+id/nr/number | the `idColumn` becomes the pseudonym; others drop |
 *
 * Canonical column names (pseudonym, birth_year, site, provider, ...) are never flagged.
 */
import { TABLES, CANONICAL_TABLES } from '../schema.js';

/** What kind of identifier a column holds. */
export type IdentifierKind = 'name' | 'address' | 'phone' | 'email' | 'insurance' | 'birth-date' | 'source-id';

/** A flagged column. */
export interface IdentifierColumn {
  column: string;
  kind: IdentifierKind;
}

const WORDS: Readonly<Record<IdentifierKind, readonly string[]>> = {
  name: ['name', 'names', 'vorname', 'nachname', 'familienname', 'geburtsname', 'rufname', 'firstname', 'lastname', 'surname', 'forename', 'givenname', 'familyname', 'fullname', 'maidenname', 'initials', 'initialen'],
  address: ['address', 'adresse', 'anschrift', 'street', 'strasse', 'str', 'hausnummer', 'housenumber', 'hausnr', 'city', 'ort', 'wohnort', 'stadt', 'town', 'gemeinde', 'plz', 'postcode', 'postleitzahl', 'zip', 'zipcode', 'postal'],
  phone: ['phone', 'telephone', 'telefon', 'telefonnummer', 'tel', 'mobile', 'mobil', 'handy', 'fax'],
  email: ['email', 'mail', 'emailadresse'],
  insurance: ['versichertennummer', 'versicherungsnummer', 'krankenversichertennummer', 'kvnr', 'kvid', 'egk', 'insurancenumber', 'insuranceid', 'ssn', 'sozialversicherungsnummer', 'rvnr', 'iban', 'passport', 'ausweisnummer'],
  'birth-date': ['geburtsdatum', 'gebdatum', 'gebdat', 'birthdate', 'dob', 'birthday', 'geburtstag'],
  'source-id': ['patientid', 'patid', 'pid', 'mrn', 'kisid', 'patientennummer', 'patnr', 'fallnummer', 'fallnr', 'caseid', 'encounterid', 'aufnahmenummer'],
};

/** Long words also matched inside compound names. */
const COMPOUND: Readonly<Record<IdentifierKind, readonly string[]>> = {
  name: ['vorname', 'nachname', 'familienname', 'geburtsname', 'firstname', 'lastname', 'surname'],
  address: ['adresse', 'anschrift', 'strasse', 'hausnummer', 'postleitzahl', 'wohnort'],
  phone: ['telefon', 'telephone'],
  email: ['email'],
  insurance: ['versichertennummer', 'versicherungsnummer', 'sozialversicherungsnummer'],
  'birth-date': ['geburtsdatum', 'birthdate', 'dateofbirth'],
  'source-id': ['patientennummer', 'fallnummer'],
};

/** Token pairs (adjacent tokens) that flag a column. */
const PAIRS: readonly [string, string, IdentifierKind][] = [
  ['first', 'name', 'name'],
  ['last', 'name', 'name'],
  ['given', 'name', 'name'],
  ['family', 'name', 'name'],
  ['full', 'name', 'name'],
  ['maiden', 'name', 'name'],
  ['birth', 'date', 'birth-date'],
  ['of', 'birth', 'birth-date'],
  ['insurance', 'number', 'insurance'],
  ['insurance', 'no', 'insurance'],
  ['insurance', 'id', 'insurance'],
  ['insurance', 'nr', 'insurance'],
  ['patient', 'id', 'source-id'],
  ['patient', 'nr', 'source-id'],
  ['patient', 'number', 'source-id'],
  ['case', 'id', 'source-id'],
  ['case', 'nr', 'source-id'],
  ['case', 'number', 'source-id'],
  ['e', 'mail', 'email'],
  ['post', 'code', 'address'],
  ['zip', 'code', 'address'],
  ['house', 'number', 'address'],
];

const CANONICAL = new Set(CANONICAL_TABLES.flatMap((t) => TABLES[t].columns.map((c) => c.name)));

/** Tokens of a column name (see the module documentation). */
export function nameTokens(column: string): string[] {
  const folded = column
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/ß/g, 'ss');
  return folded.split(/[^a-z0-9]+/).filter((t) => t.length > 0);
}

/**
 * The kind of direct identifier a column name suggests, or null.
 * @example identifierKind('Geburtsdatum') // => 'birth-date'
 * @example identifierKind('patient_id') // => 'source-id'
 * @example identifierKind('diagnosis') // => null
 */
export function identifierKind(column: string): IdentifierKind | null {
  if (CANONICAL.has(column)) return null;
  const tokens = nameTokens(column);
  const joined = tokens.join('');
  const kinds = Object.keys(WORDS) as IdentifierKind[];
  // source ids last: 'patient_name' is a name, not an id
  for (const kind of kinds) {
    if (tokens.some((t) => WORDS[kind].includes(t)) || WORDS[kind].includes(joined)) return kind;
    if (COMPOUND[kind].some((w) => joined.includes(w))) return kind;
  }
  for (let i = 0; i + 1 < tokens.length; i++) {
    const pair = PAIRS.find(([a, b]) => tokens[i] === a && tokens[i + 1] === b);
    if (pair) return pair[2];
  }
  return null;
}

/**
 * The columns of a source that look like direct identifiers, in source order.
 * @example detectIdentifierColumns(['patient_id', 'Vorname', 'sex']) // => [{ column: 'patient_id', kind: 'source-id' }, { column: 'Vorname', kind: 'name' }]
 */
export function detectIdentifierColumns(columns: readonly string[]): IdentifierColumn[] {
  const out: IdentifierColumn[] = [];
  for (const column of columns) {
    const kind = identifierKind(column);
    if (kind !== null) out.push({ column, kind });
  }
  return out;
}
