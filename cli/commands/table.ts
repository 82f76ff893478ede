import { writeFileSync } from 'node:fs';
import { extname } from 'node:path';
import { tableToIPC } from 'apache-arrow';
import { countingProcessSql, patientTableSql, type CountingProcessSpec } from '../../engine/analysis-table.js';
import { toArrowTable, toRows, type ResultColumns } from '../../engine/convert.js';
import { requireRowLevel } from '../../engine/disclosure/access-level.js';
import { resolveCovariates, timeDependentTable } from '../../engine/time-dependent-table.js';
import { UsageError } from '../../util/errors.js';
import { specFromFlags, TIME_DEPENDENT_FLAGS, timeDependentFromFlags } from '../analysis-table-flags.js';
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
before to 30 days after unless --baseline-window says otherwise; codes are
matched in any case, and a code with text values only, e.g. PT_STAGE, gives
its text). With --counting, (start, stop] rows split at every therapy start
and stop, with the current therapy class as a time-varying column, an event
column (1 endpoint, 2 competing event), and the time-dependent covariates of
--tdc, --cumtdc, --cumevent and --tdc-therapy, built as R's survival::tmerge
builds them (docs/time-dependent-covariates.md): a value dated on day t
applies from day t on (to events after day t), every such date inside
follow-up splits the row, and values after the end of follow-up are ignored
and counted in a warning.

The table is row-level output: refused for studies with access level
aggregate (exit code 2); for row-level studies each export is recorded in the
data-use ledger with its row count (docs/access-levels.md). --sql needs no study.

Flags:
  --db FILE              cohort database (required)
  --study ID             registered study (required)
  --diagnosis D[,D]      breast_cancer, prostate_cancer, multiple_sclerosis, other
  --endpoint E[,E]       event types, e.g. local_recurrence,regional_recurrence,distant_metastasis,death
  --competing E[,E]      competing event types (status 2)
  --covariates C[,C]     observation codes, e.g. ER,PR,HER2,KI67, or patient-reported
                         score codes, e.g. EQ5D_INDEX,MSIS29_PHYSICAL (docs/pro.md)
  --baseline-window C=FROM:TO[,...]
                         baseline window of covariate C in days relative to the index
                         date (default -365:30), e.g. PT_STAGE=0:90 for pathology
                         reported up to 90 days after diagnosis
  --unit U               days (default) | months | years
  --counting             counting-process rows (needs --endpoint)
  --tdc C[,C]            with --counting: observation codes as time-dependent covariates,
                         the last value carried forward (column: the code in lower case)
  --tdc-lookback C=DAYS[,...]
                         days a value of --tdc code C stays valid; later it is missing
                         until the next value (default: no limit)
  --cumtdc E[,E]         with --counting: number of events of type E so far, after the
                         index date (column n_E), e.g. relapse
  --cumevent E[,E]       with --counting: events of type E after the index date as a
                         recurrent-event column E (the running count on the row that
                         ends at each event, 0 elsewhere)
  --tdc-therapy X[,X]    with --counting: 1 while therapy X is given (substance, class
                         or ATC code, any case; ATC codes also as a prefix), else 0
                         (column rx_X)
  --sql                  print the generated SQL instead of running it (not with the
                         time-dependent covariates, which are built in TypeScript)
  --format F             table (default) | csv | json
  --out FILE             write to FILE (.csv, .json, .arrow by extension)
Examples:
  midia table --db cohort.duckdb --study BC-1 --diagnosis breast_cancer --endpoint distant_metastasis,death --covariates ER,KI67 --unit months --out rfs.csv
  midia table --db cohort.duckdb --study PC-1 --diagnosis prostate_cancer --endpoint distant_metastasis --competing death \\
    --covariates PT_STAGE,ISUP --baseline-window PT_STAGE=0:90 --counting --tdc PSA --tdc-lookback PSA=365 --out pc.csv
`,
  async run(args, io) {
    checkFlags(args, ['db', 'study', 'purpose', 'diagnosis', 'endpoint', 'competing', 'covariates', 'baseline-window', 'unit', 'counting', ...TIME_DEPENDENT_FLAGS, 'sql', 'format', 'out']);
    if (stringFlag(args, 'unit')) choiceFlag(args, 'unit', ['days', 'months', 'years'] as const, 'days');
    const spec = specFromFlags(args.flags);
    const counting = hasFlag(args, 'counting');
    if (counting && !spec.endpoint) throw new UsageError('--counting needs --endpoint');
    const timeDependent = timeDependentFromFlags(args.flags);
    if (timeDependent && !counting) {
      const given = TIME_DEPENDENT_FLAGS.filter((f) => args.flags[f] !== undefined).map((f) => `--${f}`);
      throw new UsageError(`${given.join(', ')} ${given.length === 1 ? 'needs' : 'need'} --counting (time-dependent covariates live on counting-process rows)`);
    }
    if (hasFlag(args, 'sql')) {
      if (timeDependent) throw new UsageError('--sql is not available with time-dependent covariates (--tdc, --cumtdc, --cumevent, --tdc-therapy): they are built in TypeScript, as R\'s tmerge (docs/time-dependent-covariates.md)');
      io.stdout.write(`${counting ? countingProcessSql(spec as CountingProcessSpec) : patientTableSql(spec)};\n`);
      return 0;
    }
    const out = stringFlag(args, 'out');
    const format = hasFlag(args, 'json') ? 'json' : out ? ({ '.json': 'json', '.arrow': 'arrow' } as Record<string, string>)[extname(out)] ?? 'csv' : choiceFlag(args, 'format', ['table', 'csv', 'json'] as const, 'table');
    const store = await openStoreFlag(args);
    try {
      const session = await sessionFor(store, args, io);
      try {
        requireRowLevel(session.disclosure, session.study, 'midia table (one row per patient)');
        let res: ResultColumns;
        if (timeDependent) {
          const built = await timeDependentTable(session, { ...(spec as CountingProcessSpec), ...timeDependent });
          for (const w of built.warnings) io.stderr.write(`warning: ${w}\n`);
          res = built.result;
        } else {
          // codes in another case and text-only codes (PT_STAGE) as stored
          const resolved = { ...spec, ...(spec.covariates ? { covariates: await resolveCovariates(session, spec.covariates) } : {}) };
          res = await session.query(counting ? countingProcessSql(resolved as CountingProcessSpec) : patientTableSql(resolved));
        }
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
