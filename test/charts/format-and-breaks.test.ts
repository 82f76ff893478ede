/** Formatting helpers, disclosure display and nice breaks (hand-checked values; R's pretty() for comparison). */
import { describe, expect, it } from 'vitest';
import { displayCount, finiteOrNull, formatNumber, formatP, pEquals, toPlain } from '../../charts/format.js';
import { niceBreaks } from '../../charts/nice-breaks.js';
import { colorAt, DEFAULT_PALETTE, OKABE_ITO, withAlpha } from '../../charts/palette.js';
import { UsageError } from '../../util/errors.js';

describe('format', () => {
  it('numbers, p values, JSON safety', () => {
    expect(formatNumber(0.123456)).toBe('0.1235');
    expect(formatNumber(NaN)).toBe('NA');
    expect(formatNumber(138)).toBe('138');
    expect(formatP(0.2324)).toBe('0.23');
    expect(formatP(0.00131)).toBe('0.0013');
    expect(formatP(4e-5)).toBe('<0.001');
    expect(pEquals(4e-5)).toBe('p < 0.001');
    expect(pEquals(0.5)).toBe('p = 0.5');
    expect(toPlain(Float64Array.of(1, NaN, Infinity))).toEqual([1, null, null]);
    expect(finiteOrNull(-Infinity)).toBeNull();
  });
  it('disclosure display: (0, threshold) hidden, 0 and >= threshold shown', () => {
    const d = { threshold: 5 };
    expect([0, 1, 4, 5, 6].map((n) => displayCount(n, d))).toEqual(['0', '<5', '<5', '5', '6']);
    expect(displayCount(3, undefined)).toBe('3');
    expect(displayCount(2.5, d)).toBe('<5');
  });
});

describe('niceBreaks', () => {
  it('round steps within the range', () => {
    expect(niceBreaks(0, 1022)).toEqual([0, 250, 500, 750, 1000]);
    expect(niceBreaks(0, 1)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceBreaks(5, 424)).toEqual([100, 200, 300, 400]);
    expect(niceBreaks(0, 0.3, 3)).toEqual([0, 0.1, 0.2, 0.3]);
    expect(niceBreaks(3, 3)).toEqual([3]);
    expect(() => niceBreaks(0, NaN)).toThrow(UsageError);
  });
});

describe('palette', () => {
  it('Okabe–Ito colours, cycling, alpha', () => {
    expect(new Set(DEFAULT_PALETTE)).toEqual(new Set(OKABE_ITO));
    expect(colorAt(DEFAULT_PALETTE, 8)).toBe(DEFAULT_PALETTE[0]);
    expect(withAlpha('#0072B2', 0.2)).toBe('rgba(0,114,178,0.2)');
    expect(withAlpha('#fff', 1)).toBe('rgba(255,255,255,1)');
    expect(withAlpha('steelblue', 0.5)).toBe('steelblue');
  });
});
