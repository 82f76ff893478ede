/** bicFigure: one line per covariance model, NaN cells as gaps, the best cell marked; a real mclustBIC table. */
import { describe, expect, it } from 'vitest';
import { bicFigure } from '../../charts/bic-figure.js';
import { mclustBIC } from '../../models/cluster/gaussian-mixture.js';
import { seededRandom } from '../../util/random.js';
import { UsageError } from '../../util/errors.js';
import { byRole, deepFreeze, expectJsonRoundTrip } from './helpers.js';

describe('bicFigure', () => {
  const cells = deepFreeze([
    { G: 1, model: 'VVV', bic: -520, icl: -520 },
    { G: 2, model: 'VVV', bic: -480, icl: -495 },
    { G: 3, model: 'VVV', bic: NaN, icl: NaN },
    { G: 1, model: 'VII', bic: -540, icl: -540 },
    { G: 3, model: 'VII', bic: -470, icl: -500 },
    { G: 2, model: 'VII', bic: -500, icl: -510 },
  ]);

  it('lines per model over sorted G, NaN as a gap, best (largest BIC) marked', () => {
    const spec = bicFigure(cells);
    const lines = byRole(spec, 'model');
    expect(lines.map((l) => l.name)).toEqual(['VVV', 'VII']);
    expect(lines[0]!.x).toEqual([1, 2, 3]);
    expect(lines[0]!.y).toEqual([-520, -480, null]);
    expect(lines[0]!.connectgaps).toBe(false);
    expect(lines[1]!.y).toEqual([-540, -500, -470]);
    expect(lines[0]!.marker!.symbol).not.toBe(lines[1]!.marker!.symbol);
    expect((lines[0]!.text as string[])[2]).toContain('NA (fit failed)');
    const [best] = byRole(spec, 'best');
    expect(best!.x).toEqual([3]);
    expect(best!.y).toEqual([-470]);
    expect(best!.name).toBe('best: VII, G = 3');
    expect(best!.marker).toMatchObject({ symbol: 'circle-open', color: '#000000' });
    expect(spec.meta?.best).toEqual({ G: 3, model: 'VII', value: -470 });
    expect(spec.meta?.gaps).toBe(1);
    expect(spec.meta?.warnings).toEqual(['1 (G, model) cell(s) could not be fitted: shown as gaps']);
    expect(spec.layout.xaxis?.tickvals).toEqual([1, 2, 3]);
    expect(spec.layout.yaxis?.title?.text).toBe('BIC');
    expectJsonRoundTrip(spec);
  });

  it('ICL criterion and model order', () => {
    const spec = bicFigure(cells, { criterion: 'icl', models: ['VII', 'VVV'] });
    expect(byRole(spec, 'model').map((l) => l.name)).toEqual(['VII', 'VVV']);
    expect(spec.meta?.best).toEqual({ G: 2, model: 'VVV', value: -495 });
    expect(spec.layout.yaxis?.title?.text).toBe('ICL');
    expect(spec.layout.title?.text).toBe('ICL by number of components');
  });

  it('rejects bad input', () => {
    expect(() => bicFigure([])).toThrow(UsageError);
    expect(() => bicFigure([{ G: 1, model: 'VVV', bic: 1 }, { G: 1, model: 'VVV', bic: 2 }])).toThrow(/duplicate \(G = 1, model = VVV\)/);
    expect(() => bicFigure([{ G: 0, model: 'VVV', bic: 1 }])).toThrow(/G must be an integer/);
    expect(() => bicFigure([{ G: 1, model: 'VVV', bic: NaN }])).toThrow(/no cell has a finite BIC/);
    expect(() => bicFigure([{ G: 1, model: 'VVV', bic: 1 }], { criterion: 'icl' })).toThrow(/needs 'icl'/);
    expect(() => bicFigure(cells, { models: ['VVV'] })).toThrow(/lacks 'VII'/);
  });

  it('draws an mclustBIC table; the marked best is the fit mclustBIC chose', () => {
    const rand = seededRandom(11);
    const rows: number[][] = [];
    for (let i = 0; i < 60; i++) {
      const c = i < 30 ? 0 : 5;
      rows.push([c + rand() - 0.5 + rand() - 0.5, c + rand() - 0.5 + rand() - 0.5]);
    }
    const res = mclustBIC(rows, { G: [1, 2, 3], seed: 1, nStart: 2 });
    const spec = bicFigure(res.table);
    expect(spec.meta?.best).toMatchObject({ G: res.best.G, model: res.best.model });
    expect(byRole(spec, 'model')).toHaveLength(3);
  });
});
