/**
 * The splitting primitives: splitAtDates on a hand-built case (no immortal
 * time: the covariate is 0 before the date) and splitAtTimes against R's
 * survSplit (fixture of test/golden/tmerge.R, exact).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { splitAtDates } from '../../../../models/survival/counting-process/split-at-dates.js';
import { splitAtTimes } from '../../../../models/survival/counting-process/split-at-times.js';
import { DataValidationError, UnknownColumnError, UsageError } from '../../../../util/errors.js';

const arr = (a: unknown) => Array.from(a as ArrayLike<unknown>);

describe('splitAtDates', () => {
  // Three patients followed from day 0: A starts therapy on day 100 and has the event on day 300,
  // B starts on day 0 (the index date) and is censored on day 200, C never starts and has the event on day 50.
  // A already has two rows (split at day 60 by something else, e.g. a therapy line).
  const rows = {
    pseudonym: ['A', 'A', 'B', 'C'],
    start: Float64Array.of(0, 60, 0, 0),
    stop: Float64Array.of(60, 300, 200, 50),
    event: Float64Array.of(0, 1, 0, 1),
    age: Float64Array.of(61, 61, 55, 70),
  };

  it('splits at the date; 0 before, 1 from the date on; the event stays on the last piece', () => {
    const before = JSON.stringify({ ...rows, start: arr(rows.start), stop: arr(rows.stop), event: arr(rows.event) });
    const out = splitAtDates(rows, { id: ['A', 'B', 'A'], time: [100, 0, 250] }, 'treated');
    expect(out.pseudonym).toEqual(['A', 'A', 'A', 'B', 'C']);
    expect(arr(out.start)).toEqual([0, 60, 100, 0, 0]);
    expect(arr(out.stop)).toEqual([60, 100, 300, 200, 50]);
    expect(arr(out.event)).toEqual([0, 0, 1, 0, 1]);
    expect(arr(out.treated)).toEqual([0, 0, 1, 1, 0]);
    expect(arr(out.age)).toEqual([61, 61, 61, 55, 70]);
    expect(Object.keys(out)).toEqual(['pseudonym', 'start', 'stop', 'event', 'age', 'treated']);
    // the input is unchanged
    expect(JSON.stringify({ ...rows, start: arr(rows.start), stop: arr(rows.stop), event: arr(rows.event) })).toBe(before);
  });

  it('no immortal time: the unexposed time before the date is counted as unexposed', () => {
    // Treated-at-baseline ("ever treated") would credit A's 100 untreated days to therapy.
    const out = splitAtDates(rows, { id: ['A'], time: [100] }, 'treated');
    let exposed = 0;
    let unexposed = 0;
    const start = out.start as Float64Array;
    const stop = out.stop as Float64Array;
    (out.treated as Float64Array).forEach((t, i) => {
      if (t === 1) exposed += stop[i]! - start[i]!;
      else unexposed += stop[i]! - start[i]!;
    });
    expect(exposed).toBe(200); // A from day 100 to 300
    expect(unexposed).toBe(100 + 200 + 50);
    // every row of A before day 100 has treated = 0
    out.pseudonym!.forEach((p, i) => {
      if (p === 'A' && stop[i]! <= 100) expect((out.treated as Float64Array)[i]).toBe(0);
    });
  });

  it('dates after follow-up never switch on; missing dates are ignored; bad rows name the row', () => {
    const out = splitAtDates(rows, { id: ['C', 'B'], time: [80, null] }, 'treated');
    expect(arr(out.treated)).toEqual([0, 0, 0, 0]);
    expect(() => splitAtDates(rows, { id: ['A'], time: [1] }, 'age')).toThrow(UsageError);
    expect(() => splitAtDates(rows, { id: ['A'], time: [1] }, 'x', { id: 'patient' })).toThrow(UnknownColumnError);
    const bad = { ...rows, stop: Float64Array.of(60, 300, 0, 50) };
    try {
      splitAtDates(bad, { id: ['A'], time: [100] }, 'treated');
      throw new Error('no error');
    } catch (e) {
      expect(e).toBeInstanceOf(DataValidationError);
      expect((e as DataValidationError).issues[0]).toMatchObject({ row: 3, field: 'tstop' });
      expect((e as DataValidationError).message).toContain('subject B');
    }
  });
});

interface SurvSplitGolden {
  cut: number[];
  input: Record<string, number[]>;
  expected: Record<string, number[]>;
}
const golden = (JSON.parse(readFileSync('test/golden/tmerge.json', 'utf8')) as { survsplit: SurvSplitGolden }).survsplit;

describe('splitAtTimes', () => {
  it("equals R's survSplit on the cgd rows (cut 100, 200, 300; episode)", () => {
    const input = Object.fromEntries(Object.entries(golden.input).map(([k, v]) => [k, Float64Array.from(v)]));
    const out = splitAtTimes(input, golden.cut, { id: 'id', start: 'tstart', stop: 'tstop', events: ['infect'], episode: 'ep' });
    for (const k of ['id', 'tstart', 'tstop', 'infect', 'enum', 'ep']) expect(arr(out[k]), k).toEqual(golden.expected[k]);
  });

  it('hand case, and stop <= start names the row', () => {
    const out = splitAtTimes({ pseudonym: ['a', 'b'], start: Float64Array.of(0, 40), stop: Float64Array.of(75, 60), event: Float64Array.of(1, 1) }, [60, 30, 30]);
    expect(arr(out.start)).toEqual([0, 30, 60, 40]);
    expect(arr(out.stop)).toEqual([30, 60, 75, 60]);
    expect(arr(out.event)).toEqual([0, 0, 1, 1]);
    expect(() => splitAtTimes({ pseudonym: ['a'], start: Float64Array.of(5), stop: Float64Array.of(5) }, [1])).toThrow(/row 1, field 'stop': subject a/);
  });
});
