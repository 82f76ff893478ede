import { runCox } from '../../analyses/survival/cox.js';
import { checkFlags, choiceFlag, hasFlag, numberFlag, requiredFlag, stringFlag } from '../args.js';
import type { Command } from '../command.js';
import { ANALYSIS_TABLE_FLAGS, DATA_FLAGS_HELP, runParameters } from '../io.js';
import { jsonText, writeLine } from '../output.js';
import { REFERENCE_FLAG, REFERENCE_HELP, referenceFactors } from '../reference-flag.js';
import { withFlagSource } from '../source-flags.js';

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
    const ties = choiceFlag(args, 'ties', ['efron', 'breslow'] as const, 'efron');
    const weights = stringFlag(args, 'weights');
    const confLevel = numberFlag(args, 'conf-level', 0.95) as number;
    const maxIter = numberFlag(args, 'max-iter');
    const tt = args.flags.tt !== undefined ? choiceFlag(args, 'tt', ['log', 'identity'] as const, 'log') : undefined;
    const factors = referenceFactors(args, null);
    const options = { formula, ties, confLevel, robust: hasFlag(args, 'robust'), ...(weights ? { weights } : {}), ...(maxIter !== undefined ? { maxIter } : {}), ...(tt ? { tt } : {}), ...(factors ? { factors } : {}) };
    const { result: r } = await withFlagSource(args, io, ({ source, selection }) => runCox(source, { ...options, ...(selection ? { data: selection } : {}) }, { parameters: runParameters(args) }));
    // Under a study, a model whose estimates disclosure control hid prints its JSON (what is left, and why).
    writeLine(io.stdout, hasFlag(args, 'json') || r.printed === null ? jsonText(r.model) : r.printed);
    return 0;
  },
};
