/** The missing-data report's disclosure rule and R's wording (analyses/core/missing-data.ts). */
import { describe, expect, it } from 'vitest';
import { discloseMissingReport, discloseWarnings, droppedText, hideSmallCount, missingDataLine } from '../../../analyses/core/missing-data.js';

describe('missing-data report', () => {
  it("words the count as R's naprint does", () => {
    expect(droppedText({ n: 10, events: 2, dropped: 1 })).toBe('1 observation deleted due to missingness');
    expect(droppedText({ n: 10, events: 2, dropped: 12 })).toBe('12 observations deleted due to missingness');
    expect(droppedText({ n: 10, events: 2, dropped: 0 })).toBe('no observations deleted due to missingness');
    expect(missingDataLine({ n: 225, events: 160, dropped: 3 })).toBe('n = 225, events = 160 (3 observations deleted due to missingness)');
    expect(missingDataLine({ n: null, events: 12.5, dropped: 0 })).toBe('n = hidden, events = 12.5 (no observations deleted due to missingness)');
  });

  it('hides 0 < dropped < threshold, shows 0 and the threshold itself', () => {
    expect(discloseMissingReport({ n: 50, events: 10, dropped: 4 }, 5)).toEqual({
      n: 50,
      events: 10,
      dropped: null,
      droppedNote: "fewer than 5 observations deleted due to missingness: count hidden (the study's minimum cell count)",
    });
    expect(discloseMissingReport({ n: 50, events: 10, dropped: 5 }, 5)).toEqual({ n: 50, events: 10, dropped: 5 });
    expect(discloseMissingReport({ n: 50, events: 10, dropped: 0 }, 5)).toEqual({ n: 50, events: 10, dropped: 0 });
    expect(discloseMissingReport({ n: 50, events: 10, dropped: 1 }, 1)).toEqual({ n: 50, events: 10, dropped: 1 });
    expect([0, 1, 4, 5].map((x) => hideSmallCount(x, 5))).toEqual([0, null, null, 5]);
  });

  it('takes small counts out of the model frame warnings and keeps the others', () => {
    const hidden = discloseMissingReport({ n: 50, events: 10, dropped: 2 }, 5);
    const input = ['2 observations deleted due to missingness', 'log(x) is not finite for 1 row (x > 0): dropped', 'log(y) is not finite for 7 rows (y > 0): dropped', 'Ran out of iterations and did not converge'];
    const frozen = Object.freeze([...input]);
    expect(discloseWarnings(frozen, hidden, 5)).toEqual([
      hidden.droppedNote,
      'log(x) is not finite for fewer than 5 rows (x > 0): dropped',
      'log(y) is not finite for 7 rows (y > 0): dropped',
      'Ran out of iterations and did not converge',
    ]);
    expect(frozen).toEqual(input);
    expect(discloseWarnings(['9 observations deleted due to missingness'], discloseMissingReport({ n: 50, events: 10, dropped: 9 }, 5), 5)).toEqual(['9 observations deleted due to missingness']);
  });
});
