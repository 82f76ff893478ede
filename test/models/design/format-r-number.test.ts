import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatRNumber } from '../../../models/design/format-r-number.js';

describe('formatRNumber matches R 4.2.2 as.character() (test/golden/design.R)', () => {
  const golden = JSON.parse(readFileSync('test/golden/design.json', 'utf8')) as { numbers: { values: string[]; text: string[] } };
  it('has the golden numbers', () => {
    expect(golden.numbers.values.length).toBeGreaterThanOrEqual(25);
  });
  golden.numbers.values.forEach((v, i) => {
    it(`${v} -> ${golden.numbers.text[i]}`, () => {
      expect(formatRNumber(Number(v))).toBe(golden.numbers.text[i]);
    });
  });
  it('writes the special values as R', () => {
    expect([NaN, Infinity, -Infinity, 0, -0].map(formatRNumber)).toEqual(['NaN', 'Inf', '-Inf', '0', '0']);
  });
});
