import { missingDataLine } from '../../analyses/core/missing-data.js';
import { runZph } from '../../analyses/survival/zph.js';
import { checkFlags, choiceFlag, hasFlag, requiredFlag } from '../args.js';
import type { Command } from '../command.js';
import { ANALYSIS_TABLE_FLAGS, DATA_FLAGS_HELP, runParameters } from '../io.js';
import { jsonText, textTable } from '../output.js';
import { REFERENCE_FLAG, REFERENCE_HELP, referenceFactors } from '../reference-flag.js';
import { withFlagSource } from '../source-flags.js';

export const zphCommand: Command = {
  name: 'zph',
  summary: "Proportional-hazards test of a Cox model (as R cox.zph), per term and global",
  help: `Usage: midia zph --formula "Surv(time, status) ~ x + ..." (--data FILE | --db FILE --table T) [flags]

Fits the Cox model, then tests proportional hazards as R survival 3.x's
cox.zph(): a score test per model term (a factor is one row) and a global test.

${DATA_FLAGS_HELP}
Flags:
  --formula F      as for 'midia cox'
  --ties T         efron (default) | breslow
  --transform T    km (default, as R) | rank | identity | log
${REFERENCE_HELP}
  --json           {"terms":[{"term","chisq","df","p"}],"global":{"chisq","df","p"},"n","events","dropped"}
Every output reports n (rows used by the Cox fit), events and the rows dropped
for missing values (text: "n = 225, events = 160 (3 observations deleted due to
missingness)"). With --db, counts below the study's minimum cell count are null
(a dropped count with "droppedNote").
`,
  async run(args, io) {
    checkFlags(args, ['formula', 'data', 'db', 'table', 'study', 'purpose', ...ANALYSIS_TABLE_FLAGS, 'ties', 'transform', REFERENCE_FLAG]);
    const formula = requiredFlag(args, 'formula');
    const ties = choiceFlag(args, 'ties', ['efron', 'breslow'] as const, 'efron');
    const transform = choiceFlag(args, 'transform', ['km', 'rank', 'identity', 'log'] as const, 'km');
    const factors = referenceFactors(args, null);
    const { result: r, disclosure } = await withFlagSource(args, io, ({ source, selection }) =>
      runZph(source, { formula, ties, transform, ...(factors ? { factors } : {}), ...(selection ? { data: selection } : {}) }, { parameters: runParameters(args) }),
    );
    // Under a study: what disclosure control withheld (too few events: no tests).
    for (const w of disclosure?.notes ?? []) io.stderr.write(`Warning: ${w}\n`);
    if (hasFlag(args, 'json')) io.stdout.write(jsonText({ terms: r.terms, global: r.global, ...r.report }));
    else {
      io.stdout.write(`${missingDataLine(r.report)}\n\n`);
      const rows = r.terms.map((t) => [t.term, t.chisq, t.df, t.p] as const);
      if (r.global) rows.push(['GLOBAL', r.global.chisq, r.global.df, r.global.p]);
      io.stdout.write(textTable(['', 'chisq', 'df', 'p'], rows));
    }
    return 0;
  },
};
