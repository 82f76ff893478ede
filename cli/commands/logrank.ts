import { logRank, pairwiseLogRank, type PAdjustMethod } from '../../models/survival/index.js';
import { checkFlags, choiceFlag, hasFlag, numberFlag, requiredFlag } from '../args.js';
import type { Command } from '../command.js';
import { suppressRowCounts } from '../../engine/disclosure/disclose-summaries.js';
import { DATA_FLAGS_HELP, loadAnalysisData, ANALYSIS_TABLE_FLAGS } from '../io.js';
import { discloseMissingReport, hideSmallCount, missingDataLine, type MissingDataReport } from '../missing-report.js';
import { jsonText, textTable, writeLine } from '../output.js';
import { REFERENCE_FLAG, REFERENCE_HELP, referenceFactors } from '../reference-flag.js';

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
    const { data, run } = await loadAnalysisData(args, io);
    if (hasFlag(args, 'pairwise')) {
      const adjust = choiceFlag(args, 'adjust', ['holm', 'bonferroni', 'BH', 'none'] as const, 'holm') as PAdjustMethod;
      const { n, events, nDropped, ...res } = pairwiseLogRank(formula, data, { rho, adjust, factors: referenceFactors(args, formula) });
      // --db: no group count is shown, so the totals follow the plain small-count rule.
      const t = run?.disclosure.threshold;
      const report: MissingDataReport = t === undefined ? { n, events, dropped: nDropped } : discloseMissingReport({ n: hideSmallCount(n, t), events: hideSmallCount(events, t), dropped: nDropped }, t);
      if (run) await run.record('logrank', args, { n, dropped: report.dropped, pairs: res.pairs.map((r) => ({ group1: r.group1, group2: r.group2, p: r.p, pAdjusted: r.pAdjusted })) });
      if (hasFlag(args, 'json')) io.stdout.write(jsonText({ ...res, ...report }));
      else io.stdout.write(`${missingDataLine(report)}\n\nPairwise G(rho = ${rho}) tests, p adjusted by ${adjust}\n` + textTable(['group 1', 'group 2', 'chisq', 'p', 'p adjusted'], res.pairs.map((r) => [r.group1, r.group2, r.chisq, r.p, r.pAdjusted])));
      return 0;
    }
    const test = logRank(formula, data, { rho, factors: referenceFactors(args, formula) });
    const n = test.groups.reduce((a, g) => a + g.n, 0);
    const events = test.groups.reduce((a, g) => a + g.observed, 0);
    if (run) {
      // --db: group sizes and observed events below the study threshold are hidden (with complements).
      const json = test.toJSON();
      const threshold = run.disclosure.threshold;
      const groups = suppressRowCounts(json.groups, { counts: ['n', 'observed'], sizeField: 'n', estimates: ['expected', 'oeOverE', 'oeOverV'] }, { threshold });
      // suppressRowCounts treats each column's total as published (complementary suppression protects the groups); a small total is hidden.
      const report = discloseMissingReport({ n: hideSmallCount(n, threshold), events: hideSmallCount(events, threshold), dropped: test.nDropped }, threshold);
      await run.record('logrank', args, { chisq: json.chisq, df: json.df, p: json.p, dropped: report.dropped, groups: groups.map((g) => ({ label: g.label, n: g.n, observed: g.observed })) });
      const { variance: _variance, ...rest } = json;
      if (hasFlag(args, 'json')) io.stdout.write(jsonText({ ...rest, groups, ...report, disclosure: { threshold } }));
      else io.stdout.write(`${missingDataLine(report)}\n\n` + textTable(['', 'N', 'Observed', 'Expected', '(O-E)^2/E', '(O-E)^2/V'], groups.map((g) => [g.label as string, g.n as number | null, g.observed as number | null, g.expected as number | null, g.oeOverE as number | null, g.oeOverV as number | null])) + `\nChisq = ${json.chisq} on ${json.df} degrees of freedom, p = ${json.p}\n`);
      return 0;
    }
    const report: MissingDataReport = { n, events, dropped: test.nDropped };
    writeLine(io.stdout, hasFlag(args, 'json') ? jsonText({ ...test.toJSON(), ...report }) : `${test.print()}\n${missingDataLine(report)}`);
    return 0;
  },
};
