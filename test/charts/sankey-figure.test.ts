/** Therapy pathway Sankey: node/link consistency and display-side disclosure. */
import { describe, expect, it } from 'vitest';
import { sankeyFigure } from '../../charts/sankey-figure.js';
import type { PlotlySankeyTrace } from '../../charts/types.js';
import { UsageError } from '../../util/errors.js';
import { deepFreeze, expectJsonRoundTrip } from './helpers.js';

const transitions = deepFreeze([
  { from: '1L: tamoxifen', to: '2L: letrozole', count: 40 },
  { from: '1L: tamoxifen', to: '2L: exemestane', count: 3 },
  { from: '1L: tamoxifen', to: '2L: fulvestrant', count: 2 },
  { from: '1L: letrozole', to: '2L: tamoxifen', count: 12 },
  { from: '1L: letrozole', to: '2L: exemestane', count: 7 },
  { from: '1L: tamoxifen', to: '2L: letrozole', count: 5 },
]);

const sankey = (spec: { data: unknown[] }): PlotlySankeyTrace => spec.data[0] as PlotlySankeyTrace;

describe('sankeyFigure', () => {
  it('nodes are the distinct labels; links index them; repeated pairs are summed; flows conserved', () => {
    const spec = sankeyFigure(transitions);
    const t = sankey(spec);
    expect(t.type).toBe('sankey');
    const labels = t.node.label;
    expect(new Set(labels).size).toBe(labels.length);
    expect(labels).toEqual(['1L: tamoxifen', '2L: letrozole', '2L: exemestane', '2L: fulvestrant', '1L: letrozole', '2L: tamoxifen']);
    expect(t.link.source).toHaveLength(5);
    for (const arr of [t.link.target, t.link.value, t.link.customdata!, t.link.color!]) expect(arr).toHaveLength(5);
    for (const i of [...t.link.source, ...t.link.target]) expect(i).toBeLessThan(labels.length);
    const pairs = t.link.source.map((s, k) => `${labels[s]}>${labels[t.link.target[k]!]}=${t.link.value[k]}`);
    expect(pairs).toContain('1L: tamoxifen>2L: letrozole=45');
    const total = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);
    expect(total(t.link.value)).toBe(total(transitions.map((x) => x.count)));
    expect(t.node.color).toHaveLength(labels.length);
    expectJsonRoundTrip(spec);
  });

  it('disclosure merges small links per source into Other and shows <threshold', () => {
    const spec = sankeyFigure(transitions, { disclosure: { threshold: 10 } });
    const t = sankey(spec);
    const labels = t.node.label;
    expect(labels).toContain('Other');
    expect(labels).not.toContain('2L: fulvestrant');
    const pairs = t.link.source.map((s, k) => [labels[s], labels[t.link.target[k]!], t.link.value[k], t.link.customdata![k]]);
    expect(pairs).toEqual([
      ['1L: tamoxifen', '2L: letrozole', 45, '45'],
      ['1L: letrozole', '2L: tamoxifen', 12, '12'],
      ['1L: tamoxifen', 'Other', 5, '<10'],
      ['1L: letrozole', 'Other', 7, '<10'],
    ]);
    expect(t.node.hovertemplate).not.toContain('%{value}');
    expect(t.link.hovertemplate).toContain('%{customdata}');
    expect(spec.meta?.warnings).toEqual(["3 link(s) below 10 merged into 'Other'"]);
    // Total flow out of each source is unchanged.
    const outOf = (name: string): number => t.link.value.filter((_, k) => labels[t.link.source[k]!] === name).reduce((a, b) => a + b, 0);
    expect(outOf('1L: tamoxifen')).toBe(50);
  });

  it('validates', () => {
    expect(() => sankeyFigure([])).toThrow(UsageError);
    expect(() => sankeyFigure([{ from: 'a', to: 'b', count: -1 }])).toThrow(UsageError);
    expect(() => sankeyFigure([{ from: 'a', to: 'a', count: 1 }])).toThrow(UsageError);
  });
});
