import { rmst, type RmstOptions } from '../../models/survival/index.js';
import { checkFlags, hasFlag, numberFlag, requiredFlag } from '../args.js';
import type { Command } from '../command.js';
import { suppressRowCounts } from '../../engine/disclosure/disclose-summaries.js';
import { DATA_FLAGS_HELP, loadAnalysisData, ANALYSIS_TABLE_FLAGS } from '../io.js';
import { discloseMissingReport, discloseWarnings, hideSmallCount, missingDataLine, type MissingDataReport } from '../missing-report.js';
import { jsonText, textTable } from '../output.js';
import { REFERENCE_FLAG, REFERENCE_HELP, referenceFactors } from '../reference-flag.js';

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
    const options: RmstOptions = {};
    const tau = numberFlag(args, 'tau');
    if (tau !== undefined) options.tau = tau;
    const level = numberFlag(args, 'conf-level');
    if (level !== undefined) options.confLevel = level;
    const { data, run } = await loadAnalysisData(args, io);
    const { n, events, nDropped, ...fitted } = rmst(formula, data, { ...options, factors: referenceFactors(args, formula) });
    let res = fitted;
    let report: MissingDataReport = { n, events, dropped: nDropped };
    if (run) {
      // --db: groups below the study threshold are hidden, and the contrast with them.
      const threshold = run.disclosure.threshold;
      const groups = suppressRowCounts(res.groups, { counts: ['n'], sizeField: 'n', estimates: ['rmst', 'stdErr', 'lower', 'upper'] }, { threshold }) as unknown as typeof res.groups;
      const small = res.groups.some((g) => g.n < threshold);
      // The group sizes' total is treated as published by suppressRowCounts; events are not shown per group.
      report = discloseMissingReport({ n: hideSmallCount(n, threshold), events: hideSmallCount(events, threshold), dropped: nDropped }, threshold);
      const warnings = discloseWarnings(res.warnings, report, threshold);
      res = { ...res, groups, contrast: small ? null : res.contrast, warnings: small ? [...warnings, `groups with fewer than ${threshold} subjects hidden`] : warnings };
      await run.record('rmst', args, { tau: res.tau, n, dropped: report.dropped, groups: groups.map((g) => ({ label: g.label, n: g.n, rmst: g.rmst })), contrast: res.contrast ? { difference: res.contrast.difference, ratio: res.contrast.ratio } : null });
    }
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
