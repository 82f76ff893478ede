/**
 * Detection of direct identifiers by column name (German and English), and
 * what happens to each at a pseudonymizing import.
 *
 * A column name is normalized: lower case; ä ö ü ß -> ae oe ue ss; other
 * diacritics removed (é -> e); split into tokens at non-alphanumerics and
 * camelCase boundaries; the tokens joined without separators give the "joined"
 * name. So `Patienten-ID`, `patienten_id`, `PatientenId` and `PATIENTEN ID`
 * are all the same to the detector. A column is flagged when
 * 1. its joined name equals a word of {@link IDENTIFIER_WORDS} `whole` (`Patient`, `ID`, `geb`),
 * 2. one of its tokens equals a word of `tokens` (`Vorname`, `Telefon`, `PLZ`),
 * 3. its joined name contains a word of `compound` (long, unambiguous words:
 *    `patientenNachname`, `geburtsdatum_patient`, `Handynummer`), or
 * 4. two adjacent tokens form a pair of `pairs` (`KV-Nummer`, `first name`, `date of birth`).
 *
 * | kind | examples caught | action at a pseudonymizing import |
 * | --- | --- | --- |
 * | name | Vorname, Nachname, Name, Patientenname, first_name, surname, Initialen | drop |
 * | email | E-Mail, Mailadresse, email_address | drop |
 * | phone | Telefon, Tel., Handynummer, Mobilnummer, Rufnummer, Fax, phone_mobile | drop |
 * | insurance | Versichertennummer, KV-Nummer, KVNR, eGK, SV-Nummer, IBAN, Ausweisnummer, insurance_no | drop |
 * | birth-date | Geburtsdatum, geboren, geb., Geb-Datum, Geburtstag, DOB, date_of_birth, born | generalise to birth_year + birth_month (patients), else drop |
 * | address | Anschrift, Adresse, Wohnsitz, Wohnort, Straße, Hausnummer, PLZ, Ort, Geburtsort, city, zip | drop |
 * | source-id | Patient, Patienten-ID, PatientID, Pat-Nr, ID, Fallnummer, MRN, KIS-ID, Aufnahmenummer | the `idColumn` becomes the pseudonym; others drop |
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

/** The words of one identifier kind (see the module documentation). */
export interface IdentifierWords {
  /** Joined names that are this kind on their own. */
  whole: readonly string[];
  /** Tokens that flag a column wherever they appear in its name. */
  tokens: readonly string[];
  /** Long words that flag a column when its joined name contains them. */
  compound: readonly string[];
  /** Adjacent token pairs that flag a column. */
  pairs: readonly (readonly [string, string])[];
}

/**
 * The detector's vocabulary, per kind, in the order kinds are tried (a name that
 * matches two kinds gets the first: `patient_name` is a name, `E-Mail-Adresse` an e-mail).
 */
export const IDENTIFIER_WORDS: Readonly<Record<IdentifierKind, IdentifierWords>> = {
  name: {
    whole: ['nom', 'prenom', 'vorname', 'nachname'],
    tokens: ['name', 'names', 'namen', 'vorname', 'vornamen', 'nachname', 'nachnamen', 'familienname', 'geburtsname', 'rufname', 'firstname', 'lastname', 'surname', 'forename', 'givenname', 'familyname', 'fullname', 'maidenname', 'initials', 'initialen', 'patname'],
    compound: ['vorname', 'nachname', 'familienname', 'geburtsname', 'patientenname', 'firstname', 'lastname', 'surname', 'givenname', 'fullname'],
    pairs: [['first', 'name'], ['last', 'name'], ['given', 'name'], ['family', 'name'], ['full', 'name'], ['maiden', 'name'], ['vor', 'name'], ['nach', 'name']],
  },
  email: {
    whole: ['mail'],
    tokens: ['email', 'mail', 'emailadresse', 'mailadresse', 'emailaddress'],
    compound: ['email', 'mailadresse', 'mailaddress'],
    pairs: [['e', 'mail']],
  },
  phone: {
    whole: ['tel', 'telnr'],
    tokens: ['phone', 'telephone', 'telefon', 'telefonnummer', 'telefonnr', 'tel', 'telnr', 'mobile', 'mobil', 'handy', 'fax', 'cellphone', 'rufnummer'],
    compound: ['telefon', 'telephone', 'phone', 'handy', 'mobilnummer', 'mobilnr', 'mobiltelefon', 'rufnummer', 'faxnummer', 'faxnr'],
    pairs: [['mobile', 'number'], ['cell', 'number'], ['cell', 'phone']],
  },
  insurance: {
    whole: ['kv', 'egk', 'svnr', 'kvnr'],
    tokens: ['versichertennummer', 'versicherungsnummer', 'krankenversichertennummer', 'kvnr', 'kvnummer', 'kvid', 'egk', 'insurancenumber', 'insuranceid', 'ssn', 'svnr', 'svnummer', 'sozialversicherungsnummer', 'rvnr', 'iban', 'bic', 'kontonummer', 'bankverbindung', 'passport', 'reisepass', 'ausweis', 'ausweisnummer', 'personalausweis', 'steuerid', 'steuernummer'],
    compound: ['versichertennummer', 'versichertennr', 'versichertenid', 'versicherungsnummer', 'versicherungsnr', 'krankenversichertennummer', 'krankenversicherungsnummer', 'kvnummer', 'sozialversicherung', 'ausweisnummer', 'personalausweis', 'reisepass', 'kontonummer', 'insurancenumber'],
    pairs: [
      ['insurance', 'number'], ['insurance', 'no'], ['insurance', 'id'], ['insurance', 'nr'],
      ['kv', 'nummer'], ['kv', 'nr'], ['kv', 'id'], ['kv', 'number'],
      ['versicherten', 'nummer'], ['versicherten', 'nr'], ['versicherten', 'id'],
      ['sv', 'nummer'], ['sv', 'nr'], ['social', 'security'], ['health', 'insurance'],
    ],
  },
  'birth-date': {
    whole: ['geb', 'born', 'dob', 'gebam'],
    tokens: ['geburtsdatum', 'gebdatum', 'gebdat', 'birthdate', 'dob', 'birthday', 'geburtstag', 'geboren', 'dateofbirth'],
    compound: ['geburtsdatum', 'gebdatum', 'birthdate', 'dateofbirth', 'geboren', 'geburtstag', 'birthday'],
    pairs: [['birth', 'date'], ['of', 'birth'], ['geb', 'datum'], ['geb', 'dat'], ['geburts', 'datum'], ['birth', 'day']],
  },
  address: {
    whole: ['addr'],
    tokens: ['address', 'adresse', 'anschrift', 'wohnsitz', 'wohnadresse', 'hausanschrift', 'postanschrift', 'wohnhaft', 'residence', 'domicile', 'street', 'strasse', 'str', 'hausnummer', 'housenumber', 'hausnr', 'city', 'ort', 'wohnort', 'geburtsort', 'stadt', 'town', 'gemeinde', 'plz', 'postcode', 'postleitzahl', 'zip', 'zipcode', 'postal'],
    compound: ['adresse', 'address', 'anschrift', 'wohnsitz', 'strasse', 'hausnummer', 'postleitzahl', 'wohnort', 'geburtsort'],
    pairs: [['post', 'code'], ['zip', 'code'], ['house', 'number'], ['haus', 'nr'], ['haus', 'nummer']],
  },
  'source-id': {
    whole: ['patient', 'patienten', 'pat', 'id', 'nr', 'identifier', 'ident', 'kennung', 'fall', 'subject', 'person'],
    tokens: ['patientid', 'patid', 'patientenid', 'patientennr', 'patnr', 'pid', 'mrn', 'kisid', 'kisnr', 'patientennummer', 'fallnummer', 'fallnr', 'fallid', 'caseid', 'encounterid', 'aufnahmenummer', 'aufnahmenr', 'krankenhausnummer', 'personid', 'personennummer', 'subjectid', 'hospitalnumber'],
    compound: ['patientennummer', 'patientenid', 'patientid', 'fallnummer', 'aufnahmenummer', 'medicalrecord', 'krankenhausnummer'],
    pairs: [
      ['patient', 'id'], ['patient', 'nr'], ['patient', 'number'], ['patient', 'no'], ['patient', 'key'],
      ['patienten', 'id'], ['patienten', 'nr'], ['patienten', 'nummer'], ['patienten', 'kennung'],
      ['pat', 'id'], ['pat', 'nr'], ['pat', 'no'],
      ['case', 'id'], ['case', 'nr'], ['case', 'number'], ['fall', 'id'], ['fall', 'nr'], ['fall', 'nummer'],
      ['kis', 'id'], ['kis', 'nr'], ['person', 'id'], ['person', 'nr'], ['subject', 'id'], ['record', 'number'],
    ],
  },
};

const CANONICAL = new Set(CANONICAL_TABLES.flatMap((t) => TABLES[t].columns.map((c) => c.name)));

/** Tokens of a column name (see the module documentation). */
export function nameTokens(column: string): string[] {
  const folded = column
    .replace(/([a-z0-9\u00df-\u00ff])([A-Z\u00c0-\u00de])/g, '$1 $2')
    .toLowerCase()
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/ß/g, 'ss')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '');
  return folded.split(/[^a-z0-9]+/).filter((t) => t.length > 0);
}

/**
 * The kind of direct identifier a column name suggests, or null.
 * @example identifierKind('Geburtsdatum') // => 'birth-date'
 * @example identifierKind('Patienten-ID') // => 'source-id'
 * @example identifierKind('KV-Nummer') // => 'insurance'
 * @example identifierKind('diagnosis') // => null
 */
export function identifierKind(column: string): IdentifierKind | null {
  if (CANONICAL.has(column)) return null;
  const tokens = nameTokens(column);
  const joined = tokens.join('');
  if (joined === '') return null;
  const kinds = Object.keys(IDENTIFIER_WORDS) as IdentifierKind[];
  for (const kind of kinds) {
    const w = IDENTIFIER_WORDS[kind];
    if (w.whole.includes(joined) || tokens.some((t) => w.tokens.includes(t)) || w.compound.some((c) => joined.includes(c))) return kind;
    for (let i = 0; i + 1 < tokens.length; i++) {
      if (w.pairs.some(([a, b]) => tokens[i] === a && tokens[i + 1] === b)) return kind;
    }
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
