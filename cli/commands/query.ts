import { writeFileSync } from 'node:fs';
import { UsageError } from '../../util/errors.js';
import { checkFlags, choiceFlag, hasFlag, stringFlag } from '../args.js';
import type { Command } from '../command.js';
import { dbFlag, runParameters } from '../io.js';
import { openStudyFlagSource } from '../source-flags.js';
import { csvText, jsonText, textTable } from '../output.js';

export const queryCommand: Command = {
  name: 'query',
  summary: 'Run SQL on a cohort database (through the access gate) and print a table, CSV, JSON or Arrow',
  help: `Usage: midia query --db FILE --study ID [--format table|csv|json|arrow] [--out FILE] "SQL"

Runs one SQL statement in an analysis session: the tables patients, events,
observations, treatments and visits hold the rows the declared study may see.
Files, other databases and settings are not reachable from the session.

What is answered depends on the study's access level (docs/access-levels.md):
  aggregate   only one SELECT whose every output column is count(*),
              count([DISTINCT] col), sum(col) or avg(col) of a plain column (or a
              group key), over the session's tables (joined on pseudonym),
              with a WHERE and GROUP BY of columns, constants, comparisons,
              AND/OR/NOT, IN lists, BETWEEN, arithmetic, year/month/quarter/
              date_trunc, lower/upper, round/floor/ceil/abs, coalesce; every group
              (and the patients with a value of each summed or averaged column)
              must hold at least the study's minimum cell count of patients, and
              the groups must not reveal a smaller group by difference with what
              the study released before. Everything else (min, max, rows, *,
              CASE, subqueries, HAVING, FILTER, window functions, the pseudonym
              outside count and joins) is refused with exit code 2.
  row-level   any statement; the export is recorded in the ledger with its row count.

Flags:
  --db FILE        cohort database (required)
  --study ID       registered study (required): the session holds only its
                   consenting patients; the run is recorded in the ledger
  --format F       table (default) | csv | json | arrow (Arrow IPC stream; binary)
  --json           same as --format json
  --out FILE       write to FILE instead of stdout
Example:
  midia query --db cohort.duckdb --study BC-1 "SELECT diagnosis, count(*) AS n FROM patients GROUP BY 1"
`,
  async run(args, io) {
    checkFlags(args, ['db', 'study', 'purpose', 'format', 'out']);
    const sql = args.positional.join(' ').trim();
    if (!sql) throw new UsageError('No SQL given');
    const format = hasFlag(args, 'json') ? 'json' : choiceFlag(args, 'format', ['table', 'csv', 'json', 'arrow'] as const, 'table');
    const out = stringFlag(args, 'out');
    dbFlag(args);
    const data = await import('../../analyses/data/index.js');
    const source = await openStudyFlagSource(args, io);
    let r: Awaited<ReturnType<typeof data.runQuery>>;
    try {
      // The user's SQL, passed to the analysis: checked aggregates under aggregate access, any statement under row-level; recorded before it leaves.
      r = await data.runQuery(source, { sql }, { parameters: runParameters(args) });
    } finally {
      source.session.close();
    }
    const res = r.result.columns;
    let payload: string | Uint8Array;
    if (format === 'arrow') payload = await data.resultArrowIpc(res, 'stream');
    else {
      const rows = await data.resultRows(res);
      if (format === 'json') payload = jsonText(rows);
      else {
        const cells = rows.map((row) => res.names.map((n) => row[n]));
        payload = format === 'csv' ? csvText(res.names, cells) : textTable(res.names, cells, 7);
      }
    }
    if (out) writeFileSync(out, payload);
    else io.stdout.write(payload);
    return 0;
  },
};
