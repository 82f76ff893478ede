/**
 * Therapy state sequences on a grid from the index date, truncation at the end
 * of follow-up, drug states, and TRATE substitution costs (worked by hand;
 * TraMineR seqcost(method = "TRATE") defines cost(i, j) = 2 - p(j|i) - p(i|j)).
 */
import { describe, expect, it } from 'vitest';
import { encodeSequences, therapySequences, THERAPY_CLASS_STATES, transitionRateCosts, type TherapySequenceInput } from '../../../models/ms/therapy-sequence.js';
import { optimalMatchingDistance } from '../../../models/cluster/optimal-matching.js';

// index 2020-01-01; quarterly slots of 91.3125 days, midpoints at day 45.66, 136.97, 228.28, 319.59, ...
const patients: TherapySequenceInput[] = [
  { id: 'never', index: '2020-01-01', end: '2023-01-01', episodes: [] },
  // natalizumab from day 0, ongoing
  { id: 'early-high', index: '2020-01-01', end: '2023-01-01', episodes: [{ drug: 'Natalizumab', start: '2020-01-01', stop: null }] },
  // interferon for the first half year, then ocrelizumab
  { id: 'escalation', index: '2020-01-01', end: '2023-01-01', episodes: [{ drug: 'interferon beta-1a', start: '2020-02-01', stop: '2020-06-30' }, { drug: 'ocrelizumab', start: '2020-07-01', stop: null }] },
  // follow-up ends after 200 days: 2 slots (midpoints 45.7, 137.0 <= 200; 228.3 > 200)
  { id: 'short', index: '2020-01-01', end: '2020-07-19', episodes: [{ drug: 'fingolimod', start: '2020-03-01', stop: null }] },
  // follow-up ends before the first midpoint
  { id: 'empty', index: '2020-01-01', end: '2020-01-20', episodes: [] },
];

describe('therapySequences', () => {
  it('gives quarterly class states from the index date, truncated at the end of follow-up', () => {
    const frozen = JSON.stringify(patients);
    const r = therapySequences(patients, { years: 2 });
    expect(JSON.stringify(patients)).toBe(frozen);
    expect(r.slots).toBe(8);
    expect(r.stepDays).toBeCloseTo(91.3125, 10);
    expect(r.alphabet).toEqual([...THERAPY_CLASS_STATES]);
    const by = new Map(r.sequences.map((s) => [s.id, s]));
    expect(by.get('never')?.states).toEqual(Array(8).fill('untreated'));
    expect(by.get('early-high')?.states).toEqual(Array(8).fill('high'));
    // slot 0 midpoint 2020-02-15 on interferon, slot 1 midpoint 2020-05-17 on interferon, slot 2 midpoint 2020-08-16 on ocrelizumab
    expect(by.get('escalation')?.states).toEqual(['moderate', 'moderate', ...Array(6).fill('high')]);
    expect(by.get('short')?.states).toEqual(['untreated', 'moderate']);
    expect(by.get('short')?.truncated).toBe(true);
    expect(by.get('never')?.truncated).toBe(false);
    expect(by.get('empty')?.states).toEqual([]);
    expect(r.truncated).toBe(1);
    expect(r.empty).toBe(1);
  });

  it('uses drug states, monthly steps, and the latest-starting of overlapping episodes', () => {
    const r = therapySequences(
      [{ id: 'x', index: '2020-01-01', end: '2021-01-01', episodes: [{ drug: 'Dimethyl fumarate', start: '2020-01-01', stop: '2020-12-31' }, { drug: 'natalizumab', start: '2020-03-01', stop: '2020-04-30' }] }],
      { years: 0.5, stepMonths: 1, states: 'drug' },
    );
    expect(r.slots).toBe(6);
    expect(r.alphabet).toEqual(['untreated', 'dimethyl_fumarate', 'natalizumab']);
    expect(r.sequences[0]?.states).toEqual(['dimethyl_fumarate', 'dimethyl_fumarate', 'natalizumab', 'natalizumab', 'dimethyl_fumarate', 'dimethyl_fumarate']);
  });

  it('marks drugs outside the class map, and takes a given efficacy first', () => {
    const r = therapySequences([{ id: 'y', index: '2020-01-01', end: '2020-12-31', episodes: [{ drug: 'newdrug', start: '2020-01-01', stop: '2020-05-31' }, { drug: 'newdrug2', start: '2020-06-01', stop: null, efficacy: 'high' }] }], { years: 1 });
    expect(r.sequences[0]?.states).toEqual(['unclassified', 'unclassified', 'high', 'high']);
  });

  it('refuses bad options', () => {
    expect(() => therapySequences(patients, { years: 0 })).toThrow(/window/);
    expect(() => therapySequences(patients, { stepMonths: 1.5 })).toThrow(/whole number of months/);
    expect(() => therapySequences(patients, { years: 0.01, stepMonths: 12 })).toThrow(/no slot/);
    expect(() => therapySequences([{ id: 'z', index: '2020-13-01', end: '2021-01-01', episodes: [] }])).toThrow(/index date/);
  });
});

describe('encodeSequences and transitionRateCosts', () => {
  it('encodes states and refuses unknown ones', () => {
    expect(encodeSequences([['a', 'b', 'a']], ['a', 'b'])).toEqual([[0, 1, 0]]);
    expect(() => encodeSequences([['c']], ['a', 'b'])).toThrow(/'c'/);
  });

  it('computes TraMineR TRATE costs by hand', () => {
    // transitions: 0->0, 0->1, 1->1 (seq 1); 2->2, 2->0 (seq 2)
    const c = transitionRateCosts([[0, 0, 1, 1], [2, 2, 0]], 3);
    // p(.|0) = [1/2, 1/2, 0]; p(.|1) = [0, 1, 0]; p(.|2) = [1/2, 0, 1/2]
    expect(Array.from(c.rates)).toEqual([0.5, 0.5, 0, 0, 1, 0, 0.5, 0, 0.5]);
    // cost(0,1) = 2 - 1/2 - 0; cost(0,2) = 2 - 0 - 1/2; cost(1,2) = 2 - 0 - 0
    expect(Array.from(c.substitution)).toEqual([0, 1.5, 1.5, 1.5, 0, 2, 1.5, 2, 0]);
    expect(c.indel).toBe(1);
    expect(() => transitionRateCosts([[0, 3]], 3)).toThrow(/outside/);
  });

  it('gives OM distances with the costs (TraMineR OM, CONSTANT 2 / indel 1 by default)', () => {
    const [a, b] = encodeSequences([['u', 'u', 'h', 'h'], ['u', 'h', 'h']], ['u', 'm', 'h']) as [number[], number[]];
    // one deletion
    expect(optimalMatchingDistance(a, b)).toBe(1);
    const c = transitionRateCosts([a, b], 3);
    expect(optimalMatchingDistance(a, b, { substitution: (x, y) => c.substitution[x * 3 + y]!, indel: c.indel })).toBeCloseTo(c.indel, 12);
  });
});
