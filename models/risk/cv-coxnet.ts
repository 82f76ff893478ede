/**
 * K-fold cross-validation of the penalized Cox path, as R's
 * `cv.glmnet(x, y, family = "cox", type.measure = "deviance", grouped = TRUE)`:
 *
 * 1. the path is fitted on all rows;
 * 2. for fold k the path is refitted without the rows of fold k (its own
 *    automatic lambda path, or the user's lambda when one was given, as
 *    cv.glmnet), its coefficients are taken at the full-data lambdas by
 *    glmnet's linear interpolation in lambda (`predict(s = lambda)`, clamped
 *    to the fold's path), and for each lambda the "grouped" (Verweij & van Houwelingen 1993) partial-likelihood
 *    contribution of fold k is `D(all rows; b_-k) - D(rows not in k; b_-k)`
 *    (D = {@link coxDeviance}), divided by the weighted number of events in fold k;
 * 3. `cvm` is the mean of those per-fold values weighted by events per fold,
 *    `cvsd = sqrt(weighted mean of (value - cvm)^2 / (K - 1))`;
 * 4. `lambdaMin` is the largest lambda with the smallest `cvm`, `lambda1se`
 *    the largest lambda whose `cvm` is within one `cvsd` of that minimum.
 *
 * Folds: user `foldid` (values 1..K as glmnet), else a seeded random
 * assignment `shuffle(rep(1..nfolds, length = n))` with util/random.ts (the
 * same seed gives the same folds on every machine; not R's `sample()` stream).
 *
 * Reference: Verweij PJM, van Houwelingen HC (1993) "Cross-validation in
 * survival analysis", Stat Med 12:2305-2314; glmnet 4.1-6 `R/cv.glmnet.R`,
 * `R/cv.coxnet.R`, `R/buildPredmat.coxnetlist.R`, `R/cvstats.R`, `R/getOptcv.glmnet.R`.
 */
import { ModelError, UsageError } from '../../util/errors.js';
import { seededRandom, shuffled } from '../../util/random.js';
import type { CoxnetOptions } from './coxnet-control.js';
import type { CoxnetInput } from './coxnet-data.js';
import { coxDevianceFromLayout, coxDevianceLayout } from './coxnet-deviance.js';
import { coxnet, CoxnetFit } from './coxnet.js';
import { createCoxnetKernels } from './coxnet-kernels.js';
import type { CoxnetKernels } from './coxnet-kernels.js';

/** Options of {@link cvCoxnet}: the fit options plus the folds. */
export interface CvCoxnetOptions extends CoxnetOptions {
  /** Number of folds when `foldid` is not given. Default 10 (cv.glmnet `nfolds`); at least 3. */
  nfolds?: number;
  /** Fold of each row, values 1..K (cv.glmnet `foldid`). Default: seeded random folds. */
  foldid?: ArrayLike<number>;
  /** Seed of the random fold assignment. Default 1. */
  seed?: number;
}

/** Result of {@link cvCoxnet}. */
export interface CvCoxnetResult {
  /** The path fitted on all rows. */
  fit: CoxnetFit;
  /** Lambda values (those of `fit`). */
  lambda: Float64Array;
  /** Mean cross-validated partial-likelihood deviance per event, per lambda. */
  cvm: Float64Array;
  /** Its standard error. */
  cvsd: Float64Array;
  cvup: Float64Array;
  cvlo: Float64Array;
  /** Non-zero coefficients of the full fit per lambda. */
  nzero: Int32Array;
  lambdaMin: number;
  lambda1se: number;
  /** 0-based indices of lambdaMin and lambda1se. */
  indexMin: number;
  index1se: number;
  /** Fold per row (1..K). */
  foldid: Int32Array;
  /** Per-fold values (K rows of length L), before averaging (cv.glmnet's `cvraw` / events). */
  foldDeviance: Float64Array[];
  warnings: string[];
}

/** Seeded fold assignment `shuffle(rep(1..nfolds, length = n))`. */
export function randomFolds(n: number, nfolds: number, seed: number): Int32Array {
  const base = Array.from({ length: n }, (_, i) => (i % nfolds) + 1);
  return Int32Array.from(shuffled(seededRandom(seed), base));
}

function subset(input: CoxnetInput, rows: Int32Array): CoxnetInput {
  const pick = (a: Float64Array): Float64Array => {
    const out = new Float64Array(rows.length);
    for (let r = 0; r < rows.length; r++) out[r] = a[rows[r]!]!;
    return out;
  };
  return {
    x: input.x.map(pick),
    time: pick(input.time),
    status: pick(input.status),
    weights: input.weights ? pick(input.weights) : null,
    offset: input.offset ? pick(input.offset) : null,
  };
}

/**
 * `b -> x b + offset` for all rows, with the same roundings as `linearPredictor` of coxnet.ts (columns in
 * order, zero coefficients skipped), on the coxnet kernels (x copied once into their heap). The
 * returned array is overwritten by the next call.
 */
function allRowsPredictor(input: CoxnetInput): (b: Float64Array) => Float64Array {
  const n = input.time.length;
  const p = input.x.length;
  const K: CoxnetKernels = createCoxnetKernels(n * p + n);
  const H = K.heap;
  for (let j = 0; j < p; j++) H.set(input.x[j]!, j * n);
  const oEta = n * p;
  const eta = H.subarray(oEta, oEta + n);
  const nz = new Int32Array(p);
  return (b) => {
    if (input.offset) eta.set(input.offset);
    else eta.fill(0);
    let c = 0;
    for (let j = 0; j < p; j++) if (b[j] !== 0) nz[c++] = j;
    let t = 0;
    for (; t + 3 < c; t += 4) {
      const j1 = nz[t]!;
      const j2 = nz[t + 1]!;
      const j3 = nz[t + 2]!;
      const j4 = nz[t + 3]!;
      K.axpy4(oEta, j1 * n, j2 * n, j3 * n, j4 * n, n, b[j1]!, b[j2]!, b[j3]!, b[j4]!);
    }
    for (; t < c; t++) K.axpy(oEta, nz[t]! * n, n, b[nz[t]!]!);
    return eta;
  };
}

/**
 * Cross-validate the penalized Cox path (cv.glmnet, deviance, grouped).
 * @param input as {@link coxnet}
 * @param options fit options plus `nfolds` (10), `foldid`, `seed` (1)
 * @throws UsageError for bad folds
 * @example cvCoxnet({ x, time, status }, { alpha: 1, nfolds: 10, seed: 42 }).lambdaMin
 */
export function cvCoxnet(input: CoxnetInput, options: CvCoxnetOptions = {}): CvCoxnetResult {
  const n = input.time.length;
  const { nfolds: nfoldsOpt, foldid: foldOpt, seed: seedOpt, ...fitOptions } = options;
  let foldid: Int32Array;
  if (foldOpt !== undefined) {
    if (foldOpt.length !== n) throw new UsageError(`cvCoxnet: foldid has length ${foldOpt.length}, expected ${n}`);
    foldid = Int32Array.from(foldOpt as ArrayLike<number>);
    for (const f of foldid) if (!(f >= 1)) throw new UsageError(`cvCoxnet: foldid values must be integers >= 1, got ${f}`);
  } else {
    const nf = nfoldsOpt ?? 10;
    if (!(Number.isInteger(nf) && nf >= 3 && nf <= n)) throw new UsageError(`cvCoxnet: nfolds must be an integer in [3, n], got ${nf}`);
    foldid = randomFolds(n, nf, seedOpt ?? 1);
  }
  let K = 0;
  for (const f of foldid) K = Math.max(K, f);
  if (K < 3) throw new UsageError(`cvCoxnet: need at least 3 folds (cv.glmnet), got ${K}`);

  const fit = coxnet(input, fitOptions);
  const lambda = fit.lambda;
  const L = lambda.length;
  if (L === 0) throw new ModelError('cvCoxnet: the full-data path is empty');
  const warnings: string[] = [];
  const fullLayout = coxDevianceLayout(input.time, input.status, input.weights);
  const foldDeviance: Float64Array[] = [];
  const foldEvents = new Float64Array(K);
  for (let i = 0; i < n; i++) foldEvents[foldid[i]! - 1]! += (input.weights ? input.weights[i]! : 1) * (input.status[i]! > 0 ? 1 : 0);
  const predictor = allRowsPredictor(input);

  for (let k = 1; k <= K; k++) {
    const trainRows: number[] = [];
    for (let i = 0; i < n; i++) if (foldid[i] !== k) trainRows.push(i);
    const rows = Int32Array.from(trainRows);
    const train = subset(input, rows);
    const fk = coxnet(train, fitOptions);
    for (const wmsg of fk.warnings) warnings.push(`fold ${k}: ${wmsg}`);
    const trainLayout = coxDevianceLayout(train.time, train.status, train.weights);
    const raw = new Float64Array(L);
    if (fk.lambda.length === 0) {
      raw.fill(NaN);
      warnings.push(`fold ${k}: empty path; fold left out`);
      foldDeviance.push(raw);
      continue;
    }
    const etaTrain = new Float64Array(rows.length);
    for (let l = 0; l < L; l++) {
      const etaAll = predictor(fk.coefAt(lambda[l]!));
      // The training rows' predictor is the all-rows predictor at those rows (same operations, same values).
      for (let r = 0; r < rows.length; r++) etaTrain[r] = etaAll[rows[r]!]!;
      raw[l] = (coxDevianceFromLayout(fullLayout, etaAll) - coxDevianceFromLayout(trainLayout, etaTrain)) / foldEvents[k - 1]!;
    }
    if (!(foldEvents[k - 1]! > 0)) warnings.push(`fold ${k} has no events; its deviance is not finite and is left out`);
    foldDeviance.push(raw);
  }

  const cvm = new Float64Array(L);
  const cvsd = new Float64Array(L);
  for (let l = 0; l < L; l++) {
    let sw = 0;
    let sm = 0;
    let good = 0;
    for (let k = 0; k < K; k++) {
      const v = foldDeviance[k]![l]!;
      if (!Number.isFinite(v)) continue;
      sw += foldEvents[k]!;
      sm += foldEvents[k]! * v;
      good++;
    }
    const mean = sm / sw;
    let ss = 0;
    for (let k = 0; k < K; k++) {
      const v = foldDeviance[k]![l]!;
      if (!Number.isFinite(v)) continue;
      ss += foldEvents[k]! * (v - mean) * (v - mean);
    }
    cvm[l] = mean;
    cvsd[l] = Math.sqrt(ss / sw / (good - 1));
  }
  // getOptcv.glmnet
  let cvmin = Infinity;
  for (const v of cvm) if (v < cvmin) cvmin = v;
  let indexMin = -1;
  for (let l = 0; l < L; l++) if (cvm[l]! <= cvmin && (indexMin < 0 || lambda[l]! > lambda[indexMin]!)) indexMin = l;
  const semin = cvm[indexMin]! + cvsd[indexMin]!;
  let index1se = -1;
  for (let l = 0; l < L; l++) if (cvm[l]! <= semin && (index1se < 0 || lambda[l]! > lambda[index1se]!)) index1se = l;
  return {
    fit,
    lambda,
    cvm,
    cvsd,
    cvup: cvm.map((v, l) => v + cvsd[l]!),
    cvlo: cvm.map((v, l) => v - cvsd[l]!),
    nzero: Int32Array.from(fit.df),
    lambdaMin: lambda[indexMin]!,
    lambda1se: lambda[index1se]!,
    indexMin,
    index1se,
    foldid,
    foldDeviance,
    warnings,
  };
}
