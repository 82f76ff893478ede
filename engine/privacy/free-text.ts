/**
 * Redaction of identifiers in free text. The canonical schema has two
 * free-text columns, `events.detail` (the cause of death and the metastasis
 * site the endpoints need) and `treatments.stop_reason`; every import path
 * scans them and replaces each match of the patterns below by `[redacted:KIND]`,
 * counting the matches per kind for the import report. Categorical columns
 * (codes, `value_text`, `site`, ...) keep their values.
 *
 * The patterns are applied in the order of {@link FREE_TEXT_PATTERNS}, each on
 * the text the earlier ones left (so a match is counted once). They are written
 * in the common subset of RE2 (DuckDB's `regexp_replace`, used for whole files)
 * and JavaScript regular expressions ({@link redactFreeText}, the reference the
 * tests hold the SQL to). A pseudonymizing import also redacts the words found
 * in the source's name and source-id columns (kinds `name` and `source-id`;
 * engine/privacy/pseudonymize-import.ts).
 *
 * What is caught, and the known limits, are listed in docs/import.md: a name that
 * does not appear in an identifying column of the same file is not recognised
 * as a name; every full calendar date is redacted, since a date of birth cannot
 * be told apart from other dates in free text (HIPAA's Safe Harbor method, 45
 * CFR 164.514(b)(2), likewise removes every date element but the year).
 */
import { quoteLiteral } from '../store-sql.js';
import type { CanonicalTableName } from '../schema.js';

/** Kinds of identifier redacted from free text. */
export type RedactionKind = 'name' | 'source-id' | 'email' | 'iban' | 'insurance-number' | 'date' | 'phone' | 'address';

/** Counts of redacted matches per kind (kinds without matches are absent). */
export type RedactionCounts = Partial<Record<RedactionKind, number>>;

/** One redaction pattern. */
export interface FreeTextPattern {
  kind: Exclude<RedactionKind, 'source-id'>;
  /** Pattern text, valid for RE2 and JavaScript alike. */
  pattern: string;
  /** What it catches. */
  meaning: string;
}

const UPPER = 'A-ZÄÖÜ';
const LOWER = 'a-zäöüß';

/**
 * A case-insensitive spelling of a literal word list without regex flags (so one
 * pattern text means the same in RE2 and JavaScript): each letter becomes a
 * class of its two cases.
 * @example ci('tel') // => '[tT][eE][lL]'
 */
export function ci(words: string): string {
  return words.replace(/[a-zäöü]/g, (c) => `[${c}${c.toUpperCase()}]`);
}

const STREET_SUFFIX = '(?:stra(?:ß|ss)e|str\\.|weg|allee|platz|gasse|ring|damm|ufer|chaussee|steig|pfad|markt|hof)';
const STREET_WORD = '(?:Stra(?:ß|ss)e|Str\\.|Weg|Allee|Platz|Gasse|Ring|Damm|Ufer|Chaussee|Steig|Pfad|Markt)';
const POSTCODE_CITY = `(?:,? ?(?:D-)?[0-9]{5} [${UPPER}][${LOWER}]+(?:-[${UPPER}][${LOWER}]+)?)?`;
const MONTHS = `(?:${ci('jan|feb|mär|mar|apr|mai|may|jun|jul|aug|sep|okt|oct|nov|dez|dec')})`;

/**
 * The redaction patterns, in the order they are applied.
 *
 * | kind | catches |
 * | --- | --- |
 * | email | `name@host.tld` |
 * | iban | two letters, two check digits, 10-30 letters/digits in groups (`DE89 3704 0044 0532 0130 00`) |
 * | insurance-number | German health insurance number (KVNR): one letter and 9 digits (`A123456780`) |
 * | date | calendar dates (`17.05.1960`, `1960-05-17`, `5/17/60`, `17. Mai 1960`) and a year after geb./geboren/born/DOB/`*` |
 * | phone | numbers with a country code (`+49 221 5550101`), national numbers starting with 0 (`040 5550202`, `0341-5550303`, `(040) 555 0101`), and digits after Tel./Telefon/Handy/Mobil/Phone/Fax |
 * | address | German streets with a house number (`Heidestraße 17`, `Hamburger Straße 5`, `Am Markt 5a`, optionally `, 51147 Köln`), English ones (`12 Baker Street`) |
 * | name | one or two capitalised words after a title or salutation (`Frau Erika Mustermann`, `Dr. med. Hans Meier`, `Mr Smith`, `Name: Schäfer`) |
 */
export const FREE_TEXT_PATTERNS: readonly FreeTextPattern[] = [
  { kind: 'email', pattern: '[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}', meaning: 'e-mail addresses' },
  { kind: 'iban', pattern: '\\b[A-Z]{2}[0-9]{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\\b', meaning: 'IBANs' },
  { kind: 'insurance-number', pattern: '\\b[A-Za-z] ?[0-9]{9}\\b', meaning: 'German health insurance numbers (KVNR: a letter and 9 digits)' },
  {
    kind: 'date',
    pattern: [
      `(?:\\b${ci('geb')}(?:${ci('oren')})?\\b\\.?|\\b${ci('born')}\\b|\\b${ci('dob')}\\b|\\*) ?:? ?(?:${ci('am')} |${ci('on')} |${ci('in')} )?(?:[0-9]{1,2}[./-]){0,2}(?:1[89]|20)[0-9]{2}\\b`,
      '\\b(?:1[89]|20)[0-9]{2}[-/.][0-9]{1,2}[-/.][0-9]{1,2}\\b',
      '\\b[0-9]{1,2}[./-][0-9]{1,2}[./-](?:[0-9]{4}|[0-9]{2})\\b',
      `\\b[0-9]{1,2}\\.? ?${MONTHS}[a-zA-ZäÄ]*\\.? ?(?:[0-9]{4}|[0-9]{2})\\b`,
    ].join('|'),
    meaning: 'calendar dates, and years of birth after geb./born/DOB/*',
  },
  {
    kind: 'phone',
    pattern: [
      `\\b(?:${ci('telefon|tel|phone|handy|mobile|mobil|fax')})\\b\\.?:? ?\\+?[0-9][0-9 /().-]{4,}[0-9]`,
      '\\+[0-9]{1,3}[ /.-]?(?:\\(0\\) ?)?[0-9][0-9 /.-]{4,}[0-9]',
      '\\(?\\b0[0-9]{2,5}\\)?[ /.-]?[0-9][0-9 .-]{3,}[0-9]',
    ].join('|'),
    meaning: 'phone and fax numbers',
  },
  {
    kind: 'address',
    pattern: [
      `[${UPPER}][${LOWER}]+${STREET_SUFFIX} ?[0-9]{1,4} ?[a-z]?\\b${POSTCODE_CITY}`,
      `[${UPPER}][${LOWER}]+ ${STREET_WORD} ?[0-9]{1,4} ?[a-z]?\\b${POSTCODE_CITY}`,
      '\\b[0-9]{1,5}[A-Za-z]? (?:[A-Z][a-z]+ ){1,3}(?:Street|St\\.|Road|Rd\\.|Avenue|Ave\\.|Lane|Boulevard|Blvd\\.|Drive|Court|Place|Terrace|Way)',
    ].join('|'),
    meaning: 'street addresses with a house number (and postcode and city after them)',
  },
  {
    kind: 'name',
    pattern: `\\b(?:Frau|Herrn?|Hr\\.|Fr\\.|Mrs?\\.?|Ms\\.?|Miss|Dr\\.(?: med\\.)?|Prof\\.(?: Dr\\.)?|Name:) ?[${UPPER}][${LOWER}]+(?:[- ][${UPPER}][${LOWER}]+){0,2}`,
    meaning: 'names after a title or salutation (Frau, Herr, Dr., Prof., Mr, Mrs, Name:)',
  },
];

/** Free-text columns of each table: the columns scanned and redacted on import. */
export const FREE_TEXT_COLUMNS: Readonly<Partial<Record<CanonicalTableName, readonly string[]>>> = {
  events: ['detail'],
  treatments: ['stop_reason'],
};

/** True when `column` of `table` is a free-text column (see {@link FREE_TEXT_COLUMNS}). */
export function isFreeTextColumn(table: CanonicalTableName, column: string): boolean {
  return FREE_TEXT_COLUMNS[table]?.includes(column) ?? false;
}

/** The text that replaces a match of `kind`. */
export function redactionMark(kind: RedactionKind): string {
  return `[redacted:${kind}]`;
}

/**
 * Redacts a text with the patterns (the JavaScript reference of {@link redactSql}).
 * @example redactFreeText('Patientin Tel. 040 5550202, geb. 12.08.1964').text // => 'Patientin [redacted:phone], [redacted:date]'
 */
export function redactFreeText(text: string): { text: string; counts: RedactionCounts } {
  const counts: RedactionCounts = {};
  let t = text;
  for (const p of FREE_TEXT_PATTERNS) {
    let n = 0;
    t = t.replace(new RegExp(p.pattern, 'g'), () => {
      n += 1;
      return redactionMark(p.kind);
    });
    if (n > 0) counts[p.kind] = n;
  }
  return { text: t, counts };
}

/**
 * SQL expression redacting the VARCHAR expression `expr` (NULL stays NULL).
 * @example conn.run(`SELECT ${redactSql("'Tel. 040 5550202'")}`) // => '[redacted:phone]'
 */
export function redactSql(expr: string): string {
  let t = expr;
  for (const p of FREE_TEXT_PATTERNS) t = `regexp_replace(${t}, ${quoteLiteral(p.pattern)}, ${quoteLiteral(redactionMark(p.kind))}, 'g')`;
  return t;
}

/**
 * SQL query counting the matches per kind of the VARCHAR expression `expr` over
 * the relation `from` (alias `s`): one row, one BIGINT column per pattern kind, in
 * {@link FREE_TEXT_PATTERNS} order, counted on the text the earlier patterns left.
 */
export function redactionCountSql(expr: string, from: string): string {
  const steps: string[] = [];
  let prev = '__t0';
  FREE_TEXT_PATTERNS.forEach((p, i) => {
    steps.push(
      `SELECT *, len(regexp_extract_all(${prev}, ${quoteLiteral(p.pattern)})) AS __c${i}, regexp_replace(${prev}, ${quoteLiteral(p.pattern)}, ${quoteLiteral(redactionMark(p.kind))}, 'g') AS __t${i + 1}`,
    );
    prev = `__t${i + 1}`;
  });
  let sql = `SELECT ${expr} AS __t0 FROM ${from} AS s WHERE ${expr} IS NOT NULL`;
  for (const step of steps) sql = `${step} FROM (${sql})`;
  return `SELECT ${FREE_TEXT_PATTERNS.map((_, i) => `coalesce(sum(__c${i}), 0)`).join(', ')} FROM (${sql})`;
}

/** Adds counts into a total (pure: returns a new object). */
export function addRedactionCounts(a: RedactionCounts, b: RedactionCounts): RedactionCounts {
  const out: RedactionCounts = { ...a };
  for (const [k, v] of Object.entries(b) as [RedactionKind, number][]) if (v > 0) out[k] = (out[k] ?? 0) + v;
  return out;
}
