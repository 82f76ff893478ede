import { coxph, NAMED_TT, type CoxphOptions } from '../../models/survival/index.js';
import { checkFlags, choiceFlag, hasFlag, numberFlag, requiredFlag, stringFlag } from '../args.js';
import type { Command } from '../command.js';
import { discloseModel } from '../../engine/disclosure/disclose-model.js';
import { DATA_FLAGS_HELP, loadAnalysisData, ANALYSIS_TABLE_FLAGS } from '../io.js';
import { discloseMissingReport, discloseWarnings, droppedText } from '../missing-report.js';
import { jsonText, writeLine } from '../output.js';
import { REFERENCE_FLAG, REFERENCE_HELP, referenceFactors } from '../reference-flag.js';

export const coxCommand: Command = {
  name: 'cox',
  summary: 'Cox proportional-hazards model (as R coxph): Efron/Breslow ties, strata, counting process, cluster, ns(), tt()',
  help: `Usage: midia cox --formula "Surv(time, status) ~ x + strata(s) + cluster(id)" (--data FILE | --db FILE --table T) [flags]

Fits a Cox model by Newton-Raphson on the partial likelihood, as R's coxph():
Efron ties by default, strata(), Surv(start, stop, event) counting-process data,
cluster(id) robust (sandwich) variance, offset(), case weights. Reports hazard
ratios with intervals, likelihood-ratio, Wald and score tests, and Harrell's
concordance. Non-convergence, collinear columns (NA coefficient) and infinite
coefficients are reported as warnings, and the fit is still returned.

The formula is R's (docs/formulas.md): Surv(time, status == 2), I(age/10),
relevel(x, ref = "b"), factor(x, levels = c(...)), log(x + 1), ns(age, df = 3),
pspline(age), tt(x) with --tt, interactions a*b, a:b, (a + b)^2.

${DATA_FLAGS_HELP}
Flags:
  --formula F      Surv(time, status) ~ terms [+ strata(s)] [+ cluster(id)] [+ offset(o)]
  --ties T         efron (default, as R) | breslow
  --weights COL    case weights column
  --robust         sandwich variance without cluster()
  --conf-level L   default 0.95
  --max-iter N     default 20 (as R's coxph.control)
  --tt F           time transform of the formula's tt() terms: log (x * log(t), R's
                   tt = function(x, t, ...) x * log(t)) or identity (x * t);
                   default R's: the rank transform within each risk set
${REFERENCE_HELP}
  --json           {"n","events","dropped","loglik":[initial,final],"concordance","concordanceSe",
                   "tests":{"lr":{"stat","df","p"},"wald":{...},"score":{...}[,"robustScore":{...}]},
                   "terms":[{"term","coef","se","robustSe","z","p","hr","lower95","upper95"}],"converged","warnings"}
                   (robustSe and robustScore only with a robust variance). With --db,
                   "dropped" below the study's minimum cell count is null with "droppedNote",
                   and a model on too few events or rows hides its estimates and tests.
`,
  async run(args, io) {
    checkFlags(args, ['formula', 'data', 'db', 'table', 'study', 'purpose', ...ANALYSIS_TABLE_FLAGS, 'ties', 'weights', 'robust', 'conf-level', 'max-iter', 'tt', REFERENCE_FLAG]);
    const formula = requiredFlag(args, 'formula');
    const options: CoxphOptions = { ties: choiceFlag(args, 'ties', ['efron', 'breslow'] as const, 'efron') };
    const weights = stringFlag(args, 'weights');
    if (weights) options.weights = weights;
    if (hasFlag(args, 'robust')) options.robust = true;
    const level = numberFlag(args, 'conf-level');
    if (level !== undefined) options.confLevel = level;
    const maxIter = numberFlag(args, 'max-iter');
    if (maxIter !== undefined) options.control = { maxIter };
    if (args.flags.tt !== undefined) options.tt = NAMED_TT[choiceFlag(args, 'tt', ['log', 'identity'] as const, 'log')]!;
    const factors = referenceFactors(args, formula);
    if (factors) options.factors = factors;
    const { data, run } = await loadAnalysisData(args, io);
    const fit = coxph(formula, data, options);
    if (run) {
      // --db: the exported model carries no rows or event times; too few events hide the estimates
      // and tests; the count of dropped rows is a cell of its own (null + droppedNote below the
      // study's minimum cell count, and then in no warning either).
      const { tests, dropped, ...model } = fit.toJSON();
      const d = discloseModel(model, run.disclosure);
      const threshold = d.disclosure.threshold;
      const report = discloseMissingReport({ n: d.n as number | null, events: d.events as number | null, dropped }, threshold);
      const hidden = !('terms' in d);
      const warnings = discloseWarnings(fit.warnings, report, threshold);
      const { n: _n, events: _e, ...rest } = d;
      const out: Record<string, unknown> & { disclosure: typeof d.disclosure } = { ...report, ...rest, warnings, ...(hidden ? {} : { tests }) };
      if (hidden) {
        delete out.concordanceSe;
        out.disclosure.removed.push('tests', 'concordanceSe');
      }
      await run.record('cox', args, { n: d.n, events: d.events, dropped: report.dropped, terms: (d.terms as { term: string; coef: number | null; hr: number | null }[] | undefined)?.map((t) => ({ term: t.term, coef: t.coef, hr: t.hr })) ?? null });
      writeLine(io.stdout, hasFlag(args, 'json') || d.disclosure.warnings.length ? jsonText(out) : fit.summary({ droppedText: droppedText(report), warnings }));
      return 0;
    }
    writeLine(io.stdout, hasFlag(args, 'json') ? jsonText(fit.toJSON()) : fit.summary());
    return 0;
  },
};
