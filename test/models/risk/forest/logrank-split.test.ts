import { describe, expect, it } from 'vitest';
import { readCsvColumns } from '../../../helpers/read-csv.js';
import { logRankCore } from '../../../../models/survival/kaplan-meier/log-rank-fit.js';
import { bestLogRankSplit, nodeEvents, splitWorkspace } from '../../../../models/risk/forest/logrank-split.js';
import type { TreeData } from '../../../../models/risk/forest/logrank-split.js';

function denseRank(v: Float64Array): Int32Array {
  const u = Array.from(new Set(v)).sort((a, b) => a - b);
  return Int32Array.from(v, (x) => u.indexOf(x));
}

// veteran (survival 3.5-3): R's survdiff chisq of every split is the reference,
// through logRankCore (itself checked against survdiff in the survival tests).
const vet = readCsvColumns('datasets/veteran.csv');
const covs = ['karno', 'diagtime', 'age', 'prior'];

function setup(rows: number[]) {
  const time = vet['time'] as Float64Array;
  const st = vet['status'] as Float64Array;
  const x = covs.map((c) => vet[c] as Float64Array);
  const evTimes = Array.from(new Set(Array.from(time).filter((_, i) => st[i] === 1))).sort((a, b) => a - b);
  const data: TreeData = {
    x,
    status: Uint8Array.from(st),
    timeRank: denseRank(time),
    xRank: x.map(denseRank),
    eventIndex: Int32Array.from(time, (t) => evTimes.filter((e) => e < t).length),
  };
  return { time, st, x, data, samples: Int32Array.from(rows) };
}

function bruteForce(time: Float64Array, st: Float64Array, x: Float64Array[], rows: number[], minNode: number) {
  let best = { var: -1, value: 0, stat: 0 };
  x.forEach((col, j) => {
    const vals = Array.from(new Set(rows.map((i) => col[i]!))).sort((a, b) => a - b);
    for (let k = 0; k + 1 < vals.length; k++) {
      const cut = (vals[k]! + vals[k + 1]!) / 2;
      const nl = rows.filter((i) => col[i]! <= cut).length;
      if (nl < minNode || rows.length - nl < minNode) continue;
      const r = logRankCore({
        time: Float64Array.from(rows, (i) => time[i]!),
        status: Float64Array.from(rows, (i) => st[i]!),
        group: Int32Array.from(rows, (i) => (col[i]! <= cut ? 0 : 1)),
        nGroups: 2,
      });
      if (r.chisq > best.stat + 1e-9) best = { var: j, value: cut, stat: r.chisq };
    }
  });
  return best;
}

describe('bestLogRankSplit', () => {
  for (const [label, rows, minNode] of [
    ['all 137 rows, minNodeSize 1', Array.from({ length: 137 }, (_, i) => i), 1],
    ['a subset with repeated rows (bootstrap-like), minNodeSize 5', [0, 0, 3, 5, 5, 5, 8, 9, 12, 17, 20, 21, 30, 31, 33, 40, 41, 41, 50, 52, 60, 61, 70, 77, 80, 90, 99, 100, 110, 120, 130, 136], 5],
  ] as const) {
    it(`finds the split with the largest survdiff chi-square (${label})`, () => {
      const { time, st, x, data, samples } = setup([...rows]);
      const ws = splitWorkspace(137, 4, 0);
      const K = nodeEvents(ws, data, samples, 0, samples.length);
      expect(K).toBeGreaterThan(0);
      const got = bestLogRankSplit(ws, data, samples, 0, samples.length, K, 4, minNode, 0, () => 0);
      const want = bruteForce(time, st, x, [...rows], minNode);
      expect(want.var).toBeGreaterThanOrEqual(0);
      expect(got.var).toBe(want.var);
      expect(got.value).toBe(want.value);
      expect(Math.abs(got.stat - want.stat) / want.stat).toBeLessThan(1e-10);
    });
  }

  it('nodeEvents gives the Nelson-Aalen estimate of the node', () => {
    const { time, st, data, samples } = setup(Array.from({ length: 137 }, (_, i) => i));
    const ws = splitWorkspace(137, 4, 0);
    const K = nodeEvents(ws, data, samples, 0, 137);
    const ev = Array.from(new Set(Array.from(time).filter((_, i) => st[i] === 1))).sort((a, b) => a - b);
    expect(K).toBe(ev.length);
    let h = 0;
    ev.forEach((e, k) => {
      const y = Array.from(time).filter((t) => t >= e).length;
      const d = Array.from(time).filter((t, i) => t === e && st[i] === 1).length;
      h += d / y;
      expect(ws.nodeEventChf[k]).toBeCloseTo(h, 13);
      expect(ws.nodeEventGlobal[k]).toBe(k);
    });
  });
});
