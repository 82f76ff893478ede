import { coxph, coxZph, type CoxphOptions } from '../../models/survival/index.js';
import { checkFlags, choiceFlag, hasFlag, requiredFlag } from '../args.js';
import type { Command } from '../command.js';
import { discloseModel } from '../../engine/disclosure/disclose-model.js';
import { DATA_FLAGS_HELP, loadAnalysisData, ANALYSIS_TABLE_FLAGS } from '../io.js';
import { discloseMissingReport, missingDataLine, type MissingDataReport } from '../missing-report.js';
import { jsonText, textTable } from '../output.js';
import { REFERENCE_FLAG, REFERENCE_HELP, referenceFactors } from '../reference-flag.js';

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
    const options: CoxphOptions = { ties: choiceFlag(args, 'ties', ['efron', 'breslow'] as const, 'efron') };
    const transform = choiceFlag(args, 'transform', ['km', 'rank', 'identity', 'log'] as const, 'km');
    const { data, run } = await loadAnalysisData(args, io);
    const fit = coxph(formula, data, { ...options, factors: referenceFactors(args, formula) });
    const zph = coxZph(fit.internals, { transform });
    let json = zph.toJSON();
    let report: MissingDataReport = { n: fit.n, events: fit.nEvent, dropped: fit.nDropped };
    if (run) {
      // --db: only the tests leave (no residuals); too few events hide them.
      const d = discloseModel({ n: fit.n, events: fit.nEvent, terms: json.terms, global: json.global }, run.disclosure);
      json = { terms: (d.terms as typeof json.terms | undefined) ?? [], global: d.terms ? json.global : null };
      report = discloseMissingReport({ n: d.n as number | null, events: d.events as number | null, dropped: fit.nDropped }, run.disclosure.threshold);
      await run.record('zph', args, { n: fit.n, events: fit.nEvent, dropped: report.dropped, terms: json.terms, global: json.global });
      for (const w of d.disclosure.warnings) io.stderr.write(`Warning: ${w}\n`);
    }
    if (hasFlag(args, 'json')) io.stdout.write(jsonText({ ...json, ...report }));
    else {
      io.stdout.write(`${missingDataLine(report)}\n\n`);
      const rows = json.terms.map((t) => [t.term, t.chisq, t.df, t.p] as const);
      if (json.global) rows.push(['GLOBAL', json.global.chisq, json.global.df, json.global.p]);
      io.stdout.write(textTable(['', 'chisq', 'df', 'p'], rows));
    }
    return 0;
  },
};
