import {
  DEFAULT_PSEUDONYM_DOMAIN,
  importPseudonymized,
  PSEUDONYM_KEY_ENV,
  pseudonymizeOptions,
  pseudonymsOf,
  type PseudonymizeOptions,
} from '../../analyses/admin/pseudonymize.js';
import { CANONICAL_TABLES, type CanonicalTableName, type ImportReport } from '../../analyses/admin/import.js';
import { UsageError } from '../../util/errors.js';
import { checkFlags, choiceFlag, hasFlag, requiredFlag, stringFlag } from '../args.js';
import type { Command, CommandIO, ParsedArgs } from '../command.js';
import { dbFlag } from '../io.js';
import { jsonText, progressBar, textTable } from '../output.js';

/** Flags that choose the pseudonymization, shared with `midia import --pseudonymize-id COL`. */
export const PSEUDONYMIZE_FLAGS = ['key-file', 'domain', 'trust-centre', 'birth-date-format'] as const;

/**
 * Pseudonymization options from command-line flags: `idColumn` plus `--key-file F`
 * (else the environment variable MIDIA_PSEUDONYM_KEY), `--domain D`, or
 * `--trust-centre MAPPING.csv` (no key), `--birth-date-format F`.
 *
 * @throws UsageError without a key and without --trust-centre.
 */
export function pseudonymizeOptionsFromFlags(args: ParsedArgs, io: CommandIO, idColumn: string): PseudonymizeOptions {
  const request: Parameters<typeof pseudonymizeOptions>[0] = { idColumn, env: io.env };
  for (const [flag, key] of [['key-file', 'keyFile'], ['domain', 'domain'], ['trust-centre', 'trustCentre'], ['birth-date-format', 'birthDateFormat']] as const) {
    const v = stringFlag(args, flag);
    if (v !== undefined) request[key] = v;
  }
  return pseudonymizeOptions(request);
}

const KEY_HELP = `  --key-file F          file with the secret key (hex or base64, >= 32 bytes);
                        default: the environment variable ${PSEUDONYM_KEY_ENV}
  --domain D            pseudonym domain, one per project (default ${DEFAULT_PSEUDONYM_DOMAIN})`;

export const pseudonymizeCommand: Command = {
  name: 'pseudonymize',
  summary: 'Import identifying data pseudonymized (keyed HMAC or trust-centre pseudonyms); print pseudonyms of ids',
  help: `Usage: midia pseudonymize import --db FILE --table T --id-column COL [flags] SOURCE...
       midia pseudonymize id [--key-file F] [--domain D] ID...

import: imports files that carry identifying data. The column COL (the
hospital's patient number) is replaced by the pseudonym
  psn- + first 20 hex digits of HMAC-SHA-256(key, domain || 0x00 || normalized id)
(normalized: trimmed, NFC, ASCII letters upper-cased), or by the pseudonym a
trust centre issued (--trust-centre). Direct identifiers (names, address,
postcode, city, phone, e-mail, insurance numbers; German and English column
names) are dropped; a birth date becomes birth_year and birth_month in the
patients table; other columns that map to no canonical column are dropped.
In the free-text columns (events.detail, treatments.stop_reason) every word of
the file's name and id columns is redacted, and so are dates, phone numbers,
e-mail and street addresses, insurance numbers (KVNR) and IBANs (counts in the
report). Raw identifiers never reach the database and are never written to
disk (the pseudonymized copy is staged in a private temporary directory, mode
0700, removed afterwards). All SOURCEs are imported in one transaction. A plain
'midia import' of such a file is refused.

id: prints the keyed pseudonym of each ID (to look up a patient's pseudonym,
e.g. for consent or 'midia ledger for-patient').

Flags:
  --db FILE             cohort database file (import; created when missing)
  --table T             target table: ${CANONICAL_TABLES.join(', ')}
  --id-column COL       source column with the patient identifier (import)
${KEY_HELP}
  --trust-centre F      CSV with columns source_id,pseudonym (pseudonyms issued by a
                        trust centre, e.g. gPAS); no key needed; unknown ids are rejected;
                        its pseudonyms must have an accepted form (see --pseudonym-pattern)
  --pseudonym-pattern REGEX
                        the trust centre's pseudonym form, e.g. 'TC-[0-9A-F]{5}' (whole value);
                        kept in the database for later imports (as for midia import)
  --birth-date-format F strptime format of the birth-date column, e.g. %d.%m.%Y (default ISO)
  --mapping FILE        JSON column mapping (as for midia import); entries reading COL
                        read the pseudonym
  --date-format F       strptime format of the other date columns (default ISO)
  --source NAME         provenance recorded on every row
  --delimiter C         CSV delimiter (default: auto-detected)
  --json                print the import report(s) as JSON

Examples:
  MIDIA_PSEUDONYM_KEY=$(cat /secure/key.hex) midia pseudonymize import --db cohort.duckdb --table patients --id-column PATNR --domain ms-registry --birth-date-format %d.%m.%Y kis-export.csv
  midia pseudonymize import --db cohort.duckdb --table observations --id-column PID --trust-centre gpas-export.csv labs.csv
  midia pseudonymize id --key-file key.hex --domain ms-registry 4711
`,
  async run(args, io) {
    const [action, ...values] = args.positional;
    if (action === 'id') {
      checkFlags(args, ['key-file', 'domain']);
      if (!values.length) throw new UsageError('pseudonymize id needs at least one ID');
      const keyFile = stringFlag(args, 'key-file');
      const rows = pseudonymsOf(values, { ...(keyFile !== undefined ? { keyFile } : {}), domain: stringFlag(args, 'domain', DEFAULT_PSEUDONYM_DOMAIN), env: io.env });
      if (hasFlag(args, 'json')) io.stdout.write(jsonText(rows));
      else io.stdout.write(textTable(['id', 'pseudonym'], rows.map((r) => [r.id, r.pseudonym])));
      return 0;
    }
    if (action !== 'import') throw new UsageError(`pseudonymize needs an action: import or id${action !== undefined ? ` (got '${action}')` : ''}`);
    checkFlags(args, ['db', 'table', 'id-column', 'mapping', 'date-format', 'source', 'delimiter', 'pseudonym-pattern', ...PSEUDONYMIZE_FLAGS]);
    if (!values.length) throw new UsageError('No SOURCE given');
    const table = choiceFlag(args, 'table', CANONICAL_TABLES, requiredFlag(args, 'table') as CanonicalTableName);
    const request: Parameters<typeof importPseudonymized>[1] = { files: values, table, pseudonymize: pseudonymizeOptionsFromFlags(args, io, requiredFlag(args, 'id-column')), onProgress: progressBar(io.stderr, io.showProgress) };
    for (const [flag, key] of [['mapping', 'mappingFile'], ['date-format', 'dateFormat'], ['source', 'source'], ['delimiter', 'delimiter'], ['pseudonym-pattern', 'pseudonymPattern']] as const) {
      const v = stringFlag(args, flag);
      if (v !== undefined) request[key] = v;
    }
    const reports = await importPseudonymized(dbFlag(args), request);
    if (hasFlag(args, 'json')) io.stdout.write(jsonText(reports.length === 1 ? reports[0] : reports));
    else {
      io.stdout.write(textTable(['file', 'table', 'loaded', 'duplicates', 'method', 'dropped', 'generalised'], reports.map((r) => [r.file, table, r.loaded, r.duplicates, r.pseudonymization?.method ?? '', (r.pseudonymization?.dropped ?? []).map((d) => d.column).join(' '), r.pseudonymization?.generalised ?? ''])));
      io.stdout.write(privacyNotes(reports));
    }
    return 0;
  },
};

/** Lines about dropped columns and redactions of the reports (empty when there are none). */
export function privacyNotes(reports: readonly ImportReport[]): string {
  const lines: string[] = [];
  for (const r of reports) {
    if (r.unmappedColumns.length) lines.push(`${r.file}: dropped columns that map to no canonical column: ${r.unmappedColumns.join(', ')}`);
    const red = Object.entries(r.redactions);
    if (red.length) lines.push(`${r.file}: redacted in free text: ${red.map(([k, n]) => `${n} ${k}`).join(', ')}`);
  }
  return lines.length ? `${lines.join('\n')}\n` : '';
}
