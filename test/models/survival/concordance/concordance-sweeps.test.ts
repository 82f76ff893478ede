/**
 * The two sweeps behind `concordance()` — over the predictor with time-indexed
 * Fenwick trees (right-censored data, few distinct times) and over time with
 * rank-indexed trees (counting process, many distinct times) — must give the
 * same pair counts (checked against O(n²) counting by the definition) and the
 * same infinitesimal-jackknife variance, with ties in time and predictor,
 * weights, strata and clusters. R agreement of both is in concordance.test.ts
 * (goldens: right-censored cases take the predictor sweep, counting-process
 * cases the time sweep).
 */
import { describe, expect, it } from 'vitest';
import { concordance, rankSweepApplies } from '../../../../models/survival/concordance/concordance.js';
import { concordanceTimeSweep } from '../../../../models/survival/concordance/concordance-time-sweep.js';
import { seededRandom } from '../../../../util/random.js';

/** O(n²) weighted pair counts by the definition (reverse = false). */
function brute(time: Float64Array, status: Float64Array, x: Float64Array, w: Float64Array, strata: Int32Array) {
  const c = [0, 0, 0, 0, 0];
  const n = time.length;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      if (i === j || strata[i] !== strata[j] || status[i] !== 1) continue;
      const ww = w[i]! * w[j]!;
      const comparable = time[i]! < time[j]! || (time[i] === time[j] && status[j] !== 1);
      if (comparable) {
        if (x[j]! > x[i]!) c[0]! += ww;
        else if (x[j]! < x[i]!) c[1]! += ww;
        else c[2]! += ww;
      } else if (time[i] === time[j] && j > i) {
        if (x[i] === x[j]) c[4]! += ww;
        else c[3]! += ww;
      }
    }
  return c;
}

function data(seed: number, n: number, opts: { nTimes: number; nX: number; nStrata: number; nCluster: number; continuousX?: boolean }) {
  const rand = seededRandom(seed);
  const time = Float64Array.from({ length: n }, () => 1 + Math.floor(rand() * opts.nTimes));
  const status = Float64Array.from({ length: n }, () => (rand() < 0.6 ? 1 : 0));
  const x = Float64Array.from({ length: n }, () => (opts.continuousX ? rand() * 4 - 2 : Math.floor(rand() * opts.nX) - 1));
  const w = Float64Array.from({ length: n }, () => 0.25 + Math.floor(rand() * 4) * 0.5);
  const strata = Int32Array.from({ length: n }, () => 10 + Math.floor(rand() * opts.nStrata));
  const cluster = Int32Array.from({ length: n }, () => Math.floor(rand() * opts.nCluster) * 7);
  return { time, status, x, w, strata, cluster };
}

const cases = [
  { name: 'ties in time and predictor, 3 strata', seed: 1, n: 150, nTimes: 12, nX: 5, nStrata: 3, nCluster: 40 },
  { name: 'binary predictor (two large tie groups)', seed: 2, n: 200, nTimes: 20, nX: 2, nStrata: 1, nCluster: 30 },
  { name: 'continuous predictor, many times, 2 strata', seed: 3, n: 180, nTimes: 90, nX: 0, nStrata: 2, nCluster: 25, continuousX: true },
  { name: 'all rows one time', seed: 4, n: 60, nTimes: 1, nX: 3, nStrata: 2, nCluster: 10 },
];

describe('concordance sweeps', () => {
  for (const c of cases) {
    it(`${c.name}: both sweeps match brute-force counts and each other's variance`, () => {
      const d = data(c.seed, c.n, c);
      const b = brute(d.time, d.status, d.x, d.w, d.strata);
      expect(rankSweepApplies(d.time, null, d.strata)).toBe(true);
      const viaRank = concordance(d.time, d.status, d.x, { weights: d.w, strata: d.strata, cluster: d.cluster });
      const viaTime = concordanceTimeSweep({
        time: d.time,
        status: d.status,
        predictor: d.x,
        strata: d.strata,
        weights: d.w,
        cluster: d.cluster,
        start: null,
      });
      const k = viaRank.count;
      const got = [k.concordant, k.discordant, k.tiedX, k.tiedY, k.tiedXY];
      for (let i = 0; i < 5; i++) {
        expect(got[i]).toBeCloseTo(b[i]!, 9);
        expect(viaTime.counts[i]).toBeCloseTo(b[i]!, 9);
      }
      expect(Math.abs(viaRank.variance - viaTime.varSomer / 4)).toBeLessThanOrEqual(1e-12 * viaRank.variance);
      // Without clusters too (row-level influence).
      const r2 = concordance(d.time, d.status, d.x, { weights: d.w, strata: d.strata });
      const t2 = concordanceTimeSweep({ ...d, predictor: d.x, weights: d.w, cluster: null, start: null });
      expect(Math.abs(r2.variance - t2.varSomer / 4)).toBeLessThanOrEqual(1e-12 * r2.variance);
      expect(r2.variance).not.toBe(viaRank.variance);
    });
  }

  it('-0 and 0 are one predictor value; infinite predictors are ordered', () => {
    const time = Float64Array.of(1, 2, 3, 4, 5, 6);
    const status = Float64Array.of(1, 1, 0, 1, 1, 0);
    const x = Float64Array.of(-0, 0, -Infinity, Infinity, 0, 2);
    const ones = new Float64Array(6).fill(1);
    const zeros = new Int32Array(6);
    const r = concordance(time, status, x);
    const b = brute(time, status, x, ones, zeros);
    expect([r.count.concordant, r.count.discordant, r.count.tiedX]).toEqual(b.slice(0, 3));
    expect(r.count.tiedX).toBeGreaterThan(0);
  });

  it('takes the time sweep for counting-process data, non-integer or many distinct times', () => {
    const n = 1000;
    const t = Float64Array.from({ length: n }, (_, i) => 1 + (i % 30));
    expect(rankSweepApplies(t, null, null)).toBe(true);
    expect(rankSweepApplies(t, new Float64Array(n), null)).toBe(false);
    expect(rankSweepApplies(Float64Array.from(t, (v) => v + 0.5), null, null)).toBe(false);
    // 2 · distinct times · strata above n/2 + 65536.
    const many = Float64Array.from({ length: 200_000 }, (_, i) => i);
    expect(rankSweepApplies(many, null, null)).toBe(false);
  });

  it('does not modify its inputs', () => {
    const d = data(7, 120, { nTimes: 10, nX: 4, nStrata: 2, nCluster: 12 });
    const copies = [d.time, d.status, d.x, d.w].map((a) => Array.from(a));
    const s = Array.from(d.strata);
    concordance(d.time, d.status, d.x, { weights: d.w, strata: d.strata, cluster: d.cluster, reverse: true });
    [d.time, d.status, d.x, d.w].forEach((a, i) => expect(Array.from(a)).toEqual(copies[i]));
    expect(Array.from(d.strata)).toEqual(s);
  });
});
