import { readDataFile } from '../../engine/read-file.js';
import type { describeCohort } from '../../engine/describe.js';
import { isoFromDays } from '../../util/dates.js';
import { checkFlags, hasFlag, stringFlag } from '../args.js';
import type { Command } from '../command.js';
import { discloseDescription } from '../../engine/disclosure/disclose-summaries.js';
import { openStoreFlag, recordRun, sessionFor } from '../io.js';
import { jsonText, textTable } from '../output.js';

export const describeCommand: Command = {
  name: 'describe',
  summary: 'Tables, counts, and variables with missingness of a cohort database or data file',
  help: `Usage: midia describe --db FILE --study ID [--json]
       midia describe --data FILE [--json]

With --db: row counts of every table, each column's missing values, exact distinct
values and range, diagnoses, event types and observation codes, as the
declared study sees them (read through the access gate).
With --data: the columns of a plain CSV/Parquet/Arrow file.

Flags:
  --db FILE      cohort database
  --data FILE    plain data file
  --study ID     registered study (required with --db); counts below its
                 threshold are hidden, minima/maxima are not shown
  --json         machine-readable output
`,
  async run(args, io) {
    checkFlags(args, ['db', 'data', 'study', 'purpose']);
    const file = stringFlag(args, 'data');
    if (file) {
      const res = await readDataFile(file);
      const vars = res.names.map((name, j) => {
        const col = res.columns[j] as Float64Array | (string | null)[];
        let missing = 0;
        const distinct = new Set<string | number>();
        let min = Number.POSITIVE_INFINITY;
        let max = Number.NEGATIVE_INFINITY;
        for (let i = 0; i < res.rowCount; i++) {
          const v = col[i];
          if (v === null || (typeof v === 'number' && Number.isNaN(v))) missing++;
          else {
            distinct.add(v as string | number);
            if (typeof v === 'number') {
              if (v < min) min = v;
              if (v > max) max = v;
            }
          }
        }
        const kind = res.kinds[j];
        const fmt = (v: number) => (kind === 'date' ? isoFromDays(Math.floor(v)) : v);
        return { column: name, type: kind, missing, missingShare: res.rowCount ? missing / res.rowCount : 0, distinct: distinct.size, min: Number.isFinite(min) ? fmt(min) : null, max: Number.isFinite(max) ? fmt(max) : null };
      });
      if (hasFlag(args, 'json')) io.stdout.write(jsonText({ file, rows: res.rowCount, variables: vars }));
      else {
        io.stdout.write(`${file}: ${res.rowCount} rows, ${res.names.length} columns\n\n`);
        io.stdout.write(textTable(['column', 'type', 'missing', '%missing', 'distinct', 'min', 'max'], vars.map((v) => [v.column, v.type, v.missing, Math.round(v.missingShare * 1000) / 10, v.distinct, v.min, v.max])));
      }
      return 0;
    }
    const store = await openStoreFlag(args);
    try {
      const session = await sessionFor(store, args, io);
      try {
        // Disclosure control with the study's threshold; the run is recorded before output.
        // The cohort-store description (zod schemas) loads only for --db.
        const { describeCohort } = await import('../../engine/describe.js');
        const d = discloseDescription(await describeCohort(session), session.disclosure);
        await recordRun(session, 'describe', args, { patients: d.tables.find((t) => t.name === 'patients')?.rows ?? null, diagnoses: d.diagnoses });
        if (hasFlag(args, 'json')) io.stdout.write(jsonText(d));
        else io.stdout.write(formatDescription(d as unknown as Awaited<ReturnType<typeof describeCohort>>));
      } finally {
        session.close();
      }
    } finally {
      await store.close();
    }
    return 0;
  },
};

/** Readable text of a cohort description. */
export function formatDescription(d: Awaited<ReturnType<typeof describeCohort>>): string {
  const parts: string[] = [];
  parts.push('Tables\n' + textTable(['table', 'rows'], d.tables.map((t) => [t.name, t.rows])));
  parts.push('Diagnoses\n' + textTable(['diagnosis', 'patients'], d.diagnoses.map((x) => [x.diagnosis, x.patients])));
  parts.push('Event types\n' + textTable(['type', 'events', 'patients'], d.eventTypes.map((x) => [x.type, x.events, x.patients])));
  parts.push('Observation codes\n' + textTable(['code', 'values', 'patients', 'unit'], d.observationCodes.map((x) => [x.code, x.values, x.patients, x.unit ?? ''])));
  parts.push(
    'Variables\n' +
      textTable(
        ['table', 'column', 'type', 'missing', '%missing', 'distinct', 'min', 'max'],
        d.variables.map((v) => [v.table, v.column, v.type, v.missing, Math.round(v.missingShare * 1000) / 10, v.distinct, v.min ?? '', v.max ?? '']),
      ),
  );
  return parts.join('\n');
}
