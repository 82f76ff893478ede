import { runLmm } from '../../analyses/survival/lmm.js';
import { checkFlags, hasFlag, requiredFlag } from '../args.js';
import type { Command } from '../command.js';
import { ANALYSIS_TABLE_FLAGS, DATA_FLAGS_HELP, runParameters } from '../io.js';
import { jsonText } from '../output.js';
import { REFERENCE_FLAG, REFERENCE_HELP, referenceFactors } from '../reference-flag.js';
import { withFlagSource } from '../source-flags.js';

export const lmmCommand: Command = {
  name: 'lmm',
  summary: 'Linear mixed model for trajectories (as lme4 lmer): random intercept and slope per patient, REML or ML',
  help: `Usage: midia lmm --formula "y ~ x + time + (time | id)" (--data FILE | --db FILE --study ID --table T) [--ml] [flags]

Fits a linear mixed model as R's lme4::lmer(formula, REML = !ml) for marker and
reported-outcome trajectories (PSA, EDSS, PRO scores): fixed effects in R's
formula language (factor(), ns(time, df = 3), I(), interactions) and one
random-effects term with one grouping column: (1 | id) random intercept,
(time | id) correlated intercept and slope, (0 + time | id) slope only, or more
columns ((1 + time + I(time^2) | id)). The estimates are the converged optimum
of the profiled REML criterion or deviance (Bates et al. 2015), as lmer with
lmerControl(optimizer = "bobyqa", optCtrl = list(rhoend = 1e-12)) gives them
(docs/mixed-models.md). Rows with a missing value are dropped and counted; a
missing grouping value is an error naming the row; when no patient has two
visits with different times the random slope is an error. Singular fits and
convergence problems are warnings.

${DATA_FLAGS_HELP}
Flags:
  --formula F      y ~ fixed terms + (terms | group)
  --ml             maximum likelihood (lmer's REML = FALSE); default REML
${REFERENCE_HELP}
  --json           {"fixef":[{"term","estimate","se"}],
                    "varcorr":{"<group>":{"sd":{"(Intercept)","time",...},"corr"},"residualSd"},
                    "loglik","reml",...} equal to lme4::lmer(..., REML = !ml): fixef, their
                   standard errors (vcov), VarCorr and logLik (the REML log-likelihood for
                   REML fits, as lme4). "corr" is a number for two random effects, the
                   matrix for more, null for one. Also "criterion" (REML criterion or
                   deviance), "n", "dropped", "groups" {"name","count","minObs","medianObs",
                   "maxObs","singleObservation"}, "converged", "singular", "warnings".
                   With --db: no per-patient values (no random effects, fitted values or
                   residuals), per-group visit counts removed, counts below the study's
                   minimum cell count hidden, and a model on fewer rows or patients than it
                   hides its estimates; the run is recorded in the data-use ledger.
Without --json a print like R's summary(lmer(...)).
`,
  async run(args, io) {
    checkFlags(args, ['formula', 'data', 'db', 'table', 'study', 'purpose', ...ANALYSIS_TABLE_FLAGS, 'ml', REFERENCE_FLAG]);
    const formula = requiredFlag(args, 'formula');
    const reml = !hasFlag(args, 'ml');
    const factors = referenceFactors(args, null);
    const { result: r } = await withFlagSource(args, io, ({ source, selection }) =>
      runLmm(source, { formula, reml, ...(factors ? { factors } : {}), ...(selection ? { data: selection } : {}) }, { parameters: runParameters(args) }),
    );
    // Under a study, a model whose estimates disclosure control hid prints its JSON (what is left, and why).
    if (hasFlag(args, 'json') || r.printed === null) io.stdout.write(jsonText(r.model));
    else io.stdout.write(r.printed);
    return 0;
  },
};
