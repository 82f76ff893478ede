import { describe, expect, it } from 'vitest';
import { EPIC_26, EPIC_26_DOMAINS, EPIC_26_ITEMS, epicDomainScore, epicItemValue } from '../../../models/pro/epic-26.js';

/** Best and worst answer of every item (the recoding makes the best 100 and the worst 0). */
function extreme(best: boolean): Record<string, number> {
  const out: Record<string, number> = {};
  for (const it of EPIC_26_ITEMS) out[it.code] = it.values[0]! > it.values[it.values.length - 1]! === best ? it.min : it.max;
  return out;
}

describe('EPIC-26 (Szymanski et al. 2010) domain scores', () => {
  it('has the 26 items and the five domains of the scoring instructions', () => {
    expect(EPIC_26_ITEMS).toHaveLength(26);
    expect(EPIC_26.items.map((i) => i.code)).toEqual([
      'q1', 'q2', 'q3', 'q4a', 'q4b', 'q4c', 'q4d', 'q4e', 'q5', 'q6a', 'q6b', 'q6c', 'q6d', 'q6e', 'q7',
      'q8a', 'q8b', 'q9', 'q10', 'q11', 'q12', 'q13a', 'q13b', 'q13c', 'q13d', 'q13e',
    ]);
    expect(EPIC_26_DOMAINS.map((d) => [d.key, d.items.length])).toEqual([
      ['urinary_incontinence', 4],
      ['urinary_irritative', 4],
      ['bowel', 6],
      ['sexual', 6],
      ['hormonal', 5],
    ]);
  });

  it('recodes answers as published: leak frequency 0-100 by 25, control and erection quality 0/33/67/100, pads 100/67/33/0, problem items 100..0', () => {
    expect([1, 2, 3, 4, 5].map((a) => epicItemValue('q1', a))).toEqual([0, 25, 50, 75, 100]);
    expect([1, 2, 3, 4].map((a) => epicItemValue('q2', a))).toEqual([0, 33, 67, 100]);
    expect([0, 1, 2, 3].map((a) => epicItemValue('q3', a))).toEqual([100, 67, 33, 0]);
    expect([0, 1, 2, 3, 4].map((a) => epicItemValue('q4b', a))).toEqual([100, 75, 50, 25, 0]);
    expect([1, 2, 3, 4, 5].map((a) => epicItemValue('q12', a))).toEqual([100, 75, 50, 25, 0]);
    expect([1, 2, 3, 4].map((a) => epicItemValue('q9', a))).toEqual([0, 33, 67, 100]);
    expect(() => epicItemValue('q3', 4)).toThrow(RangeError);
    expect(() => epicItemValue('q14', 1)).toThrow(/unknown/);
  });

  it('scores the best and the worst answers 100 and 0 in every domain', () => {
    expect(EPIC_26.score(extreme(true))).toEqual({ urinary_incontinence: 100, urinary_irritative: 100, bowel: 100, sexual: 100, hormonal: 100 });
    expect(EPIC_26.score(extreme(false))).toEqual({ urinary_incontinence: 0, urinary_irritative: 0, bowel: 0, sexual: 0, hormonal: 0 });
  });

  it('scores a mixed questionnaire as worked by hand (mean of the recoded items)', () => {
    const a = {
      q1: 3, q2: 3, q3: 1, q4a: 1, // 50, 67, 67, 75 -> 64.75
      q4b: 0, q4c: 1, q4d: 2, q4e: 4, // 100, 75, 50, 0 -> 56.25
      q5: 3, // overall urinary problem: in no domain
      q6a: 0, q6b: 0, q6c: 1, q6d: 0, q6e: 0, q7: 2, // 100, 100, 75, 100, 100, 75 -> 91.667
      q8a: 2, q8b: 3, q9: 2, q10: 2, q11: 2, q12: 4, // 25, 50, 33, 25, 25, 25 -> 30.5
      q13a: 1, q13b: 0, q13c: 0, q13d: 2, q13e: 0, // 75, 100, 100, 50, 100 -> 85
    };
    const s = EPIC_26.score(a);
    expect(s.urinary_incontinence).toBe(64.75);
    expect(s.urinary_irritative).toBe(56.25);
    expect(s.bowel).toBeCloseTo(550 / 6, 12);
    expect(s.sexual).toBe(30.5);
    expect(s.hormonal).toBe(85);
  });

  it('needs at least 80 % of a domain answered: all 4 urinary items, 5 of 6 bowel or sexual items, 4 of 5 hormonal items', () => {
    const ui = EPIC_26_DOMAINS[0]!.items;
    expect(epicDomainScore(ui, { q1: 5, q2: 4, q3: 0 })).toBeNull();
    const bowel = EPIC_26_DOMAINS[2]!.items;
    expect(epicDomainScore(bowel, { q6a: 0, q6b: 4, q6c: 0, q6d: 0, q6e: 0 })).toBe(80); // 5 of 6: (100 + 0 + 300) / 5
    expect(epicDomainScore(bowel, { q6a: 0, q6b: 4, q6c: 0, q6d: 0 })).toBeNull();
    const hormonal = EPIC_26_DOMAINS[4]!.items;
    expect(epicDomainScore(hormonal, { q13a: 4, q13b: 0, q13c: 0, q13d: 0 })).toBe(75);
    expect(epicDomainScore(hormonal, { q13a: 4, q13b: 0, q13c: 0 })).toBeNull();
  });
});
