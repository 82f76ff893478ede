/** silhouetteFigure: bars grouped by cluster and sorted within, averages, quantile aggregation of large clusters. */
import { describe, expect, it } from 'vitest';
import { silhouetteFigure } from '../../charts/silhouette-figure.js';
import type { FigureSpec, PlotlyBarTrace } from '../../charts/types.js';
import { euclideanDissimilarity } from '../../models/cluster/dissimilarity.js';
import { silhouette } from '../../models/cluster/silhouette.js';
import { UsageError } from '../../util/errors.js';
import { deepFreeze, expectJsonRoundTrip } from './helpers.js';

const clusterBars = (spec: FigureSpec): PlotlyBarTrace[] =>
  spec.data.filter((t): t is PlotlyBarTrace => t.type === 'bar' && t.meta?.role === 'cluster');

describe('silhouetteFigure', () => {
  const input = deepFreeze({
    widths: [0.5, 0.7, -0.1, 0.2, 0.6, 0.4],
    labels: [1, 0, 0, 1, 0, 1],
    neighbor: [0, 1, 1, 0, 1, 0],
    ids: ['a', 'b', 'c', 'd', 'e', 'f'],
  });

  it('one bar per object, clusters in label order, widths decreasing within cluster, averages beside and in the axis title', () => {
    const spec = silhouetteFigure(input);
    const bars = clusterBars(spec);
    expect(bars.map((b) => b.name)).toEqual(['Cluster 0', 'Cluster 1']);
    expect(bars[0]!.x).toEqual([0.7, 0.6, -0.1]);
    expect(bars[1]!.x).toEqual([0.5, 0.4, 0.2]);
    expect(bars[0]!.y).toEqual([0, 1, 2]);
    // gap of one row between clusters
    expect(bars[1]!.y).toEqual([4, 5, 6]);
    expect(bars[0]!.orientation).toBe('h');
    expect((bars[0]!.text as string[])[0]).toBe('b<br>Cluster 0, neighbour Cluster 1<br>s = 0.7');
    expect(spec.meta?.average).toBeCloseTo(2.3 / 6, 12);
    const summary = spec.meta?.clusters as { cluster: string; size: number; average: number }[];
    expect(summary[0]!.average).toBeCloseTo(0.4, 12);
    expect(summary[1]!.average).toBeCloseTo(1.1 / 3, 12);
    expect(spec.layout.annotations!.map((a) => a.text)).toEqual(['n = 3 | 0.40', 'n = 3 | 0.37']);
    expect(spec.layout.xaxis?.title?.text).toBe('Silhouette width s(i); average 0.38');
    expect(spec.layout.yaxis?.ticktext).toEqual(['Cluster 0', 'Cluster 1']);
    expect(spec.layout.yaxis?.tickvals).toEqual([1, 5]);
    expect(spec.layout.shapes!.map((s) => s.x0)).toEqual([0, spec.meta?.average]);
    expect(spec.meta?.warnings).toEqual([]);
    expectJsonRoundTrip(spec);
  });

  it('disclosure display of sizes, string labels, custom names', () => {
    const spec = silhouetteFigure({ widths: [0.1, 0.2, 0.3, 0.4], labels: ['b', 'a', 'a', 'a'] }, { disclosure: { threshold: 2 }, clusterLabels: { a: 'Mild' }, averageLine: false });
    expect(clusterBars(spec).map((b) => b.name)).toEqual(['Mild', 'Cluster b']);
    expect(spec.layout.annotations!.map((a) => a.text)).toEqual(['n = 3 | 0.30', 'n = <2 | 0.10']);
    expect((spec.meta?.clusters as { display: string }[])[1]!.display).toBe('<2');
    expect(spec.layout.shapes).toHaveLength(1);
  });

  it('aggregates a large cluster into quantile bars covering its extent', () => {
    const n = 10000;
    const widths = Array.from({ length: n }, (_, i) => (i < 9000 ? i / 9000 : -(i - 9000) / 2000));
    const labels = Array.from({ length: n }, (_, i) => (i < 9000 ? 0 : 1));
    const spec = silhouetteFigure({ widths, labels }, { maxBarsPerCluster: 50 });
    const bars = clusterBars(spec);
    expect(bars[0]!.x).toHaveLength(50);
    expect(bars[1]!.x).toHaveLength(50);
    expect(JSON.stringify(spec).length).toBeLessThan(60000);
    const w = bars[0]!.width as number[];
    expect(w[0]).toBeCloseTo(180, 12);
    // first bar: the quantile at the middle of the top 180 objects of a uniform [0, 1) cluster, sorted decreasingly
    expect(bars[0]!.x[0] as number).toBeCloseTo((8999 - 89.5) / 9000, 9);
    const xs = bars[0]!.x as number[];
    for (let i = 1; i < xs.length; i++) expect(xs[i]!).toBeLessThanOrEqual(xs[i - 1]!);
    expect(bars[0]!.y[0]).toBeCloseTo(89.5, 9);
    expect(spec.meta?.warnings).toEqual(['Cluster 0: 9000 objects drawn as 50 quantile bars', 'Cluster 1: 1000 objects drawn as 50 quantile bars']);
    expect((bars[0]!.text as string[])[0]).toContain('objects ranked 1–180 of 9000');
    expect(spec.meta?.average).toBeCloseTo(widths.reduce((a, v) => a + v, 0) / n, 12);
  });

  it('rejects bad input naming the field', () => {
    expect(() => silhouetteFigure({ widths: [], labels: [] })).toThrow(UsageError);
    expect(() => silhouetteFigure({ widths: [0.1, 0.2], labels: [0] })).toThrow(/'labels' has 1 values for 2/);
    expect(() => silhouetteFigure({ widths: [0.1, 1.2], labels: [0, 1] })).toThrow(/'widths\[1\]'/);
    expect(() => silhouetteFigure({ widths: [0.1, NaN], labels: [0, 1] })).toThrow(/'widths\[1\]'/);
    expect(() => silhouetteFigure({ widths: [0.1, 0.2], labels: [0, 1], ids: ['a'] })).toThrow(/'ids'/);
    expect(() => silhouetteFigure({ widths: [0.1, 0.2], labels: [0, 1] }, { maxBarsPerCluster: 0 })).toThrow(/maxBarsPerCluster/);
    expect(() => silhouetteFigure({ widths: [0.1, 0.2], labels: [0, 1] }, { disclosure: { threshold: 0 } })).toThrow(/disclosure/);
  });

  it('draws models/cluster silhouette() output (typed arrays) without modifying it', () => {
    const pts = [[0, 0], [0, 1], [1, 0], [10, 10], [10, 11], [11, 10], [5, 5]];
    const labels = Int32Array.from([0, 0, 0, 1, 1, 1, 0]);
    const sil = silhouette(euclideanDissimilarity(pts), labels);
    const before = JSON.stringify([Array.from(sil.widths), Array.from(labels)]);
    const spec = silhouetteFigure({ widths: sil.widths, labels, neighbor: sil.neighbor });
    expect(JSON.stringify([Array.from(sil.widths), Array.from(labels)])).toBe(before);
    expect(spec.meta?.average).toBeCloseTo(sil.average, 12);
    const summary = spec.meta?.clusters as { average: number }[];
    expect(summary[0]!.average).toBeCloseTo(sil.clusterAverage[0]!, 12);
    expect(summary[1]!.average).toBeCloseTo(sil.clusterAverage[1]!, 12);
  });
});
