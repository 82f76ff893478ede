import { missingDataLine } from '../../analyses/core/missing-data.js';
import { runAft } from '../../analyses/survival/aft.js';
import { checkFlags, choiceFlag, hasFlag, numberFlag, requiredFlag } from '../args.js';
import type { Command } from '../command.js';
import { ANALYSIS_TABLE_FLAGS, DATA_FLAGS_HELP, runParameters } from '../io.js';
import { jsonText, textTable } from '../output.js';
import { REFERENCE_FLAG, REFERENCE_HELP, referenceFactors } from '../reference-flag.js';
import { withFlagSource } from '../source-flags.js';

export const aftCommand: Command = {
  name: 'aft',
  summary: 'Parametric accelerated failure time model (as R survreg): Weibull, exponential, log-normal, log-logistic',
  help: `Usage: midia aft --formula "Surv(time, status) ~ x" [--dist weibull] (--data FILE | --db FILE --table T) [flags]

Maximum-likelihood AFT regression with R survreg's parametrisation (intercept,
log(scale) as a parameter). Right-censored data.

${DATA_FLAGS_HELP}
Flags:
  --formula F      Surv(time, status) ~ covariates
  --dist D         weibull (default, as R) | exponential | lognormal | loglogistic
  --max-iter N     default 30 (as survreg.control)
${REFERENCE_HELP}
  --json           {"terms":[{"term","coef","se","z","p","lower","upper"}],"scale","loglik","loglikNull","chisq","df","chisqP",
                    "n","events","dropped","nDropped",...}
Every output reports n (rows used), events and the rows dropped for missing
values (text: "n = 225, events = 160 (3 observations deleted due to missingness)";
JSON "dropped", also as "nDropped"). With --db, counts below the study's minimum
cell count are null (a dropped count with "droppedNote").
`,
  async run(args, io) {
    checkFlags(args, ['formula', 'data', 'db', 'table', 'study', 'purpose', ...ANALYSIS_TABLE_FLAGS, 'dist', 'max-iter', REFERENCE_FLAG]);
    const formula = requiredFlag(args, 'formula');
    const dist = choiceFlag(args, 'dist', ['weibull', 'exponential', 'lognormal', 'loglogistic'] as const, 'weibull');
    const maxIter = numberFlag(args, 'max-iter');
    const factors = referenceFactors(args, null);
    const options = { formula, dist, ...(maxIter !== undefined ? { maxIter } : {}), ...(factors ? { factors } : {}) };
    const { result: r } = await withFlagSource(args, io, ({ source, selection }) => runAft(source, { ...options, ...(selection ? { data: selection } : {}) }, { parameters: runParameters(args) }));
    // Under a study, a model whose estimates disclosure control hid prints its JSON (what is left, and why).
    if (hasFlag(args, 'json') || r.printable === null) {
      io.stdout.write(jsonText(r.model));
      return 0;
    }
    const fit = r.printable;
    io.stdout.write(`survreg (${dist}): ${missingDataLine(r.report)}\n\n`);
    io.stdout.write(textTable(['', 'Value', 'Std. Error', 'z', 'p'], fit.terms.map((t) => [t.term, t.coef, t.se, t.z, t.p])));
    io.stdout.write(`\nScale = ${fit.scale}\nLoglik(model) = ${fit.loglik}   Loglik(intercept only) = ${fit.loglikNull}\nChisq = ${fit.chisq} on ${fit.df} degrees of freedom, p = ${fit.chisqP}\n`);
    for (const w of fit.warnings) io.stdout.write(`Warning: ${w}\n`);
    return 0;
  },
};
