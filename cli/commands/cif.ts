import { missingDataLine } from '../../analyses/core/missing-data.js';
import { runCif } from '../../analyses/survival/cif.js';
import { checkFlags, hasFlag, numberFlag, numberListFlag, requiredFlag, stringFlag } from '../args.js';
import type { Command } from '../command.js';
import { ANALYSIS_TABLE_FLAGS, DATA_FLAGS_HELP, runParameters } from '../io.js';
import { jsonText, textTable } from '../output.js';
import { REFERENCE_FLAG, REFERENCE_HELP, referenceFactors } from '../reference-flag.js';
import { withFlagSource } from '../source-flags.js';

export const cifCommand: Command = {
  name: 'cif',
  summary: "Cumulative incidence per cause and group with Gray's test (as cmprsk cuminc)",
  help: `Usage: midia cif --formula "Surv(time, event) ~ group" (--data FILE | --db FILE --table T) [flags]

Aalen-Johansen cumulative incidence per group and cause with cmprsk's variance,
and Gray's test per cause. The event column codes 0 = censored (or --cencode),
1..k = causes.

${DATA_FLAGS_HELP}
Flags:
  --formula F      Surv(time, event) ~ group   (~ 1 for one group)
  --times T1,T2    estimates at these times (as cmprsk::timepoints)
  --cencode C      censoring code (default 0)
  --rho R          Gray's test weight exponent (default 0)
  --strata COL     stratify Gray's test
${REFERENCE_HELP}
  --json           {"curves":[{"group","cause","label","time","est","var"}],"tests":[{"cause","stat","df","p"}],"at":{...}|null,
                    "n","events","eventsByCause":{"1":k1,"2":k2},"dropped","nDropped","warnings"}
Every output reports n (rows used), events (of any cause; per cause in
eventsByCause) and the rows dropped for missing values (text: "n = 225,
events = 160 (3 observations deleted due to missingness)"). With --db, counts
below the study's minimum cell count are null (per-cause counts with
complementary suppression; a dropped count with "droppedNote").
`,
  async run(args, io) {
    checkFlags(args, ['formula', 'data', 'db', 'table', 'study', 'purpose', ...ANALYSIS_TABLE_FLAGS, 'times', 'cencode', 'rho', 'strata', REFERENCE_FLAG]);
    const formula = requiredFlag(args, 'formula');
    const times = numberListFlag(args, 'times');
    const cencode = numberFlag(args, 'cencode');
    const rho = numberFlag(args, 'rho');
    const strata = stringFlag(args, 'strata');
    const factors = referenceFactors(args, null);
    const options = { formula, ...(times ? { times } : {}), ...(cencode !== undefined ? { cencode } : {}), ...(rho !== undefined ? { rho } : {}), ...(strata ? { strata } : {}), ...(factors ? { factors } : {}) };
    const { result: r } = await withFlagSource(args, io, ({ source, selection }) => runCif(source, { ...options, ...(selection ? { data: selection } : {}) }, { parameters: runParameters(args) }));
    if (hasFlag(args, 'json')) {
      io.stdout.write(jsonText(r.table));
      return 0;
    }
    io.stdout.write(`${missingDataLine(r.report)}\n\n`);
    const tests = r.table.tests;
    if (tests.length) io.stdout.write("Gray's tests\n" + textTable(['cause', 'stat', 'df', 'p'], tests.map((t) => [t.cause, t.stat, t.df, t.p])) + '\n');
    if (r.disclosed) {
      for (const c of r.table.curves) io.stdout.write(`${c.label}\n` + textTable(['time', 'estimate', 'variance'], c.time.map((t, i) => [t, c.est[i], c.var[i]])) + '\n');
      return 0;
    }
    const at = r.estimates;
    const labels = Object.keys(at.est);
    io.stdout.write('Estimates\n' + textTable(['', ...at.times.map(String)], labels.map((l) => [l, ...(at.est[l] ?? [])])) + '\nVariances\n' + textTable(['', ...at.times.map(String)], labels.map((l) => [l, ...(at.var[l] ?? [])])));
    return 0;
  },
};
