import { describe, expect, it } from 'vitest';
import { dissimilarityFrom, toFull } from '../../../models/cluster/dissimilarity.js';
import { dtwDistance, dtwKernel, dtwKernelInt, integerScale, type DtwOptions } from '../../../models/cluster/dtw.js';
import { dtwMatrix, dtwMatrixSync } from '../../../models/cluster/dtw-matrix.js';
import { pam } from '../../../models/cluster/pam.js';
import type { Course } from '../../../models/cluster/trajectory.js';
import { UsageError } from '../../../util/errors.js';
import type { ProgressEvent } from '../../../util/progress.js';
import { seededRandom } from '../../../util/random.js';

/** Seeded EDSS-like courses: minLength to maxLength irregular visits, half-point steps, with drift. */
function courses(n: number, seed: number, minLength = 1, maxLength = 14, halfPoints = false): Course[] {
  const rand = seededRandom(seed);
  return Array.from({ length: n }, () => {
    const len = minLength + Math.floor(rand() * (maxLength - minLength + 1));
    const time: number[] = [];
    const value: number[] = [];
    let t = rand();
    let v = Math.floor(rand() * 8) / 2;
    for (let i = 0; i < len; i++) {
      time.push(t);
      value.push(halfPoints ? v : v + rand() * 0.1);
      t += 0.25 + rand();
      v = Math.max(0, v + (rand() < 0.3 ? 0.5 : rand() < 0.1 ? -0.5 : 0));
    }
    return { time, value };
  });
}

/** Reference: every pair by dtwDistance, larger index first (as dissimilarityFrom calls it), condensed order. */
function reference(cs: readonly Course[], opts: DtwOptions): Float64Array {
  const n = cs.length;
  const out: number[] = [];
  for (let i = 0; i < n - 1; i++) for (let j = i + 1; j < n; j++) out.push(dtwDistance(cs[j] as Course, cs[i] as Course, opts));
  return Float64Array.from(out);
}

const bits = (a: Float64Array | Float32Array): string => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('hex');

// Bands need courses of similar lengths (or a wide band), else some pair has no warping path.
const mixed = courses(41, 7);
const similar = courses(33, 8, 5, 8);
const equal = courses(30, 9, 7, 7);
const edss = courses(37, 10, 1, 16, true); // half points: the exact integer kernel
const variants: [string, DtwOptions, Course[]][] = [
  ['unconstrained', {}, mixed],
  ['EDSS half points, unconstrained (integer kernel)', {}, edss],
  ['EDSS half points, normalized (integer kernel)', { normalize: true }, edss],
  ['EDSS half points, squared cost (double kernel)', { cost: 'squared' }, edss],
  ['normalized', { normalize: true }, mixed],
  ['squared cost', { cost: 'squared' }, mixed],
  ['Sakoe-Chiba window 2, 5-8 visits', { window: 2 }, similar],
  ['window 0 (lock-step), normalized, equal lengths', { window: 0, normalize: true }, equal],
  ['window 1.5 and time window 4, equal lengths', { window: 1.5, timeWindow: 4 }, equal],
  ['time window 30 (wide)', { timeWindow: 30, normalize: true }, mixed],
];

describe('dtwKernel', () => {
  it('gives the same bits as dtwDistance (before its normalisation)', () => {
    const cs = courses(25, 4);
    const v = Float64Array.from(cs.flatMap((c) => Array.from(c.value)));
    const t = Float64Array.from(cs.flatMap((c) => Array.from(c.time)));
    const off: number[] = [0];
    for (const c of cs) off.push((off[off.length - 1] as number) + c.value.length);
    const row = new Float64Array(20);
    for (let a = 0; a < cs.length; a++) {
      for (let b = 0; b < cs.length; b++) {
        const n = cs[a]!.value.length;
        const m = cs[b]!.value.length;
        expect(Object.is(dtwKernel(v, t, off[a]!, n, off[b]!, m, row, Infinity, Infinity, false), dtwDistance(cs[a]!, cs[b]!))).toBe(true);
        expect(Object.is(dtwKernel(v, t, off[a]!, n, off[b]!, m, row, 1, 2, true), dtwDistance(cs[a]!, cs[b]!, { window: 1, timeWindow: 2, cost: 'squared' }))).toBe(true);
      }
    }
    expect(dtwKernel(Float64Array.of(0, 1, 2, 0, 2), Float64Array.of(0, 1, 2, 0, 2), 0, 3, 3, 2, new Float64Array(3), Infinity, Infinity, false)).toBe(1);
  });
});

describe('dtwKernelInt', () => {
  it('integerScale finds the power of 2 that makes values integers, or 0', () => {
    expect(integerScale(Float64Array.of(0, 1.5, 6.5), 20)).toBe(2);
    expect(integerScale(Float64Array.of(0, 1, 9), 20)).toBe(1);
    expect(integerScale(Float64Array.of(0.125, 3), 5)).toBe(8);
    expect(integerScale(Float64Array.of(0.1, 3), 5)).toBe(0);
    expect(integerScale(Float64Array.of(0, 2 ** 26), 10)).toBe(0); // path sums could overflow 2^30
    const all = Float64Array.from(edss.flatMap((c) => Array.from(c.value)));
    expect(integerScale(all, 16)).toBe(2);
  });
  it('divided by the scale, gives the same bits as dtwDistance on half-point courses', () => {
    const v = Float64Array.from(edss.flatMap((c) => Array.from(c.value)));
    const iv = Int32Array.from(v, (x) => x * 2);
    const off: number[] = [0];
    for (const c of edss) off.push((off[off.length - 1] as number) + c.value.length);
    const row = new Int32Array(20);
    let distinct = 0;
    for (let a = 0; a < edss.length; a++) {
      for (let b = 0; b < edss.length; b++) {
        const d = dtwKernelInt(iv, off[a]!, edss[a]!.value.length, off[b]!, edss[b]!.value.length, row) / 2;
        expect(Object.is(d, dtwDistance(edss[a]!, edss[b]!))).toBe(true);
        if (d > 0) distinct++;
      }
    }
    expect(distinct).toBeGreaterThan(edss.length * edss.length / 2);
  });
});

describe('dtwMatrix (worker threads) and dtwMatrixSync', () => {
  const cs = mixed;
  for (const [name, opts, set] of variants) {
    const threadCounts = name.startsWith('unconstrained') || name.includes('normalized (integer') ? [1, 2, 3] : [2];
    it(`${name}: bit-identical to dtwDistance pair by pair, for ${threadCounts.join(', ')} thread(s)`, async () => {
      const frozen = JSON.stringify(set);
      const ref = reference(set, opts);
      expect(ref.every((v) => Number.isFinite(v))).toBe(true);
      expect(new Set(ref).size).toBeGreaterThan(20);
      expect(bits(dtwMatrixSync(set, opts).data as Float64Array)).toBe(bits(ref));
      for (const threads of threadCounts) {
        const d = await dtwMatrix(set, { ...opts, threads });
        expect(d.layout).toBe('condensed');
        expect(d.n).toBe(set.length);
        expect(bits(d.data), `threads ${threads}`).toBe(bits(ref));
      }
      expect(JSON.stringify(set)).toBe(frozen);
    });
  }
  it('float32 storage holds each distance rounded to single precision', async () => {
    const ref = reference(cs, { normalize: true });
    const d = await dtwMatrix(cs, { normalize: true, precision: 'float32', threads: 2 });
    expect(d.data).toBeInstanceOf(Float32Array);
    expect(bits(d.data)).toBe(bits(Float32Array.from(ref)));
    expect(bits(dtwMatrixSync(cs, { normalize: true, precision: 'float32' }).data)).toBe(bits(Float32Array.from(ref)));
  });
  it('PAM on the condensed DTW matrix equals PAM on the full matrix from dissimilarityFrom', async () => {
    const opts = { normalize: true };
    const full = dissimilarityFrom(cs.length, (i, j) => dtwDistance(cs[i]!, cs[j]!, opts));
    const d = await dtwMatrix(cs, { ...opts, threads: 2 });
    expect(bits(toFull(d).data)).toBe(bits(full.data));
    const a = pam(full, 4);
    const b = pam(d, 4);
    expect(Array.from(b.medoids)).toEqual(Array.from(a.medoids));
    expect(b.objective.swap).toBe(a.objective.swap);
  });
  it('reports progress in pairs, ending at the total', async () => {
    const events: ProgressEvent[] = [];
    await dtwMatrix(cs, { threads: 2, onProgress: (e) => events.push({ ...e }) });
    const total = (cs.length * (cs.length - 1)) / 2;
    expect(events.at(-1)).toEqual({ step: 'dtw', done: total, total });
    const sync: ProgressEvent[] = [];
    dtwMatrixSync(cs.slice(0, 5), { onProgress: (e) => sync.push({ ...e }) });
    expect(sync.map((e) => e.done)).toEqual([4, 7, 9, 10]);
  });
  it('a single course gives an empty matrix', async () => {
    const d = await dtwMatrix(cs.slice(0, 1));
    expect(d.n).toBe(1);
    expect(d.data.length).toBe(0);
  });
  it('rejects invalid courses and options, and pairs without a warping path', async () => {
    const bad: Course[] = [{ time: [0, 1], value: [1, 2] }, { time: [1, 0], value: [1, 2] }];
    expect(() => dtwMatrixSync(bad)).toThrow(UsageError);
    await expect(dtwMatrix(bad)).rejects.toThrow(UsageError);
    await expect(dtwMatrix(cs, { threads: 0 })).rejects.toThrow(UsageError);
    expect(() => dtwMatrixSync(cs, { window: -1 })).toThrow(UsageError);
    expect(() => dtwMatrixSync(cs, { precision: 'float16' as 'float32' })).toThrow(UsageError);
    const apart: Course[] = [{ time: [0, 1], value: [1, 2] }, { time: [0, 1], value: [1, 2] }, { time: [10, 11], value: [1, 1] }];
    await expect(dtwMatrix(apart, { timeWindow: 1, threads: 2 })).rejects.toThrow(/courses 2 and 0/);
    expect(() => dtwMatrixSync(apart, { timeWindow: 1 })).toThrow(UsageError);
  });
});
