/** clusterProfileFigure: standardized grouped dots/bars per variable, sizes in the legend, suppressed cells as noted gaps. */
import { describe, expect, it } from 'vitest';
import { clusterProfileFigure } from '../../charts/cluster-profile-figure.js';
import type { FigureSpec, PlotlyBarTrace, PlotlyScatterTrace } from '../../charts/types.js';
import { UsageError } from '../../util/errors.js';
import { deepFreeze, expectJsonRoundTrip } from './helpers.js';

const clusters = (spec: FigureSpec): (PlotlyScatterTrace | PlotlyBarTrace)[] =>
  spec.data.filter((t): t is PlotlyScatterTrace | PlotlyBarTrace => t.meta?.role === 'cluster');

describe('clusterProfileFigure', () => {
  const input = deepFreeze({
    clusters: [
      { cluster: 1, size: 40 },
      { cluster: 2, size: 3 },
      { cluster: 3, size: null },
    ],
    variables: [
      { name: 'age', centre: [50, 60, null], lower: [45, 55, null], upper: [56, 66, null], mean: 55, sd: 10 },
      { name: 'EDSS', centre: [2, 4.5, 3], n: [40, 3, 12], mean: 3, sd: 2 },
    ],
    statistic: 'median' as const,
  });

  it('standardized dots side by side per variable, spread as whiskers, gaps for null cells, sizes in the legend', () => {
    const spec = clusterProfileFigure(input);
    const t = clusters(spec);
    expect(t.map((x) => x.name)).toEqual(['Cluster 1 (n = 40)', 'Cluster 2 (n = 3)', 'Cluster 3 (n = suppressed)']);
    expect(t[0]!.type).toBe('scatter');
    expect(t[0]!.x).toEqual([-0.5, -0.5]);
    expect(t[1]!.x).toEqual([0.5, 0.75]);
    expect(t[2]!.x).toEqual([null, 0]);
    // variable rows 0 and 1, the three clusters offset within each row
    expect(t[0]!.y[0]).toBeLessThan(t[1]!.y[0] as number);
    expect(t[1]!.y[0]).toBeCloseTo(0, 12);
    expect(t[2]!.y[1]).toBeGreaterThan(1);
    const ex = (t[0] as PlotlyScatterTrace).error_x!;
    expect(ex.arrayminus![0]).toBeCloseTo(0.5, 12);
    expect(ex.array[0]).toBeCloseTo(0.6, 12);
    expect(ex.array[1]).toBeNull();
    expect((t[1]!.text as string[])[1]).toBe('EDSS<br>Cluster 2: median = 4.5<br>standardized = 0.75<br>n = 3');
    expect(spec.meta?.suppressed).toEqual([{ variable: 'age', cluster: '3', reason: 'suppressed' }]);
    expect(spec.meta?.warnings).toEqual(['1 cell(s) not shown: age (Cluster 3)']);
    expect(spec.layout.annotations![0]!.text).toBe('Gaps: 1 cell(s) not shown');
    expect(spec.layout.yaxis?.ticktext).toEqual(['age', 'EDSS']);
    expect(spec.layout.xaxis?.title?.text).toBe('Standardized value (SD from the overall mean)');
    expect(spec.layout.shapes![0]!.x0).toBe(0);
    expectJsonRoundTrip(spec);
  });

  it('disclosure: sizes below the threshold shown as <threshold, their cells not drawn and counted', () => {
    const spec = clusterProfileFigure(input, { disclosure: { threshold: 5 } });
    const t = clusters(spec);
    expect(t[1]!.name).toBe('Cluster 2 (n = <5)');
    expect(t[1]!.x).toEqual([null, null]);
    expect(spec.meta?.sizes).toEqual(['40', '<5', 'suppressed']);
    expect(spec.meta?.suppressed).toEqual([
      { variable: 'age', cluster: '2', reason: 'below threshold' },
      { variable: 'EDSS', cluster: '2', reason: 'below threshold' },
      { variable: 'age', cluster: '3', reason: 'suppressed' },
    ]);
    expect(spec.layout.annotations![0]!.text).toBe('Gaps: 3 cell(s) not shown;<br>2 with fewer than 5 patients');
    expect(JSON.stringify(spec)).not.toContain('4.5');
  });

  it('raw scale and bars', () => {
    const spec = clusterProfileFigure({ clusters: input.clusters, variables: [{ name: 'age', centre: [50, 60, 70] }] }, { scale: 'raw', style: 'bar', spread: false });
    const t = clusters(spec);
    expect(t[0]!.type).toBe('bar');
    expect(t.map((x) => x.x[0])).toEqual([50, 60, 70]);
    expect((t[0] as PlotlyBarTrace).width).toBeCloseTo(0.7 / 3 * 0.9, 12);
    expect(spec.layout.xaxis?.title?.text).toBe('Value');
    expect(spec.meta?.suppressed).toEqual([]);
  });

  it('rejects bad input naming the field', () => {
    expect(() => clusterProfileFigure({ clusters: [], variables: input.variables })).toThrow(UsageError);
    expect(() => clusterProfileFigure({ clusters: input.clusters, variables: [] })).toThrow(UsageError);
    expect(() => clusterProfileFigure({ clusters: input.clusters, variables: [{ name: 'x', centre: [1, 2] }] }, { scale: 'raw' })).toThrow(/'variables\[0\].centre' has 2 values for 3/);
    expect(() => clusterProfileFigure({ clusters: input.clusters, variables: [{ name: 'x', centre: [1, 2, 3], mean: 1 }] })).toThrow(/'variables\[0\].sd'/);
    expect(() => clusterProfileFigure({ clusters: input.clusters, variables: [{ name: 'x', centre: [1, 2, 3], sd: 1 }] })).toThrow(/'variables\[0\].mean'/);
    expect(() => clusterProfileFigure({ clusters: input.clusters, variables: [{ name: 'x', centre: [1, 2, 3], lower: [0, 1, 2] }] }, { scale: 'raw' })).toThrow(/both lower and upper/);
    expect(() => clusterProfileFigure({ clusters: [{ cluster: 1, size: -1 }], variables: [{ name: 'x', centre: [1] }] }, { scale: 'raw' })).toThrow(/'clusters\[0\].size'/);
    expect(() => clusterProfileFigure(input, { style: 'pie' as 'dot' })).toThrow(UsageError);
  });
});
