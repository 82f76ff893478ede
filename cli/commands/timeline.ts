import { UsageError } from '../../util/errors.js';
import { checkFlags, hasFlag } from '../args.js';
import type { Command } from '../command.js';
import { dbFlag, runParameters } from '../io.js';
import { openStudyFlagSource } from '../source-flags.js';
import { jsonText, textTable } from '../output.js';

export const timelineCommand: Command = {
  name: 'timeline',
  summary: "One patient's events, observations, therapies and visits in date order",
  help: `Usage: midia timeline --db FILE --study ID [--json] PSEUDONYM

Prints the overall clinical picture of one patient: every event, observation,
therapy (with stop date) and visit in date order, read through the access gate.
One patient's records are row-level output: refused for studies with access
level aggregate (exit code 2); for row-level studies each export is recorded in
the data-use ledger with its row count (docs/access-levels.md).
`,
  async run(args, io) {
    checkFlags(args, ['db', 'study', 'purpose']);
    const pseudonym = args.positional[0];
    if (!pseudonym) throw new UsageError('No PSEUDONYM given');
    dbFlag(args);
    const { runTimeline } = await import('../../analyses/data/timeline.js');
    const source = await openStudyFlagSource(args, io);
    let r: Awaited<ReturnType<typeof runTimeline>>;
    try {
      // Row-level output: refused under an aggregate study; recorded before it leaves.
      r = await runTimeline(source, { pseudonym }, { parameters: runParameters(args) });
    } finally {
      source.session.close();
    }
    const t = r.result;
    if (hasFlag(args, 'json')) io.stdout.write(jsonText(t));
    else {
      const p = t.patient;
      io.stdout.write(`${t.pseudonym}: ${p.sex}, born ${p.birth_year}${p.birth_month ? `-${String(p.birth_month).padStart(2, '0')}` : ''}, ${p.diagnosis} (${p.diagnosis_icd10 ?? '-'}), index ${p.index_date}, site ${p.site ?? '-'}\n\n`);
      io.stdout.write(textTable(['date', 'kind', 'what', 'code', 'value', 'detail', 'until'], t.entries.map((e) => [e.date, e.kind, e.label, e.code ?? '', e.value, e.text ?? '', e.stop ?? ''])));
    }
    return 0;
  },
};
