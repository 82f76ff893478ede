import { missingDataLine } from '../../analyses/core/missing-data.js';
import { runLogrank } from '../../analyses/survival/logrank.js';
import { checkFlags, choiceFlag, hasFlag, numberFlag, requiredFlag } from '../args.js';
import type { Command } from '../command.js';
import { ANALYSIS_TABLE_FLAGS, DATA_FLAGS_HELP, runParameters } from '../io.js';
import { jsonText, textTable, writeLine } from '../output.js';
import { REFERENCE_FLAG, REFERENCE_HELP, referenceFactors } from '../reference-flag.js';
import { withFlagSource } from '../source-flags.js';

export const logrankCommand: Command = {
  name: 'logrank',
  summary: 'Log-rank and Fleming-Harrington G(rho) tests, stratified and pairwise (as R survdiff)',
  help: `Usage: midia logrank --formula "Surv(time, status) ~ group [+ strata(s)]" (--data FILE | --db FILE --table T) [flags]

The k-sample log-rank test (rho = 0) or the Fleming-Harrington G(rho) test, as
R's survdiff(); strata(s) in the formula gives the stratified test.

${DATA_FLAGS_HELP}
Flags:
  --formula F       Surv(time, status) ~ group [+ strata(s)]
  --rho R           weight S(t-)^rho (default 0: log-rank; 1: Peto-Peto)
  --pairwise        every pair of groups, with adjusted p-values
  --adjust M        holm (default) | bonferroni | BH | none (with --pairwise)
${REFERENCE_HELP}
  --json            {"chisq":x,"df":k,"p":p,...,"n","events","dropped"}
                    (with --pairwise: {"pairs":[...],"n","events","dropped"})
Every output reports n (rows used), events and the rows dropped for missing
values (text: "n = 225, events = 160 (3 observations deleted due to missingness)").
With --db, a dropped count below the study's minimum cell count is null with
"droppedNote"; n and events are the totals of the disclosed group table.
`,
  async run(args, io) {
    checkFlags(args, ['formula', 'data', 'db', 'table', 'study', 'purpose', ...ANALYSIS_TABLE_FLAGS, 'rho', 'pairwise', 'adjust', REFERENCE_FLAG]);
    const formula = requiredFlag(args, 'formula');
    const rho = numberFlag(args, 'rho', 0) as number;
    const pairwise = hasFlag(args, 'pairwise');
    const adjust = pairwise ? choiceFlag(args, 'adjust', ['holm', 'bonferroni', 'BH', 'none'] as const, 'holm') : 'holm';
    const factors = referenceFactors(args, null);
    const { result: r, disclosure } = await withFlagSource(args, io, ({ source, selection }) =>
      runLogrank(source, { formula, rho, pairwise, adjust, ...(factors ? { factors } : {}), ...(selection ? { data: selection } : {}) }, { parameters: runParameters(args) }),
    );
    const json = hasFlag(args, 'json');
    if (r.kind === 'pairwise') {
      const p = r.pairwise;
      if (json) io.stdout.write(jsonText({ ...p, ...r.report }));
      else io.stdout.write(`${missingDataLine(r.report)}\n\nPairwise G(rho = ${p.rho}) tests, p adjusted by ${p.adjust}\n` + textTable(['group 1', 'group 2', 'chisq', 'p', 'p adjusted'], p.pairs.map((x) => [x.group1, x.group2, x.chisq, x.p, x.pAdjusted])));
      return 0;
    }
    if (r.disclosed) {
      const t = r.test;
      if (json) io.stdout.write(jsonText({ ...t, ...r.report, disclosure: { threshold: disclosure?.threshold } }));
      else io.stdout.write(`${missingDataLine(r.report)}\n\n` + textTable(['', 'N', 'Observed', 'Expected', '(O-E)^2/E', '(O-E)^2/V'], t.groups.map((g) => [g.label, g.n, g.observed, g.expected, g.oeOverE, g.oeOverV])) + `\nChisq = ${t.chisq} on ${t.df} degrees of freedom, p = ${t.p}\n`);
      return 0;
    }
    writeLine(io.stdout, json ? jsonText({ ...r.test, ...r.report }) : `${r.printed}\n${missingDataLine(r.report)}`);
    return 0;
  },
};
