import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildModelFrame, compareCodePoints } from '../../../models/design/model-frame.js';

const levels = ['a', 'B', 'c', 'é', '😀'];
const row = fc.record({
  y: fc.oneof(fc.double({ min: -10, max: 10, noNaN: true }), fc.constant(NaN)),
  x: fc.oneof(fc.integer({ min: -5, max: 5 }), fc.constant(NaN)),
  g: fc.oneof(fc.constantFrom(...levels), fc.constant(null)),
});

describe('buildModelFrame invariants (fast-check, seeded)', () => {
  it('drops exactly the incomplete rows and codes dummies as indicators', () => {
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 40 }), (rows) => {
        const data = {
          y: Float64Array.from(rows, (r) => r.y),
          x: Float64Array.from(rows, (r) => r.x),
          g: rows.map((r) => r.g),
        };
        const complete = rows.flatMap((r, i) => (Number.isNaN(r.y) || Number.isNaN(r.x) || r.g === null ? [] : [i]));
        const present = [...new Set(complete.map((i) => rows[i]!.g!))].sort(compareCodePoints);
        if (present.length === 1) {
          expect(() => buildModelFrame('y ~ x * g', data)).toThrow(/only one level/);
          return;
        }
        const fr = buildModelFrame('y ~ x * g', data);
        expect(fr.n + fr.nDropped).toBe(rows.length);
        expect(Array.from(fr.rowIndex)).toEqual(complete);
        if (fr.n === 0) return;
        expect(fr.levels.g).toEqual(present);
        expect(fr.columnNames).toEqual(['x', ...present.slice(1).map((l) => `g${l}`), ...present.slice(1).map((l) => `x:g${l}`)]);
        const L = present.length;
        for (let k = 0; k < fr.n; k++) {
          const r = rows[fr.rowIndex[k]!]!;
          expect(fr.y![k]).toBe(r.y);
          expect(fr.x[0]![k]).toBe(r.x);
          for (let j = 1; j < L; j++) {
            const dummy = r.g === present[j] ? 1 : 0;
            expect(fr.x[j]![k]).toBe(dummy);
            expect(fr.x[j + L - 1]![k]! + 0).toBe(dummy * r.x + 0); // + 0: -0 and 0 are equal
          }
        }
      }),
      { seed: 20240607, numRuns: 300 },
    );
  });
});

describe('compareCodePoints', () => {
  it('orders by code point, astral characters after U+FFFF', () => {
    expect(['😀', '\uffff', 'b', 'B', 'a', 'ab', ''].sort(compareCodePoints)).toEqual(['', 'B', 'a', 'ab', 'b', '\uffff', '😀']);
  });
});
