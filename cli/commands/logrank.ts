import { logRank, pairwiseLogRank, type PAdjustMethod } from '../../models/survival/index.js';
import { checkFlags, choiceFlag, hasFlag, numberFlag, requiredFlag } from '../args.js';
import type { Command } from '../command.js';
import { suppressRowCounts } from '../../engine/disclosure/disclose-summaries.js';
import { DATA_FLAGS_HELP, loadAnalysisData, ANALYSIS_TABLE_FLAGS } from '../io.js';
import { jsonText, textTable, writeLine } from '../output.js';

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
  --json            {"chisq":x,"df":k,"p":p,...}
`,
  async run(args, io) {
    checkFlags(args, ['formula', 'data', 'db', 'table', 'study', 'purpose', ...ANALYSIS_TABLE_FLAGS, 'rho', 'pairwise', 'adjust']);
    const formula = requiredFlag(args, 'formula');
    const rho = numberFlag(args, 'rho', 0) as number;
    const { data, run } = await loadAnalysisData(args, io);
    if (hasFlag(args, 'pairwise')) {
      const adjust = choiceFlag(args, 'adjust', ['holm', 'bonferroni', 'BH', 'none'] as const, 'holm') as PAdjustMethod;
      const res = pairwiseLogRank(formula, data, { rho, adjust });
      if (run) await run.record('logrank', args, { pairs: res.pairs.map((r) => ({ group1: r.group1, group2: r.group2, p: r.p, pAdjusted: r.pAdjusted })) });
      if (hasFlag(args, 'json')) io.stdout.write(jsonText(res));
      else io.stdout.write(`Pairwise G(rho = ${rho}) tests, p adjusted by ${adjust}\n` + textTable(['group 1', 'group 2', 'chisq', 'p', 'p adjusted'], res.pairs.map((r) => [r.group1, r.group2, r.chisq, r.p, r.pAdjusted])));
      return 0;
    }
    const test = logRank(formula, data, { rho });
    if (run) {
      // --db: group sizes and observed events below the study threshold are hidden (with complements).
      const json = test.toJSON();
      const groups = suppressRowCounts(json.groups, { counts: ['n', 'observed'], sizeField: 'n', estimates: ['expected', 'oeOverE', 'oeOverV'] }, { threshold: run.disclosure.threshold });
      await run.record('logrank', args, { chisq: json.chisq, df: json.df, p: json.p, groups: groups.map((g) => ({ label: g.label, n: g.n, observed: g.observed })) });
      const { variance: _variance, ...rest } = json;
      if (hasFlag(args, 'json')) io.stdout.write(jsonText({ ...rest, groups, disclosure: { threshold: run.disclosure.threshold } }));
      else io.stdout.write(textTable(['', 'N', 'Observed', 'Expected', '(O-E)^2/E', '(O-E)^2/V'], groups.map((g) => [g.label as string, g.n as number | null, g.observed as number | null, g.expected as number | null, g.oeOverE as number | null, g.oeOverV as number | null])) + `\nChisq = ${json.chisq} on ${json.df} degrees of freedom, p = ${json.p}\n`);
      return 0;
    }
    writeLine(io.stdout, hasFlag(args, 'json') ? jsonText(test.toJSON()) : test.print());
    return 0;
  },
};
