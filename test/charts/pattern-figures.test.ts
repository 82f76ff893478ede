/** Pattern figures: support bars (overall and by group) and the odds-ratio forest of discriminating patterns. */
import { describe, expect, it } from 'vitest';
import { discriminatingPatternsFigure, patternLabel, patternSupportFigure } from '../../charts/index.js';
import type { PlotlyBarTrace, PlotlyScatterTrace } from '../../charts/types.js';
import { discriminatingPatterns } from '../../models/patterns/discriminating-patterns.js';
import { mineFrequentSequences } from '../../models/patterns/mine-frequent-sequences.js';
import { buildSequenceDatabase } from '../../models/patterns/sequence-database.js';
import { UsageError } from '../../util/errors.js';
import { deepFreeze, expectJsonRoundTrip } from './helpers.js';

describe('patternSupportFigure', () => {
  const rows = deepFreeze([
    { pattern: [['dmt'], ['relapse']], share: 0.4, support: 20 },
    { pattern: [['dmt', 'mri']], share: 0.1, support: 5 },
  ]);

  it('one horizontal bar per pattern, in the given order, first on top, labelled in SPADE notation', () => {
    const spec = patternSupportFigure(rows);
    const b = spec.data[0] as PlotlyBarTrace;
    expect(spec.data).toHaveLength(1);
    expect(b.orientation).toBe('h');
    expect(b.y).toEqual(['<{dmt}, {relapse}>', '<{dmt, mri}>']);
    expect(b.x).toEqual([0.4, 0.1]);
    expect(spec.layout.yaxis?.autorange).toBe('reversed');
    expect(spec.layout.xaxis?.range).toEqual([0, 1]);
    expect((b.text as string[])[0]).toContain('(20 sequences)');
    expect(spec.meta?.kind).toBe('pattern-support');
    expectJsonRoundTrip(spec);
  });

  it('by group: one bar trace per group, grouped; top-n with a warning', () => {
    const spec = patternSupportFigure(
      rows.map((r, i) => ({ ...r, groupShares: i === 0 ? [0.6, 0.2] : [0.1, 0.1] })),
      { groups: ['relapse', 'none'], top: 1 },
    );
    expect(spec.data.map((t) => t.name)).toEqual(['relapse', 'none']);
    expect((spec.data[1] as PlotlyBarTrace).x).toEqual([0.2]);
    expect(spec.layout.barmode).toBe('group');
    expect(spec.meta?.warnings).toEqual(['1 of 2 patterns shown (top 1)']);
  });

  it('refuses no rows, a share outside [0, 1] and group shares that do not match', () => {
    expect(() => patternSupportFigure([])).toThrow(UsageError);
    expect(() => patternSupportFigure([{ pattern: [['a']], share: 1.2 }])).toThrow(/share/);
    expect(() => patternSupportFigure([{ pattern: [['a']], share: 0.2, groupShares: [0.1] }], { groups: ['x', 'y'] })).toThrow(/group shares/);
    expect(patternLabel([['a'], ['b', 'c']])).toBe('<{a}, {b, c}>');
  });
});

describe('discriminatingPatternsFigure', () => {
  // 10 patients per group; relapse in 8 of A and 2 of B; x in 3 of A and none of B (a zero cell: Haldane)
  const rows: { id: string; day: number; item: string }[] = [];
  for (let i = 1; i <= 10; i++) {
    rows.push({ id: `a${i}`, day: 0, item: 'dmt' }, { id: `b${i}`, day: 0, item: 'dmt' });
    if (i <= 8) rows.push({ id: `a${i}`, day: 100, item: 'relapse' });
    if (i <= 2) rows.push({ id: `b${i}`, day: 100, item: 'relapse' });
    if (i <= 3) rows.push({ id: `a${i}`, day: 200, item: 'x' });
  }
  const { database } = buildSequenceDatabase({ id: rows.map((r) => r.id), day: rows.map((r) => r.day), item: rows.map((r) => r.item) });
  const groups = { of: Int32Array.from(database.ids, (id) => (id.startsWith('a') ? 0 : 1)), count: 2 };
  const mined = mineFrequentSequences(database, { minSupport: { count: 3 }, maxLength: 1 }, { groups });
  const contrast = discriminatingPatterns(mined, groups);

  it('draws the odds ratios of the tested patterns, smallest p first, Haldane rows marked', () => {
    const spec = discriminatingPatternsFigure(contrast, mined.alphabet, ['A', 'B']);
    const est = spec.data.find((t) => t.meta?.role === 'estimates') as PlotlyScatterTrace;
    expect(est.x).toEqual([0.0625, expect.closeTo(3.75 / 36.75, 12)]);
    expect(spec.meta).toMatchObject({ kind: 'discriminating-patterns', group: 'B', reference: 'A' });
    expect(spec.layout.title?.text).toBe('Discriminating patterns: B vs A');
    const labels = JSON.stringify(spec.layout.yaxis);
    expect(labels).toContain('<{relapse}>');
    expect(labels).toContain('<{x}> (+0.5)');
    expectJsonRoundTrip(spec);
  });

  it('refuses the reference group, an unknown group and a result without tested patterns', () => {
    expect(() => discriminatingPatternsFigure(contrast, mined.alphabet, ['A', 'B'], { group: 'A' })).toThrow(/reference group/);
    expect(() => discriminatingPatternsFigure(contrast, mined.alphabet, ['A', 'B'], { group: 'C' })).toThrow(/unknown group/);
    expect(() => discriminatingPatternsFigure({ ...contrast, patterns: contrast.patterns.filter((d) => d.p === null) }, mined.alphabet, ['A', 'B'])).toThrow(/no tested pattern/);
  });
});
