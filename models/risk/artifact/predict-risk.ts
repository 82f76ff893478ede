/**
 * Risk prediction from a model artifact: patient(s) in, risk at horizons and
 * the survival curve on the artifact's grid out, with warnings as data.
 *
 * S(t | x) = exp(-H0(t) · exp(f(z))) with z the preprocessed design vector
 * and H0 the stored baseline cumulative hazard, a step function on the grid
 * (the value at the last grid point <= t). Risk at a horizon h is 1 - S(h | x).
 * For a forest (kind rsf), S(t | x) = exp(-H(t | z)) with H the mean of the
 * trees' leaf cumulative hazards on the same grid ({@link gridForestChf}) and
 * the score is the gridded mortality Σ_k H(grid[k] | z).
 * Reference: Cox DR (1972) JRSS-B 34:187; Breslow NE (1972) discussion of Cox;
 * Katzman JL et al. (2018) DeepSurv, BMC Med Res Methodol 18:24 (mlp score);
 * Ishwaran H et al. (2008) Ann Appl Stat 2:841-860 (forest).
 *
 * Validation of inputs: every covariate is required; numeric ones must be
 * finite JSON numbers, categorical ones one of the levels. All problems are
 * collected in one {@link DataValidationError} whose issues name the field
 * path (`age` for one patient, `[2].age` for the third of a batch) and row
 * (1-based patient index). Unknown fields are ignored with a warning.
 */
import { DataValidationError } from '../../../util/errors.js';
import type { RecordIssue } from '../../../util/errors.js';
import { gridForestChf, gridMortality } from '../forest/grid-forest.js';
import type { GridForest } from '../forest/grid-forest.js';
import type { ArtifactCovariate, DenseLayer, ModelArtifact, PatientInput, PatientRisk, RiskPrediction } from './types.js';
import { lastIndexAtOrBefore } from '../../../util/step-index.js';

/** An artifact prepared for fast repeated prediction (cached per artifact object). */
interface Compiled {
  covariates: ArtifactCovariate[];
  known: Set<string>;
  /** Per design column: covariate index, indicator level (or null), center, 1/scale. */
  colCov: Int32Array;
  colLevel: (string | null)[];
  center: Float64Array;
  invScale: Float64Array;
  score: (z: Float64Array) => number;
  /** The forest of an rsf artifact (then `score` is unused), else null. */
  forest: GridForest | null;
  grid: Float64Array;
  h0: Float64Array;
}

const cache = new WeakMap<ModelArtifact, Compiled>();

function activation(name: DenseLayer['activation']): (v: number) => number {
  switch (name) {
    case 'relu':
      return (v) => (v > 0 ? v : 0);
    case 'tanh':
      return Math.tanh;
    case 'selu': {
      const a = 1.6732632423543772;
      const s = 1.0507009873554805;
      return (v) => (v > 0 ? s * v : s * a * (Math.exp(v) - 1));
    }
    case 'linear':
      return (v) => v;
  }
}

/**
 * Forward pass of a dense MLP on one input vector (plain JavaScript doubles).
 *
 * @param layers the layers, `weights[o][i]`.
 * @param input the input vector.
 * @returns the output vector of the last layer.
 * @example mlpForward([{ weights: [[2]], bias: [1], activation: 'linear' }], Float64Array.of(3)) // => [7]
 */
export function mlpForward(layers: readonly DenseLayer[], input: Float64Array): Float64Array {
  let x = input;
  for (const l of layers) {
    const f = activation(l.activation);
    const out = new Float64Array(l.weights.length);
    for (let o = 0; o < out.length; o++) {
      const w = l.weights[o]!;
      let s = l.bias[o]!;
      for (let i = 0; i < w.length; i++) s += w[i]! * x[i]!;
      out[o] = f(s);
    }
    x = out;
  }
  return x;
}

function compile(a: ModelArtifact): Compiled {
  const hit = cache.get(a);
  if (hit) return hit;
  const index = new Map(a.covariates.map((c, i) => [c.name, i]));
  const cols = a.preprocessing.columns;
  const p = cols.length;
  const colCov = new Int32Array(p);
  const colLevel: (string | null)[] = [];
  const center = new Float64Array(p);
  const invScale = new Float64Array(p);
  cols.forEach((c, j) => {
    colCov[j] = index.get(c.covariate) ?? -1;
    colLevel.push(c.level ?? null);
    center[j] = c.center;
    invScale[j] = 1 / c.scale;
  });
  let score: (z: Float64Array) => number = () => NaN;
  let forest: GridForest | null = null;
  const pred = a.predictor;
  if (pred.type === 'forest') {
    forest = { ...pred, nFeatures: p, nGrid: a.baselineHazard.grid.length };
  } else if (pred.type === 'linear') {
    const beta = Float64Array.from(pred.coefficients);
    score = (z) => {
      let s = 0;
      for (let j = 0; j < z.length; j++) s += beta[j]! * z[j]!;
      return s;
    };
  } else {
    const layers = pred.layers;
    score = (z) => mlpForward(layers, z)[0]!;
  }
  const compiled: Compiled = {
    covariates: a.covariates,
    known: new Set(a.covariates.map((c) => c.name)),
    colCov,
    colLevel,
    center,
    invScale,
    score,
    forest,
    grid: Float64Array.from(a.baselineHazard.grid),
    h0: Float64Array.from(a.baselineHazard.cumulativeHazard),
  };
  cache.set(a, compiled);
  return compiled;
}

function fmt(v: number): string {
  return String(Math.round(v * 1000) / 1000);
}

/** Options of {@link predictRisk}. */
export interface PredictRiskOptions {
  /** Include the survival curve on the grid (default true; false leaves `survival` empty, for speed). */
  survivalCurve?: boolean;
}

/**
 * Predicts risk at horizons and the survival curve for one patient or a batch.
 *
 * @param model a validated artifact (from {@link loadModelArtifact} or a builder); not modified.
 * @param patients one patient object or an array of them; not modified.
 * @param horizons times (in the artifact's `timeUnit`) for the risks; default the artifact's `horizons`. Each must be in [0, last grid point].
 * @param options `survivalCurve` (default true).
 * @returns risks, curves, scores and warnings, with the model id and version.
 * @throws DataValidationError naming the field path of each invalid input, or `horizons[i]` for a bad horizon.
 * @example predictRisk(gbsg, { age: 50, meno: 0, size: 20, grade: 2, nodes: 3, pgr: 50, er: 30, hormon: 0 }).predictions[0].risk
 */
export function predictRisk(
  model: ModelArtifact,
  patients: PatientInput | readonly PatientInput[],
  horizons?: readonly number[],
  options: PredictRiskOptions = {},
): RiskPrediction {
  const c = compile(model);
  const batch = Array.isArray(patients);
  const list: readonly PatientInput[] = batch ? (patients as readonly PatientInput[]) : [patients as PatientInput];
  const hs = horizons ? [...horizons] : [...model.horizons];
  const gmax = c.grid[c.grid.length - 1]!;
  const issues: RecordIssue[] = [];
  hs.forEach((h, i) => {
    if (typeof h !== 'number' || !Number.isFinite(h) || h < 0 || h > gmax)
      issues.push({ file: '<input>', row: 0, field: `horizons[${i}]`, message: `horizon must be a number in [0, ${gmax}] ${model.timeUnit}`, value: h });
  });
  if (issues.length) throw new DataValidationError(issues);
  const hIdx = hs.map((h) => Math.max(0, lastIndexAtOrBefore(c.grid, h)));
  const curve = options.survivalCurve ?? true;
  const p = c.center.length;
  const values: (number | string)[] = new Array(c.covariates.length);
  const predictions: PatientRisk[] = [];
  const allWarnings: string[] = [];
  const seen = new Set<string>();
  for (let r = 0; r < list.length; r++) {
    const pt = list[r];
    const prefix = batch ? `[${r}].` : '';
    const where = batch ? `patient ${r}: ` : '';
    if (pt === null || typeof pt !== 'object' || Array.isArray(pt)) {
      issues.push({ file: '<input>', row: r + 1, field: batch ? `[${r}]` : null, message: 'a patient must be a JSON object', value: pt });
      continue;
    }
    const warnings: string[] = [];
    let ok = true;
    c.covariates.forEach((cov, k) => {
      const v = pt[cov.name];
      const field = `${prefix}${cov.name}`;
      if (v === undefined || v === null) {
        issues.push({ file: '<input>', row: r + 1, field, message: `required field '${cov.name}' is missing` });
        ok = false;
      } else if (cov.type === 'numeric') {
        if (typeof v !== 'number' || !Number.isFinite(v)) {
          issues.push({ file: '<input>', row: r + 1, field, message: `expected a finite number, got ${JSON.stringify(v)}`, value: v });
          ok = false;
        } else {
          values[k] = v;
          if (cov.range && (v < cov.range[0] || v > cov.range[1]))
            warnings.push(`${cov.name} ${fmt(v)} outside the training range ${fmt(cov.range[0])}-${fmt(cov.range[1])}`);
        }
      } else if (typeof v !== 'string' || !cov.levels!.includes(v)) {
        issues.push({ file: '<input>', row: r + 1, field, message: `expected one of ${cov.levels!.map((l) => JSON.stringify(l)).join(', ')}, got ${JSON.stringify(v)}`, value: v });
        ok = false;
      } else values[k] = v;
    });
    for (const key of Object.keys(pt)) if (!c.known.has(key)) warnings.push(`field '${key}' ignored (not a model input)`);
    if (!ok || issues.length) continue;
    const z = new Float64Array(p);
    for (let j = 0; j < p; j++) {
      const v = values[c.colCov[j]!]!;
      const lv = c.colLevel[j];
      const raw = lv === null ? (v as number) : v === lv ? 1 : 0;
      z[j] = (raw - c.center[j]!) * c.invScale[j]!;
    }
    let score: number;
    let risk: number[];
    const survival: number[] = [];
    if (c.forest) {
      const H = gridForestChf(c.forest, z);
      score = gridMortality(H);
      risk = hIdx.map((k) => 1 - Math.exp(-H[k]!));
      if (curve) for (let k = 0; k < c.grid.length; k++) survival.push(Math.exp(-H[k]!));
    } else {
      score = c.score(z);
      const rel = Math.exp(score);
      risk = hIdx.map((k) => 1 - Math.exp(-c.h0[k]! * rel));
      if (curve) for (let k = 0; k < c.grid.length; k++) survival.push(Math.exp(-c.h0[k]! * rel));
    }
    predictions.push({ risk, survival, score, warnings });
    for (const w of warnings) {
      const text = where + w;
      if (!seen.has(text)) {
        seen.add(text);
        allWarnings.push(text);
      }
    }
  }
  if (issues.length) throw new DataValidationError(issues);
  return {
    modelId: model.id,
    modelVersion: model.version,
    kind: model.kind,
    timeUnit: model.timeUnit,
    horizons: hs,
    grid: Array.from(c.grid),
    predictions,
    warnings: allWarnings,
  };
}
