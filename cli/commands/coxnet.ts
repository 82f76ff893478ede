/**
 * `midia coxnet`: elastic-net penalized Cox model (R glmnet `family = "cox"`)
 * from a formula, with coefficients per design term at a given lambda or at the
 * cross-validated choice (cv.glmnet `lambda.min` / `lambda.1se`).
 */
import { runCoxnet } from '../../analyses/survival/coxnet.js';
import { UsageError } from '../../util/errors.js';
import { checkFlags, choiceFlag, hasFlag, numberFlag, requiredFlag } from '../args.js';
import type { Command } from '../command.js';
import { ANALYSIS_TABLE_FLAGS, DATA_FLAGS_HELP, runParameters } from '../io.js';
import { jsonText, textTable, writeLine } from '../output.js';
import { REFERENCE_FLAG, REFERENCE_HELP, referenceFactors } from '../reference-flag.js';
import { withFlagSource } from '../source-flags.js';

export const coxnetCommand: Command = {
  name: 'coxnet',
  summary: 'Elastic-net penalized Cox model (as R glmnet family = "cox"), coefficients at lambda or the CV choice',
  help: `Usage: midia coxnet --formula "Surv(time, status) ~ terms" (--data FILE | --db FILE ...) --alpha A (--lambda L | --nfolds K [--seed S]) [--json]

Fits the elastic-net penalized Cox path as R's glmnet(x, Surv(time, status),
family = "cox"): standardize = TRUE, Breslow ties, glmnet's default lambda path
(nlambda 100), x = model.matrix(~ terms)[, -1] with treatment contrasts and rows
with missing values dropped. Reports the coefficient of every design column on
the original scale at one lambda: the --lambda given, or with --nfolds the
cross-validated choice (cv.glmnet with partial-likelihood deviance, seeded
random folds). The coefficients are the penalized fit at that lambda, as
coef(fit, s = L, exact = TRUE) (a refit warm-started down the path to L;
milliseconds); --interpolate gives glmnet's default coef(fit, s = L) instead,
the linear interpolation between the two nearest path values (exact = FALSE),
which can differ in the third digit and keep a coefficient the fit at L sets
to 0.

${DATA_FLAGS_HELP}
Flags:
  --formula F      Surv(time, status) ~ terms (no strata() or cluster())
  --alpha A        elastic-net mixing in [0, 1]: 1 lasso (default, as glmnet), 0 ridge
  --lambda L       report coefficients at this lambda
  --interpolate    interpolate linearly on the path (glmnet exact = FALSE) instead
                   of the exact fit at L
  --nfolds K       cross-validate with K folds (>= 3); without --lambda, report at the CV choice
  --seed S         seed of the fold assignment (default 1)
  --s RULE         lambda.1se (default, as coef.cv.glmnet) | lambda.min
  --nlambda N      path length (default 100, as glmnet)
${REFERENCE_HELP}
  --json           {"n","events","alpha","lambda","choice","terms":[{"term","coef"}],"exact","nonZero","cv":{"nfolds","seed","lambdaMin","lambda1se","cvmMin","cvm1se"}|null,"pathLength","warnings"}

Example:
  midia coxnet --data datasets/gbsg.csv --formula "Surv(rfstime, status) ~ age + meno + size + factor(grade) + nodes + pgr + er + hormon" --alpha 0.5 --nfolds 10 --seed 42 --json
`,
  async run(args, io) {
    checkFlags(args, ['formula', 'data', 'db', 'table', 'study', 'purpose', ...ANALYSIS_TABLE_FLAGS, 'alpha', 'lambda', 'interpolate', 'nfolds', 'seed', 's', 'nlambda', REFERENCE_FLAG]);
    const formula = requiredFlag(args, 'formula');
    const alpha = numberFlag(args, 'alpha', 1) as number;
    if (!(alpha >= 0 && alpha <= 1)) throw new UsageError(`--alpha must be in [0, 1], got ${alpha}`);
    const lambda = numberFlag(args, 'lambda');
    if (lambda !== undefined && !(lambda >= 0)) throw new UsageError(`--lambda must be >= 0, got ${lambda}`);
    const nfolds = numberFlag(args, 'nfolds');
    if (nfolds !== undefined && !(Number.isInteger(nfolds) && nfolds >= 3)) throw new UsageError(`--nfolds must be an integer >= 3, got ${nfolds}`);
    if (lambda === undefined && nfolds === undefined) throw new UsageError('Give --lambda L, or --nfolds K for the cross-validated choice');
    const seed = numberFlag(args, 'seed', 1) as number;
    const rule = choiceFlag(args, 's', ['lambda.1se', 'lambda.min'] as const, 'lambda.1se');
    const nlambda = numberFlag(args, 'nlambda');
    const factors = referenceFactors(args, null);
    const options = {
      formula,
      alpha,
      exact: !hasFlag(args, 'interpolate'),
      seed,
      rule,
      ...(lambda !== undefined ? { lambda } : {}),
      ...(nfolds !== undefined ? { nfolds } : {}),
      ...(nlambda !== undefined ? { nlambda } : {}),
      ...(factors ? { factors } : {}),
    };
    const { result } = await withFlagSource(args, io, ({ source, selection }) => runCoxnet(source, { ...options, ...(selection ? { data: selection } : {}) }, { parameters: runParameters(args) }));
    if (hasFlag(args, 'json')) {
      writeLine(io.stdout, jsonText(result));
      return 0;
    }
    const { cv } = result;
    const head = `Penalized Cox (glmnet family = "cox"), alpha = ${alpha}, n = ${result.n}, events = ${result.events}\n` +
      `lambda = ${result.lambda.toPrecision(6)} (${result.choice}${result.exact ? '' : ', interpolated on the path'})${cv ? `; CV ${cv.nfolds} folds, seed ${cv.seed}: lambda.min = ${cv.lambdaMin.toPrecision(6)}, lambda.1se = ${cv.lambda1se.toPrecision(6)}` : ''}\n`;
    writeLine(io.stdout, head + textTable(['term', 'coef'], result.terms.map((t) => [t.term, t.coef]), 6) + (result.warnings.length ? `\nWarnings:\n${result.warnings.map((w) => `  ${w}`).join('\n')}` : ''));
    return 0;
  },
};
