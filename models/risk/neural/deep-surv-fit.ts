/**
 * Numeric core of the neural Cox model: a dense MLP f(z) trained by Adam on
 * the negative Breslow log partial likelihood (mean over events)
 *   -1/D Σ_{i: event} [ f(z_i) - log Σ_{j: T_j >= T_i} exp(f(z_j)) ]
 * plus an L2 penalty, full batch, with early stopping on a held-out split
 * (best weights restored). Sees standardized design arrays only.
 * Runs on the @tensorflow/tfjs CPU backend in float32; initial weights are
 * Glorot-uniform from util/random's seeded generator, so a seed gives the same
 * network on every machine (up to float32 arithmetic of the backend).
 * The output layer has no bias (the partial likelihood ignores a constant).
 * Reference: Katzman JL et al. (2018) BMC Med Res Methodol 18:24; Faraggi D,
 * Simon R (1995) Stat Med 14:73-82; Kingma DP, Ba J (2015) Adam, ICLR.
 */
import * as tf from '@tensorflow/tfjs';
import { UsageError } from '../../../util/errors.js';
import { seededRandom } from '../../../util/random.js';
import type { RandomSource } from '../../../util/random.js';
import type { DenseLayer } from '../artifact/types.js';
import type { DeepSurvSettings } from './deep-surv-control.js';

/** Result of {@link deepSurvFit}. */
export interface DeepSurvFitResult {
  /** Layers in artifact layout (`weights[o][i]`), last = 1 output, linear, bias 0. */
  layers: DenseLayer[];
  /** Epochs run. */
  iterations: number;
  /** Epoch (1-based) whose weights were kept. */
  bestEpoch: number;
  /** True when early stopping triggered (validation loss stopped improving), false when maxEpochs was reached. */
  converged: boolean;
  /** Training loss per epoch. */
  trainLoss: number[];
  /** Validation loss per epoch (empty without a split). */
  validationLoss: number[];
  warnings: string[];
}

/** Rows sorted by decreasing time with, for each, the last sorted index with the same time (Breslow risk sets). */
function riskSetLayout(time: Float64Array, rows: readonly number[]): { order: Int32Array; last: Int32Array } {
  const order = Int32Array.from(rows).sort((a, b) => time[b]! - time[a]!);
  const m = order.length;
  const last = new Int32Array(m);
  let k = m - 1;
  while (k >= 0) {
    let j = k;
    while (j > 0 && time[order[j - 1]!] === time[order[k]!]) j--;
    for (let q = j; q <= k; q++) last[q] = k;
    k = j - 1;
  }
  return { order, last };
}

interface Batch {
  x: tf.Tensor2D;
  status: tf.Tensor1D;
  last: tf.Tensor1D;
  events: number;
}

function makeBatch(x: readonly Float64Array[], time: Float64Array, status: Float64Array, rows: readonly number[]): Batch {
  const { order, last } = riskSetLayout(time, rows);
  const p = x.length;
  const m = order.length;
  const flat = new Float32Array(m * p);
  const st = new Float32Array(m);
  let events = 0;
  for (let r = 0; r < m; r++) {
    const i = order[r]!;
    for (let j = 0; j < p; j++) flat[r * p + j] = x[j]![i]!;
    st[r] = status[i]! > 0 ? 1 : 0;
    events += st[r]!;
  }
  return { x: tf.tensor2d(flat, [m, p]), status: tf.tensor1d(st), last: tf.tensor1d(last, 'int32'), events };
}

function glorot(rand: RandomSource, fanIn: number, fanOut: number): Float32Array {
  const limit = Math.sqrt(6 / (fanIn + fanOut));
  const w = new Float32Array(fanIn * fanOut);
  for (let k = 0; k < w.length; k++) w[k] = (2 * rand() - 1) * limit;
  return w;
}

/**
 * Trains the MLP.
 *
 * @param x standardized design, column-major (p arrays of length n); not modified.
 * @param time follow-up times.
 * @param status 1 = event, 0 = censored.
 * @param s settings from deepSurvSettings.
 * @returns layers, iterations, convergence and loss curves.
 * @throws UsageError when the tfjs backend is not 'cpu' or a split has no events.
 * @example deepSurvFit(z, time, status, deepSurvSettings({ maxEpochs: 50 })).layers
 */
export function deepSurvFit(x: readonly Float64Array[], time: Float64Array, status: Float64Array, s: DeepSurvSettings): DeepSurvFitResult {
  if (tf.getBackend() !== 'cpu') throw new UsageError(`deepSurv needs the tfjs 'cpu' backend (await tf.setBackend('cpu')), found '${tf.getBackend()}'`);
  const n = time.length;
  const p = x.length;
  const rand = seededRandom(s.seed);
  const idx = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [idx[i], idx[j]] = [idx[j]!, idx[i]!];
  }
  const nVal = Math.round(n * s.validationFraction);
  const valRows = idx.slice(0, nVal).sort((a, b) => a - b);
  const trainRows = idx.slice(nVal).sort((a, b) => a - b);
  const warnings: string[] = [];
  const sizes = [p, ...s.hidden, 1];
  const vars: { w: tf.Variable; b: tf.Variable | null }[] = [];
  for (let k = 0; k + 1 < sizes.length; k++) {
    const fin = sizes[k]!;
    const fout = sizes[k + 1]!;
    const out = k + 2 === sizes.length;
    vars.push({
      w: tf.variable(tf.tensor2d(glorot(rand, fin, fout), [fin, fout])),
      b: out ? null : tf.variable(tf.zeros([fout])),
    });
  }
  const act = (t: tf.Tensor): tf.Tensor => (s.activation === 'relu' ? tf.relu(t) : s.activation === 'tanh' ? tf.tanh(t) : tf.selu(t));
  const forward = (xb: tf.Tensor2D): tf.Tensor1D => {
    let h: tf.Tensor = xb;
    vars.forEach((v, k) => {
      h = tf.matMul(h as tf.Tensor2D, v.w as tf.Variable<tf.Rank.R2>);
      if (v.b) h = tf.add(h, v.b);
      if (k + 1 < vars.length) h = act(h);
    });
    return tf.reshape(h, [-1]) as tf.Tensor1D;
  };
  const nll = (b: Batch): tf.Scalar => {
    const f = forward(b.x);
    const mx = tf.max(f);
    const cs = tf.cumsum(tf.exp(tf.sub(f, mx)));
    const logRisk = tf.add(tf.log(tf.gather(cs, b.last)), mx);
    return tf.div(tf.neg(tf.sum(tf.mul(b.status, tf.sub(f, logRisk)))), Math.max(1, b.events)) as tf.Scalar;
  };
  const train = makeBatch(x, time, status, trainRows);
  const val = nVal > 0 ? makeBatch(x, time, status, valRows) : null;
  if (train.events === 0) throw new UsageError('deepSurv: no events in the training split');
  if (val && val.events === 0) warnings.push('deepSurv: no events in the validation split; early stopping on the training loss');
  const useVal = val !== null && val.events > 0;
  const snapshot = (): Float32Array[] =>
    vars.flatMap((v) => [Float32Array.from(v.w.dataSync()), ...(v.b ? [Float32Array.from(v.b.dataSync())] : [])]);
  const opt = tf.train.adam(s.learningRate);
  const trainLoss: number[] = [];
  const validationLoss: number[] = [];
  let best = Infinity;
  let bestEpoch = 0;
  let bestWeights: Float32Array[] = snapshot();
  let stale = 0;
  let epoch = 0;
  let converged = false;
  try {
    for (epoch = 1; epoch <= s.maxEpochs; epoch++) {
      const cost = opt.minimize(() => {
        const base = nll(train);
        if (s.l2 === 0) return base;
        const pen = vars.reduce<tf.Scalar>((a, v) => tf.add(a, tf.sum(tf.square(v.w))) as tf.Scalar, tf.scalar(0));
        return tf.add(base, tf.mul(pen, s.l2)) as tf.Scalar;
      }, true);
      trainLoss.push(cost!.dataSync()[0]!);
      cost!.dispose();
      const monitor = useVal ? tf.tidy(() => nll(val!).dataSync()[0]!) : trainLoss[trainLoss.length - 1]!;
      if (useVal) validationLoss.push(monitor);
      if (!Number.isFinite(monitor)) {
        warnings.push(`deepSurv: loss not finite at epoch ${epoch}; stopped (best weights kept)`);
        break;
      }
      if (monitor < best - s.tol) {
        best = monitor;
        bestEpoch = epoch;
        stale = 0;
        bestWeights = snapshot();
      } else if (++stale >= s.patience) {
        converged = true;
        break;
      }
    }
    if (!converged) warnings.push(`deepSurv: maxEpochs = ${s.maxEpochs} reached before early stopping`);
  } finally {
    for (const b of [train, val]) if (b) tf.dispose([b.x, b.status, b.last]);
    opt.dispose();
    tf.dispose(vars.flatMap((v) => (v.b ? [v.w, v.b] : [v.w])));
  }
  // Weights to artifact layout: kernel [in, out] -> weights[o][i].
  const layers: DenseLayer[] = [];
  let q = 0;
  for (let k = 0; k + 1 < sizes.length; k++) {
    const fin = sizes[k]!;
    const fout = sizes[k + 1]!;
    const kern = bestWeights[q++]!;
    const last = k + 2 === sizes.length;
    const bias = last ? new Float32Array(1) : bestWeights[q++]!;
    layers.push({
      weights: Array.from({ length: fout }, (_, o) => Array.from({ length: fin }, (_, i) => kern[i * fout + o]!)),
      bias: Array.from(bias),
      activation: last ? 'linear' : s.activation,
    });
  }
  return { layers, iterations: Math.min(epoch, s.maxEpochs), bestEpoch, converged, trainLoss, validationLoss, warnings };
}
