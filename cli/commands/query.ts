import { writeFileSync } from 'node:fs';
import { tableToIPC } from 'apache-arrow';
import { toArrowTable, toRows } from '../../engine/convert.js';
import { UsageError } from '../../util/errors.js';
import { checkFlags, choiceFlag, hasFlag, stringFlag } from '../args.js';
import type { Command } from '../command.js';
import { openStoreFlag, recordRun, sessionFor } from '../io.js';
import { csvText, jsonText, textTable } from '../output.js';

export const queryCommand: Command = {
  name: 'query',
  summary: 'Run SQL on a cohort database (through the access gate) and print a table, CSV, JSON or Arrow',
  help: `Usage: midia query --db FILE --study ID [--format table|csv|json|arrow] [--out FILE] "SQL"

Runs one SQL statement in an analysis session: the tables patients, events,
observations, treatments and visits hold the rows the declared study may see.
Files, other databases and settings are not reachable from the session.

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
        const res = await session.query(sql);
        await recordRun(session, 'query', args, { rows: res.rowCount, columns: res.names });
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
