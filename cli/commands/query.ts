import { writeFileSync } from 'node:fs';
import { tableToIPC } from 'apache-arrow';
import { toArrowTable, toRows, type ResultColumns } from '../../engine/convert.js';
import { answerAggregateQuery, checkAggregateQuery } from '../../engine/disclosure/aggregate-query.js';
import { planRelease, type PlannedRelease } from '../../engine/disclosure/release-register.js';
import { appendLedgerEntry } from '../../engine/ledger/ledger.js';
import { CohortStore } from '../../engine/store.js';
import { AccessDeniedError, UsageError } from '../../util/errors.js';
import { checkFlags, choiceFlag, hasFlag, stringFlag } from '../args.js';
import type { Command } from '../command.js';
import { openStoreFlag, recordRun, runParameters, sessionFor } from '../io.js';
import { csvText, jsonText, textTable } from '../output.js';

/** Opens the database file for `op` and closes it again. */
async function withStoreFile<T>(db: string, op: (store: CohortStore) => Promise<T>): Promise<T> {
  const store = await CohortStore.open(db);
  try {
    return await op(store);
  } finally {
    store.close();
  }
}

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
    const store = await openStoreFlag(args);
    try {
      const session = await sessionFor(store, args, io);
      try {
        let res: ResultColumns;
        if (session.disclosure.access === 'aggregate') {
          // Aggregates only: the query rules, the group sizes, then consistency with the study's earlier releases.
          // The session holds its own copy: the database file is released while the query runs and
          // opened again for the release register and the ledger entry (one short write).
          store.close();
          const db = stringFlag(args, 'db') as string;
          const threshold = session.disclosure.threshold;
          const check = await checkAggregateQuery(session, sql, threshold);
          const release = await withStoreFile(db, (s) => planRelease(s, session.study as string, 'query', check.cells, { threshold }));
          if (release.decisions.some((d) => !d.released)) {
            throw new AccessDeniedError(
              `Query refused under aggregate access: together with what study ${session.study} released before, its groups would reveal a group of fewer than ${threshold} patients by difference (docs/access-levels.md)`,
            );
          }
          res = await answerAggregateQuery(session, sql);
          const summary = { rows: res.rowCount, columns: res.names, access: 'aggregate', groups: check.groups };
          const input = session.ledgerEntryInput('query', runParameters(args), summary, { pseudonyms: check.cells[0]!.pseudonyms });
          await withStoreFile(db, async (s) => {
            await appendLedgerEntry(s, input);
            await (release as PlannedRelease).commit(s);
          });
        } else {
          res = await session.query(sql);
          await recordRun(session, 'query', args, { rows: res.rowCount, columns: res.names, access: 'row-level' });
        }
        let payload: string | Uint8Array;
        if (format === 'arrow') payload = tableToIPC(toArrowTable(res), 'stream');
        else {
          const rows = toRows(res);
          if (format === 'json') payload = jsonText(rows);
          else {
            const cells = rows.map((r) => res.names.map((n) => r[n]));
            payload = format === 'csv' ? csvText(res.names, cells) : textTable(res.names, cells, 7);
          }
        }
        if (out) writeFileSync(out, payload);
        else io.stdout.write(payload);
      } finally {
        session.close();
      }
    } finally {
      await store.close();
    }
    return 0;
  },
};
