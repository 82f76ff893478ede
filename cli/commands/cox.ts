import { coxph, type CoxphOptions } from '../../models/survival/index.js';
import { checkFlags, choiceFlag, hasFlag, numberFlag, requiredFlag, stringFlag } from '../args.js';
import type { Command } from '../command.js';
import { discloseModel } from '../../engine/disclosure/disclose-model.js';
import { DATA_FLAGS_HELP, loadAnalysisData, ANALYSIS_TABLE_FLAGS } from '../io.js';
import { jsonText, writeLine } from '../output.js';

export const coxCommand: Command = {
  name: 'cox',
  summary: 'Cox proportional-hazards model (as R coxph): Efron/Breslow ties, strata, counting process, cluster',
  help: `Usage: midia cox --formula "Surv(time, status) ~ x + strata(s) + cluster(id)" (--data FILE | --db FILE --table T) [flags]

Fits a Cox model by Newton-Raphson on the partial likelihood, as R's coxph():
Efron ties by default, strata(), Surv(start, stop, event) counting-process data,
cluster(id) robust (sandwich) variance, offset(), case weights. Reports hazard
ratios with intervals, likelihood-ratio, Wald and score tests, and Harrell's
concordance. Non-convergence, collinear columns (NA coefficient) and infinite
coefficients are reported as warnings, and the fit is still returned.

${DATA_FLAGS_HELP}
Flags:
  --formula F      Surv(time, status) ~ terms [+ strata(s)] [+ cluster(id)] [+ offset(o)]
  --ties T         efron (default, as R) | breslow
  --weights COL    case weights column
  --robust         sandwich variance without cluster()
  --conf-level L   default 0.95
  --max-iter N     default 20 (as R's coxph.control)
  --json           {"n","events","loglik":[initial,final],"concordance","terms":[{"term","coef","se","robustSe","z","p","hr","lower95","upper95"}],"converged","warnings"}
`,
  async run(args, io) {
    checkFlags(args, ['formula', 'data', 'db', 'table', 'study', 'purpose', ...ANALYSIS_TABLE_FLAGS, 'ties', 'weights', 'robust', 'conf-level', 'max-iter']);
    const formula = requiredFlag(args, 'formula');
    const options: CoxphOptions = { ties: choiceFlag(args, 'ties', ['efron', 'breslow'] as const, 'efron') };
    const weights = stringFlag(args, 'weights');
    if (weights) options.weights = weights;
    if (hasFlag(args, 'robust')) options.robust = true;
    const level = numberFlag(args, 'conf-level');
    if (level !== undefined) options.confLevel = level;
    const maxIter = numberFlag(args, 'max-iter');
    if (maxIter !== undefined) options.control = { maxIter };
    const { data, run } = await loadAnalysisData(args, io);
    const fit = coxph(formula, data, options);
    if (run) {
      // --db: the exported model carries no rows or event times; too few events hide the estimates.
      const d = discloseModel(fit.toJSON(), run.disclosure);
      await run.record('cox', args, { n: d.n, events: d.events, terms: (d.terms as { term: string; coef: number | null; hr: number | null }[] | undefined)?.map((t) => ({ term: t.term, coef: t.coef, hr: t.hr })) ?? null });
      writeLine(io.stdout, hasFlag(args, 'json') || d.disclosure.warnings.length ? jsonText(d) : fit.summary());
      return 0;
    }
    writeLine(io.stdout, hasFlag(args, 'json') ? jsonText(fit.toJSON()) : fit.summary());
    return 0;
  },
};
