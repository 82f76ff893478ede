import { describe, expect, it } from 'vitest';
import { countFollowUpRelapses, INCLUDE_INDEX_RELAPSES_DEFAULT, isFollowUpRelapse } from '../../../models/ms/follow-up-relapse.js';

describe('follow-up relapses (docs/ms-outcomes.md)', () => {
  it('a relapse on or before the index date is not a follow-up relapse; one on the last day is', () => {
    expect(INCLUDE_INDEX_RELAPSES_DEFAULT).toBe(false);
    expect([99, 100, 101, 465, 466].map((d) => isFollowUpRelapse(d, 100, 465))).toEqual([false, false, true, true, false]);
  });

  it('includeIndexRelapses adds the index date only, never a relapse before it', () => {
    expect([99, 100, 101, 465, 466].map((d) => isFollowUpRelapse(d, 100, 465, true))).toEqual([false, true, true, true, false]);
  });

  it('counts', () => {
    const days = Object.freeze([100, 100, 150, 465, 466, 20]);
    expect(countFollowUpRelapses(days, 100, 465)).toBe(2);
    expect(countFollowUpRelapses(days, 100, 465, true)).toBe(4);
    expect(countFollowUpRelapses([], 100, 465)).toBe(0);
  });
});
