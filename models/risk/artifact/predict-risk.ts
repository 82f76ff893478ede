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
 * Validation of inputs is ./patient-input.ts's, the check the prediction
 * service uses as well: {@link predictRisk} checks, then predicts; a caller
 * that checked already (the service) calls {@link predictChecked}. All
 * problems are collected in one {@link DataValidationError} whose issues name
 * the field path (`age` for one patient, `[2].age` for the third of a batch,
 * `horizons[0]`) and row (1-based patient index). Unknown fields are ignored
 * with a warning.
 */
import { DataValidationError } from '../../../util/errors.js';
import type { RecordIssue } from '../../../util/errors.js';
import { gridForestChf, gridMortality } from '../forest/grid-forest.js';
import type { GridForest } from '../forest/grid-forest.js';
import { checkPredictInput, inputField, predictInputRules, type CheckedPredictInput, type InputIssue, type PredictInputRules } from './patient-input.js';
import type { DenseLayer, ModelArtifact, PatientInput, PatientRisk, RiskPrediction } from './types.js';
import { lastIndexAtOrBefore } from '../../../util/step-index.js';

/** An artifact prepared for fast repeated prediction (cached per artifact object). */
interface Compiled {
  /** The library's input rules (unknown fields ignored with a warning). */
  rules: PredictInputRules;
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
    rules: predictInputRules(a),
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

/** Options of {@link predictRisk}. */
export interface PredictRiskOptions {
  /** Include the survival curve on the grid (default true; false leaves `survival` empty, for speed). */
  survivalCurve?: boolean;
}

/** Issues of a prediction input as the library reports them: field `[2].age`, row the 1-based patient (0 for horizons). */
function recordIssues(issues: readonly InputIssue[], batch: boolean): RecordIssue[] {
  return issues.map((i) => {
    const first = i.path[0];
    const row = first === 'horizons' ? 0 : batch ? (typeof first === 'number' ? first + 1 : 0) : 1;
    return { file: '<input>', row, field: i.path.length ? inputField(i.path) : null, message: i.message };
  });
}

/**
 * Predicts risk at horizons and the survival curve for one patient or a batch.
 *
 * @param model a validated artifact (from {@link loadModelArtifact} or a builder); not modified.
 * @param patients one patient object or an array of them; not modified.
 * @param horizons times (in the artifact's `timeUnit`) for the risks; default the artifact's `horizons`. Each must be in [0, last grid point].
 * @param options `survivalCurve` (default true).
 * @returns risks, curves, scores and warnings, with the model id and version.
 * @throws DataValidationError naming the field path of each invalid input, or `horizons[i]` for a bad horizon (the rules of ./patient-input.ts).
 * @example predictRisk(gbsg, { age: 50, meno: 0, size: 20, grade: 2, nodes: 3, pgr: 50, er: 30, hormon: 0 }).predictions[0].risk
 */
export function predictRisk(
  model: ModelArtifact,
  patients: PatientInput | readonly PatientInput[],
  horizons?: readonly number[],
  options: PredictRiskOptions = {},
): RiskPrediction {
  const batch = Array.isArray(patients);
  const checked = checkPredictInput(compile(model).rules, { patients, batch, horizons });
  if (!checked.ok) throw new DataValidationError(recordIssues(checked.issues, batch));
  return predictChecked(model, checked.input, options);
}

/**
 * Predicts for an input checked by {@link checkPredictInput} (for this
 * artifact, under any policy): no second validation.
 * @throws TypeError when the input was checked for another artifact.
 * @example const c = checkPredictInput(rules, input); if (c.ok) predictChecked(rules.artifact, c.input)
 */
export function predictChecked(model: ModelArtifact, input: CheckedPredictInput, options: PredictRiskOptions = {}): RiskPrediction {
  if (input.artifact !== model) throw new TypeError(`predictChecked: the input was checked for model '${input.artifact.id}', not '${model.id}'`);
  const c = compile(model);
  const hs = [...input.horizons];
  const hIdx = hs.map((h) => Math.max(0, lastIndexAtOrBefore(c.grid, h)));
  const curve = options.survivalCurve ?? true;
  const p = c.center.length;
  const predictions: PatientRisk[] = [];
  const allWarnings: string[] = [];
  const seen = new Set<string>();
  input.patients.forEach((values, r) => {
    const warnings = [...(input.warnings[r] ?? [])];
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
    const where = input.batch ? `patient ${r}: ` : '';
    for (const w of warnings) {
      const text = where + w;
      if (!seen.has(text)) {
        seen.add(text);
        allWarnings.push(text);
      }
    }
  });
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
