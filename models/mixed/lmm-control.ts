/**
 * Controls of the linear mixed model fit, gathered and validated in one place
 * (as lme4's `lmerControl`). Defaults are written here and in
 * docs/mixed-models.md; they are tighter than lmer's defaults on purpose: the
 * fit is meant to equal the converged optimum (lmer with
 * `optCtrl = list(rhoend = 1e-12)`), not lmer's default stopping point.
 */
import { UsageError } from '../../util/errors.js';

/** Controls of {@link import('./lmm.js').lmm}. */
export interface LmmControl {
  /** Most evaluations of the profiled deviance over all optimizer runs (default 100000). */
  readonly maxEval: number;
  /** The first Nelder-Mead search stops when every vertex is within `xtol` (absolute + relative) of the best one; Newton steps take it from there (default 1e-5). */
  readonly xtol: number;
  /** Tolerance of the Nelder-Mead search with restarts run when the Newton polish does not converge (default 1e-10). */
  readonly fallbackXtol: number;
  /** ... and the deviances of the vertices differ by at most `ftol * (1 + |f|)` (default 1e-15). */
  readonly ftol: number;
  /** Side of the first simplex in theta units (default 0.1; theta starts at the identity, as lme4). */
  readonly initialStep: number;
  /** Most restarts of the fallback Nelder-Mead search from its last best point (default 8); it stops early when a restart does not improve. */
  readonly maxRestarts: number;
  /** A diagonal element of the relative covariance factor below this is a singular fit (default 1e-4, lme4's `isSingular` tol). */
  readonly singularTol: number;
  /** Largest scaled gradient of the deviance at the optimum before a convergence warning (default 0.002, lme4's `check.conv.grad`). */
  readonly gradTol: number;
  /** Relative tolerance of the rank check of the fixed-effects matrix (default 1e-7, as lme4's `check.rankX` QR). */
  readonly rankTol: number;
}

/** The defaults. */
export const DEFAULT_LMM_CONTROL: LmmControl = Object.freeze({
  maxEval: 100_000,
  xtol: 1e-5,
  fallbackXtol: 1e-10,
  ftol: 1e-15,
  initialStep: 0.1,
  maxRestarts: 8,
  singularTol: 1e-4,
  gradTol: 0.002,
  rankTol: 1e-7,
});

function positive(name: keyof LmmControl, v: number, integer = false): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0 || (integer && !Number.isInteger(v))) {
    throw new UsageError(`lmm control ${name} must be a positive ${integer ? 'integer' : 'number'}, got ${String(v)}`);
  }
  return v;
}

/**
 * The control object with defaults filled in and every value checked.
 * @throws UsageError for an unknown key or a value that is not a positive number (integers for counts).
 * @example resolveLmmControl({ xtol: 1e-8 }).maxEval // => 100000
 */
export function resolveLmmControl(partial: Partial<LmmControl> = {}): LmmControl {
  for (const k of Object.keys(partial)) {
    if (!(k in DEFAULT_LMM_CONTROL)) throw new UsageError(`Unknown lmm control '${k}' (known: ${Object.keys(DEFAULT_LMM_CONTROL).join(', ')})`);
  }
  const c = { ...DEFAULT_LMM_CONTROL, ...partial };
  const maxRestarts = c.maxRestarts;
  if (!Number.isInteger(maxRestarts) || maxRestarts < 0) throw new UsageError(`lmm control maxRestarts must be a non-negative integer, got ${String(maxRestarts)}`);
  return Object.freeze({
    maxEval: positive('maxEval', c.maxEval, true),
    xtol: positive('xtol', c.xtol),
    fallbackXtol: positive('fallbackXtol', c.fallbackXtol),
    ftol: positive('ftol', c.ftol),
    initialStep: positive('initialStep', c.initialStep),
    maxRestarts,
    singularTol: positive('singularTol', c.singularTol),
    gradTol: positive('gradTol', c.gradTol),
    rankTol: positive('rankTol', c.rankTol),
  });
}
