import { missingDataLine } from '../../analyses/core/missing-data.js';
import { runRmst } from '../../analyses/survival/rmst.js';
import { checkFlags, hasFlag, numberFlag, requiredFlag } from '../args.js';
import type { Command } from '../command.js';
import { ANALYSIS_TABLE_FLAGS, DATA_FLAGS_HELP, runParameters } from '../io.js';
import { jsonText, textTable } from '../output.js';
import { REFERENCE_FLAG, REFERENCE_HELP, referenceFactors } from '../reference-flag.js';
import { withFlagSource } from '../source-flags.js';

export const rmstCommand: Command = {
  name: 'rmst',
  summary: 'Restricted mean survival time per group and the two-group difference',
  help: `Usage: midia rmst --formula "Surv(time, status) ~ group" [--tau T] (--data FILE | --db FILE --table T) [flags]

Area under the Kaplan-Meier curve up to tau, with its standard error as R's
print(survfit, rmean = tau); for two groups the difference and ratio with Wald
intervals and p-values (as survRM2).

${DATA_FLAGS_HELP}
Flags:
  --formula F      Surv(time, status) ~ group   (~ 1 for one group)
  --tau T          truncation time (default: the smallest of the groups' largest observed times)
  --conf-level L   default 0.95
${REFERENCE_HELP}
  --json           {"tau","groups":[{"label","n","rmst","stdErr","lower","upper"}],"contrast":{...}|null,
                    "n","events","dropped"}
Every output reports n (rows used), events and the rows dropped for missing
values (text: "n = 225, events = 160 (3 observations deleted due to missingness)").
With --db, a dropped count below the study's minimum cell count is null with
"droppedNote".
`,
  async run(args, io) {
    checkFlags(args, ['formula', 'data', 'db', 'table', 'study', 'purpose', ...ANALYSIS_TABLE_FLAGS, 'tau', 'conf-level', REFERENCE_FLAG]);
    const formula = requiredFlag(args, 'formula');
    const tau = numberFlag(args, 'tau');
    const confLevel = numberFlag(args, 'conf-level', 0.95) as number;
    const factors = referenceFactors(args, null);
    const { result } = await withFlagSource(args, io, ({ source, selection }) =>
      runRmst(source, { formula, confLevel, ...(tau !== undefined ? { tau } : {}), ...(factors ? { factors } : {}), ...(selection ? { data: selection } : {}) }, { parameters: runParameters(args) }),
    );
    const { rmst: res, report } = result;
    if (hasFlag(args, 'json')) {
      io.stdout.write(jsonText({ ...res, ...report }));
      return 0;
    }
    io.stdout.write(`Restricted mean survival time up to tau = ${res.tau}\n${missingDataLine(report)}\n\n`);
    io.stdout.write(textTable(['', 'n', 'rmst', 'se', 'lower', 'upper'], res.groups.map((g) => [g.label, g.n, g.rmst, g.stdErr, g.lower, g.upper])));
    const c = res.contrast;
    if (c) {
      io.stdout.write(`\n${c.compared} vs ${c.reference}\n`);
      io.stdout.write(textTable(['', 'estimate', 'lower', 'upper', 'p'], [['difference', c.difference, c.differenceLower, c.differenceUpper, c.differenceP], ['ratio', c.ratio, c.ratioLower, c.ratioUpper, c.ratioP]]));
    }
    for (const w of res.warnings) io.stdout.write(`Warning: ${w}\n`);
    return 0;
  },
};
