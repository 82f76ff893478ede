import { CANONICAL_TABLES, governanceLines, importSources, type CanonicalTableName, type ImportResult } from '../../analyses/admin/import.js';
import { UsageError } from '../../util/errors.js';
import { checkFlags, choiceFlag, hasFlag, stringFlag } from '../args.js';
import type { Command } from '../command.js';
import { dbFlag } from '../io.js';
import { privacyNotes, PSEUDONYMIZE_FLAGS, pseudonymizeOptionsFromFlags } from './pseudonymize.js';
import { jsonText, progressBar, textTable } from '../output.js';

export const importCommand: Command = {
  name: 'import',
  summary: 'Import CSV, Parquet, Arrow, NDJSON or FHIR files into a cohort database',
  help: `Usage: midia import --db FILE [--table T] [flags] SOURCE...

Imports records into the cohort database FILE (created when missing; a path
with a data file's extension, or an existing file that is not a DuckDB
database, is refused). One call is one transaction: if any record of any
SOURCE is rejected, nothing of any SOURCE is written and every rejected record
is listed with file, row and field (exit code 2). Records already present
(same key) are skipped and counted as duplicates.

Checks (docs/import.md): CSV quoting as RFC 4180 (an unterminated quote is
rejected); plausibility rules per column and per observation code (dates from
1900 to today, birth year to this year, last contact not before the index
date, EDSS 0-10 in half steps, PSA >= 0, Ki-67 and ER/PR 0-100 %, ...; listed
in docs/schema.md); new patients' pseudonyms must have an accepted form
(psn- + 20 hex digits, P- + 10 hex digits, MSR + digits, or
--pseudonym-pattern). Source columns that map to no canonical column are
dropped (listed in the report); identifiers in the free-text columns
events.detail and treatments.stop_reason (dates, phone numbers, e-mail and
street addresses, KVNR, IBAN, names after a title) are redacted and counted.

SOURCE is a data file, or a folder holding canonical files named after their
table (patients.csv, events.csv, observations.csv, treatments.csv, visits.csv;
any supported extension); patients files are imported first. A folder's
reports.ndjson (FHIR R4 QuestionnaireResponses, as 'midia generate' writes
them) is imported as --format fhir, in the same transaction. A folder may also hold
study.json (a study registration, as 'midia study register' takes it: it is
registered, or kept when the same study is already registered) and
consents.ndjson (FHIR R4 Consent resources, imported as 'midia consent import'
does, after the tables); 'midia generate' writes both. A bad study or consents
file stops the import before any table is written. With --json their reports
follow the tables' in the list ({"file","study","registered","access","purpose"}
and {"file","consents","appended","duplicates",...}).

Flags:
  --db FILE           cohort database file (required)
  --table T           target table for a single data file: ${CANONICAL_TABLES.join(', ')}
                      (default: the file's base name when it is a table name)
  --format F          csv | parquet | arrow | ndjson | fhir (default: from the extension;
                      .json and .ndjson files with FHIR resources need --format fhir).
                      FHIR: Patient, Condition, Observation, MedicationStatement/-Administration,
                      Procedure, and QuestionnaireResponse of EQ-5D-5L, QLQ-C30, MSIS-29 or
                      EPIC-26 (patient-reported outcomes: the accepted Questionnaire URLs and
                      linkIds are in docs/pro.md; answers checked and scored, reported as table reports)
  --mapping FILE      JSON column mapping for sources with other column names, e.g.
                      {"pseudonym": "patient_id", "sex": {"column": "gender", "values": {"F": "female", "M": "male"}},
                       "index_date": {"column": "dx_date", "dateFormat": "%d.%m.%Y"}}
  --source NAME       provenance recorded on every row (default: none)
  --delimiter C       CSV delimiter (default: auto-detected)
  --pseudonym-pattern REGEX
                      another accepted pseudonym form (a trust centre's), e.g. 'TC-[0-9A-F]{5}':
                      the whole pseudonym must match; kept in the database once the import
                      succeeds, so later imports accept it too (default: the stored one)
  --pseudonymize-id COL   the source is identifying: replace COL by a keyed HMAC-SHA-256 pseudonym,
                      drop direct identifiers, reduce a birth date to year and month (see 'midia pseudonymize --help');
                      the key comes from MIDIA_PSEUDONYM_KEY or --key-file; --domain D, --trust-centre FILE,
                      --birth-date-format F as there. Sources with identifier columns are refused without it.
  --json              print the import report as JSON
  --quiet             no progress bar

Examples:
  midia import --db cohort.duckdb datasets/synthetic-out/
  midia import --db cohort.duckdb --table observations labs.csv --mapping labs-mapping.json --source UK-Nord
  midia import --db cohort.duckdb --format fhir bundle.json
`,
  async run(args, io) {
    checkFlags(args, ['db', 'table', 'format', 'mapping', 'source', 'delimiter', 'pseudonymize-id', 'pseudonym-pattern', ...PSEUDONYMIZE_FLAGS]);
    const sources = args.positional;
    if (!sources.length) throw new UsageError('No SOURCE given');
    const table = stringFlag(args, 'table');
    if (table !== undefined) choiceFlag(args, 'table', CANONICAL_TABLES, 'patients');
    const idColumn = stringFlag(args, 'pseudonymize-id');
    const pseudonymize = idColumn === undefined ? undefined : pseudonymizeOptionsFromFlags(args, io, idColumn);
    const request: Parameters<typeof importSources>[1] = { sources, onProgress: progressBar(io.stderr, io.showProgress) };
    if (table !== undefined) request.table = table as CanonicalTableName;
    if (pseudonymize) request.pseudonymize = pseudonymize;
    for (const [flag, key] of [['format', 'format'], ['mapping', 'mappingFile'], ['source', 'source'], ['delimiter', 'delimiter'], ['pseudonym-pattern', 'pseudonymPattern']] as const) {
      const v = stringFlag(args, flag);
      if (v !== undefined) request[key] = v;
    }
    const { reports, governance }: ImportResult = await importSources(dbFlag(args), request);
    const extra = governance.flatMap((g) => [g.study, g.consents].filter((x) => x !== null));
    if (hasFlag(args, 'json')) io.stdout.write(jsonText(reports.length === 1 && !extra.length ? reports[0] : [...reports, ...extra]));
    else {
      const rows = reports.flatMap((r) =>
        Object.entries(r.perTable).map(([t, c]) => [r.file, t, c.loaded, c.duplicates, r.rejected] as const),
      );
      io.stdout.write(textTable(['file', 'table', 'loaded', 'duplicates', 'rejected'], rows));
      io.stdout.write(privacyNotes(reports));
      for (const g of governance) for (const line of governanceLines(g)) io.stdout.write(`${line}\n`);
    }
    return 0;
  },
};
