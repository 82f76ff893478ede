import { writeFileSync } from 'node:fs';
import { extname } from 'node:path';
import { tableToIPC } from 'apache-arrow';
import { countingProcessSql, patientTableSql, type CountingProcessSpec } from '../../engine/analysis-table.js';
import { toArrowTable, toRows } from '../../engine/convert.js';
import { requireRowLevel } from '../../engine/disclosure/access-level.js';
import { UsageError } from '../../util/errors.js';
import { specFromFlags } from '../analysis-table-flags.js';
import { checkFlags, choiceFlag, hasFlag, stringFlag } from '../args.js';
import type { Command } from '../command.js';
import { openStoreFlag, recordRun, sessionFor } from '../io.js';
import { csvText, jsonText, textTable } from '../output.js';

export const tableCommand: Command = {
  name: 'table',
  summary: 'Build an analysis table (one row per patient, or counting-process rows) without writing SQL',
  help: `Usage: midia table --db FILE [flags]

Builds a one-row-per-patient table: pseudonym, sex, diagnosis, site, age at the
index date, index date, last follow-up; with --endpoint the time to the first
such event and its status (censored at last follow-up); with --covariates the
baseline value of each observation code (closest to the index date, 365 days
before to 30 days after). With --counting, (start, stop] rows split at every
therapy start and stop, with the current therapy class as a time-varying column.

The table is row-level output: refused for studies with access level
aggregate (exit code 2); for row-level studies each export is recorded in the
data-use ledger with its row count (docs/access-levels.md). --sql needs no study.

Flags:
  --db FILE              cohort database (required)
  --study ID             registered study (required)
  --diagnosis D[,D]      breast_cancer, prostate_cancer, multiple_sclerosis, other
  --endpoint E[,E]       event types, e.g. local_recurrence,regional_recurrence,distant_metastasis,death
  --competing E[,E]      competing event types (status 2)
  --covariates C[,C]     observation codes, e.g. ER,PR,HER2,KI67
  --unit U               days (default) | months | years
  --counting             counting-process rows (needs --endpoint)
  --sql                  print the generated SQL instead of running it
  --format F             table (default) | csv | json
  --out FILE             write to FILE (.csv, .json, .arrow by extension)
Example:
  midia table --db cohort.duckdb --study BC-1 --diagnosis breast_cancer --endpoint distant_metastasis,death --covariates ER,KI67 --unit months --out rfs.csv
`,
  async run(args, io) {
    checkFlags(args, ['db', 'study', 'purpose', 'diagnosis', 'endpoint', 'competing', 'covariates', 'unit', 'counting', 'sql', 'format', 'out']);
    if (stringFlag(args, 'unit')) choiceFlag(args, 'unit', ['days', 'months', 'years'] as const, 'days');
    const spec = specFromFlags(args.flags);
    let sql: string;
    if (hasFlag(args, 'counting')) {
      if (!spec.endpoint) throw new UsageError('--counting needs --endpoint');
      sql = countingProcessSql(spec as CountingProcessSpec);
    } else sql = patientTableSql(spec);
    if (hasFlag(args, 'sql')) {
      io.stdout.write(`${sql};\n`);
      return 0;
    }
    const out = stringFlag(args, 'out');
    const format = hasFlag(args, 'json') ? 'json' : out ? ({ '.json': 'json', '.arrow': 'arrow' } as Record<string, string>)[extname(out)] ?? 'csv' : choiceFlag(args, 'format', ['table', 'csv', 'json'] as const, 'table');
    const store = await openStoreFlag(args);
    try {
      const session = await sessionFor(store, args, io);
      try {
        requireRowLevel(session.disclosure, session.study, 'midia table (one row per patient)');
        const res = await session.query(sql);
        const ids = res.names.indexOf('pseudonym');
        const used = ids >= 0 ? [...new Set((res.columns[ids] as (string | null)[]).filter((p): p is string => p !== null))] : undefined;
        await recordRun(session, 'table', args, { rows: res.rowCount, columns: res.names, access: 'row-level' }, used);
        let payload: string | Uint8Array;
        if (format === 'arrow') payload = tableToIPC(toArrowTable(res), 'file');
        else {
          const rows = toRows(res);
          const cells = rows.map((r) => res.names.map((n) => r[n]));
          payload = format === 'json' ? jsonText(rows) : format === 'csv' ? csvText(res.names, cells) : textTable(res.names, cells, 6);
        }
        if (out) {
          writeFileSync(out, payload);
          io.stderr.write(`wrote ${res.rowCount} rows to ${out}\n`);
        } else io.stdout.write(payload);
      } finally {
        session.close();
      }
    } finally {
      await store.close();
    }
    return 0;
  },
};
