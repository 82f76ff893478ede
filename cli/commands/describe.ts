import type { CohortDescription, DisclosedDescription } from '../../analyses/data/describe.js';
import { checkFlags, hasFlag, stringFlag } from '../args.js';
import type { Command } from '../command.js';
import { dbFlag, runParameters } from '../io.js';
import { openStudyFlagSource } from '../source-flags.js';
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
      const { describeFile } = await import('../../analyses/data/describe.js');
      const d = await describeFile(file);
      if (hasFlag(args, 'json')) io.stdout.write(jsonText({ file, rows: d.rows, variables: d.variables }));
      else {
        io.stdout.write(`${file}: ${d.rows} rows, ${d.columnCount} columns\n\n`);
        io.stdout.write(textTable(['column', 'type', 'missing', '%missing', 'distinct', 'min', 'max'], d.variables.map((v) => [v.column, v.type, v.missing, Math.round(v.missingShare * 1000) / 10, v.distinct, v.min, v.max])));
      }
      return 0;
    }
    dbFlag(args);
    const { runDescribe } = await import('../../analyses/data/describe.js');
    const source = await openStudyFlagSource(args, io);
    let r: Awaited<ReturnType<typeof runDescribe>>;
    try {
      // Disclosure control with the study's threshold; the run is recorded before output.
      r = await runDescribe(source, {}, { parameters: runParameters(args) });
    } finally {
      source.session.close();
    }
    if (r.result.kind !== 'cohort') throw new TypeError('describe: expected a cohort description');
    const d = r.result.description;
    if (hasFlag(args, 'json')) io.stdout.write(jsonText(d));
    else io.stdout.write(formatDescription(d));
    return 0;
  },
};

/** Readable text of a cohort description. */
export function formatDescription(d: CohortDescription | DisclosedDescription): string {
  const parts: string[] = [];
  parts.push('Tables\n' + textTable(['table', 'rows'], d.tables.map((t) => [t.name, t.rows])));
  parts.push('Diagnoses\n' + textTable(['diagnosis', 'patients'], d.diagnoses.map((x) => [x.diagnosis, x.patients])));
  parts.push('Event types\n' + textTable(['type', 'events', 'patients'], d.eventTypes.map((x) => [x.type, x.events, x.patients])));
  parts.push('Observation codes\n' + textTable(['code', 'values', 'patients', 'unit'], d.observationCodes.map((x) => [x.code, x.values, x.patients, x.unit ?? ''])));
  parts.push(
    'Variables\n' +
      textTable(
        ['table', 'column', 'type', 'missing', '%missing', 'distinct', 'min', 'max'],
        d.variables.map((v) => [v.table, v.column, v.type, v.missing, Math.round(Number(v.missingShare) * 1000) / 10, v.distinct, v.min ?? '', v.max ?? '']),
      ),
  );
  return parts.join('\n');
}
