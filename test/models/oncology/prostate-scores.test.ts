import { describe, expect, it } from 'vitest';
import { capraS, capraSGroup, isupGradeGroup, isupGradeGroupFromSum, parseGleason } from '../../../models/oncology/index.js';
import { UsageError } from '../../../util/errors.js';

const base = { psa: 5, gleason: '3+3', positiveMargin: false, seminalVesicleInvasion: false, extracapsularExtension: false, lymphNodeInvasion: false };

describe('ISUP grade group', () => {
  it('maps Gleason patterns as Epstein 2016', () => {
    expect(isupGradeGroup('3+3')).toBe(1);
    expect(isupGradeGroup({ primary: 2, secondary: 3 })).toBe(1);
    expect(isupGradeGroup('3+4')).toBe(2);
    expect(isupGradeGroup('4+3')).toBe(3);
    expect(['4+4', '3+5', '5+3'].map((g) => isupGradeGroup(g))).toEqual([4, 4, 4]);
    expect(['4+5', '5+4', '5+5'].map((g) => isupGradeGroup(g))).toEqual([5, 5, 5]);
    expect(isupGradeGroup('4 + 3 = 7')).toBe(3);
    expect([6, 7, 8, 9, 10].map(isupGradeGroupFromSum)).toEqual([1, null, 4, 5, 5]);
    expect(parseGleason('5+4=9')).toEqual({ primary: 5, secondary: 4 });
  });
  it('rejects malformed scores', () => {
    expect(() => parseGleason('3+4=8')).toThrow(UsageError);
    expect(() => parseGleason('seven')).toThrow(UsageError);
    expect(() => isupGradeGroup({ primary: 6, secondary: 1 })).toThrow(UsageError);
    expect(() => isupGradeGroupFromSum(11)).toThrow(UsageError);
  });
});

describe('CAPRA-S', () => {
  it('scores the PSA bands at their edges', () => {
    expect([6, 6.01, 10, 10.01, 20, 20.01].map((psa) => capraS({ ...base, psa }).points.psa)).toEqual([0, 1, 1, 2, 2, 3]);
  });
  it('scores pathological Gleason 7 as 1 and 8-10 as 3 (verify)', () => {
    expect(['3+3', '3+4', '4+3', '4+4', '5+5'].map((gleason) => capraS({ ...base, gleason }).points.gleason)).toEqual([0, 1, 1, 3, 3]);
    expect(capraS({ ...base, gleason: 9 }).points.gleason).toBe(3);
  });
  it('adds margin 2, SVI 2, ECE 1, LNI 1 and reaches 12 at most', () => {
    const all = capraS({ psa: 25, gleason: '4+5', positiveMargin: true, seminalVesicleInvasion: true, extracapsularExtension: true, lymphNodeInvasion: true });
    expect(all.score).toBe(12);
    expect(all.group).toBe('high');
    expect(capraS({ ...base, positiveMargin: true }).score).toBe(2);
    expect(capraS({ ...base, psa: 8.1, gleason: '4+3', positiveMargin: true, extracapsularExtension: true })).toMatchObject({ score: 5, group: 'intermediate' });
    expect(capraS({ ...base, lymphNodeInvasion: true, seminalVesicleInvasion: true })).toMatchObject({ score: 3, group: 'intermediate' });
  });
  it('groups 0-2 low, 3-5 intermediate, 6-12 high', () => {
    expect([0, 2, 3, 5, 6, 12].map(capraSGroup)).toEqual(['low', 'low', 'intermediate', 'intermediate', 'high', 'high']);
    expect(() => capraSGroup(13)).toThrow(UsageError);
    expect(() => capraS({ ...base, psa: NaN })).toThrow(/psa/);
    expect(() => capraS({ ...base, gleason: 11 })).toThrow(UsageError);
  });
});
