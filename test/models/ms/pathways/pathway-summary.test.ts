import { describe, expect, it } from 'vitest';
import { dmtEpisodes, type TreatmentRecord } from '../../../../models/ms/pathways/dmt-episodes.js';
import { pathwaySummary } from '../../../../models/ms/pathways/pathway-summary.js';
import { quantileSortedType7 as quantileType7 } from '../../../../models/stats/quantile.js';
import { treatmentStrategies } from '../../../../models/ms/pathways/treatment-strategy.js';
import { UsageError } from '../../../../util/errors.js';

const records: TreatmentRecord[] = [
  { id: '3', drug: 'interferon_beta_1a', start: '2019-01-01', stop: '2019-12-31' },
  { id: '3', drug: 'natalizumab', start: '2019-12-01', stop: '2021-06-30' },
  { id: '3', drug: 'ocrelizumab', start: '2021-08-01', stop: null },
  { id: '4', drug: 'natalizumab', start: '2015-01-01', stop: '2017-01-01' },
  { id: '4', drug: 'dimethyl_fumarate', start: '2017-02-01', stop: '2018-01-01' },
  { id: '4', drug: 'glatiramer_acetate', start: '2019-01-01', stop: '2019-06-01' },
];

describe('pathwaySummary', () => {
  it('gives Sankey links by efficacy and time on line (type-7 quantiles of completed episodes)', () => {
    const s = pathwaySummary(dmtEpisodes(records).episodes, { by: 'efficacy' });
    expect(s.links.map((l) => [l.source, l.target, l.count])).toEqual([
      ['L1 high', 'L2 moderate', 1],
      ['L1 moderate', 'L2 high', 1],
      ['L2 high', 'L3 high', 1],
      ['L2 moderate', 'L3 moderate', 1],
      ['L3 moderate', 'L4 stopped', 1],
    ]);
    expect(s.firstLine).toEqual([{ node: 'L1 high', count: 1 }, { node: 'L1 moderate', count: 1 }]);
    // line 1: 333 days (IFN to 2019-11-30) and 731 days (natalizumab 2015-01-01..2017-01-01)
    expect(s.lines[0]).toEqual({ line: 1, n: 2, ongoing: 0, medianDays: 532, q1Days: 432.5, q3Days: 631.5 });
    expect(s.lines[2]).toEqual({ line: 3, n: 2, ongoing: 1, medianDays: 151, q1Days: 151, q3Days: 151 });
    expect(s.warnings).toHaveLength(1);
    expect(s.nodes[0]).toMatch(/^L1 /);
  });

  it('counts identical pathways together by drug', () => {
    const two = [...records, ...records.filter((r) => r.id === '4').map((r) => ({ ...r, id: '9', drug: r.drug.toUpperCase() }))];
    const s = pathwaySummary(dmtEpisodes(two).episodes);
    expect(s.links[0]).toEqual({ source: 'L1 natalizumab', target: 'L2 dimethyl_fumarate', fromLine: 1, count: 2 });
  });

  it('quantileType7 matches R quantile(type = 7)', () => {
    // R: quantile(c(1, 2, 4, 10), c(.25, .5, .75)) -> 1.75 3.00 5.50
    expect([0.25, 0.5, 0.75].map((p) => quantileType7([1, 2, 4, 10], p))).toEqual([1.75, 3, 5.5]);
  });
});

describe('treatmentStrategies', () => {
  const eps = dmtEpisodes(records).episodes;
  it('harding2019: first line high efficacy = early intensive', () => {
    expect(treatmentStrategies(eps).map((p) => [p.id, p.strategy, p.firstHighEfficacyStart])).toEqual([
      ['3', 'escalation', '2019-12-01'],
      ['4', 'early-intensive', '2015-01-01'],
    ]);
  });
  it('he2020: high efficacy within 2 years of onset', () => {
    const onsets = new Map([['3', '2018-01-01'], ['4', '2012-01-01']]);
    expect(treatmentStrategies(eps, { definition: 'he2020', onsets }).map((p) => p.strategy)).toEqual(['early-intensive', 'late-intensive']);
    expect(treatmentStrategies(eps, { definition: 'he2020', onsets: new Map([['3', '2016-01-01']]) }).map((p) => p.strategy)).toEqual(['late-intensive', null]);
    expect(() => treatmentStrategies(eps, { definition: 'he2020' })).toThrow(UsageError);
  });
});
