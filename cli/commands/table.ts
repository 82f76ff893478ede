import { writeFileSync } from 'node:fs';
import { extname } from 'node:path';
import type { TableOptionsParsed } from '../../analyses/data/table.js';
import { UsageError } from '../../util/errors.js';
import { specFromFlags, TIME_DEPENDENT_FLAGS, timeDependentFromFlags } from '../analysis-table-flags.js';
import { checkFlags, choiceFlag, hasFlag, stringFlag } from '../args.js';
import type { Command } from '../command.js';
import { dbFlag, runParameters } from '../io.js';
import { openStudyFlagSource } from '../source-flags.js';
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
    const options: TableOptionsParsed = { spec, counting, ...(timeDependent ? { timeDependent } : {}) };
    const data = await import('../../analyses/data/index.js');
    if (hasFlag(args, 'sql')) {
      io.stdout.write(`${await data.tableSql(options)};\n`);
      return 0;
    }
    const out = stringFlag(args, 'out');
    const format = hasFlag(args, 'json') ? 'json' : out ? ({ '.json': 'json', '.arrow': 'arrow' } as Record<string, string>)[extname(out)] ?? 'csv' : choiceFlag(args, 'format', ['table', 'csv', 'json'] as const, 'table');
    dbFlag(args);
    const source = await openStudyFlagSource(args, io);
    let r: Awaited<ReturnType<typeof data.runTable>>;
    try {
      // Row-level output: refused under an aggregate study; recorded with its row count before it leaves.
      r = await data.runTable(source, options, { parameters: runParameters(args) });
    } finally {
      source.session.close();
    }
    for (const w of r.warnings) io.stderr.write(`warning: ${w}\n`);
    const res = r.result.columns;
    let payload: string | Uint8Array;
    if (format === 'arrow') payload = await data.resultArrowIpc(res, 'file');
    else {
      const rows = await data.resultRows(res);
      const cells = rows.map((row) => res.names.map((n) => row[n]));
      payload = format === 'json' ? jsonText(rows) : format === 'csv' ? csvText(res.names, cells) : textTable(res.names, cells, 6);
    }
    if (out) {
      writeFileSync(out, payload);
      io.stderr.write(`wrote ${res.rowCount} rows to ${out}\n`);
    } else io.stdout.write(payload);
    return 0;
  },
};
