import { describe, expect, it } from 'vitest';
import { parseRNumber, rColumnType, rValues } from '../../engine/r-type-convert.js';

// Every expectation was checked in R 4.2.2:
//   class(type.convert(x, as.is = TRUE)); type.convert(x, as.is = TRUE)
describe('rColumnType: R type.convert(as.is = TRUE)', () => {
  const cases: [string[], string][] = [
    [['T', 'F'], 'logical'],
    [['TRUE', 'FALSE'], 'logical'],
    [['T', 'FALSE', 'TRUE', 'F'], 'logical'],
    [['true', 'false'], 'character'],
    [['True', 'False'], 'character'],
    [['TRUE', 'F', 'true'], 'character'],
    [['TRUE '], 'character'],
    [[' T'], 'character'],
    [['yes', 'no'], 'character'],
    [['1', '2'], 'integer'],
    [[' 1'], 'integer'],
    [['1 '], 'double'],
    [['+1'], 'integer'],
    [['01'], 'integer'],
    [['2147483647'], 'integer'],
    [['-2147483648'], 'double'],
    [['1.'], 'double'],
    [['.5'], 'double'],
    [['1e3'], 'double'],
    [['1e'], 'double'],
    [['1e+'], 'double'],
    [['0x1a'], 'double'],
    [['-0x10'], 'double'],
    [['Inf', '-inf', 'INFINITY', 'nan', 'Nan'], 'double'],
    [['NAN'], 'character'],
    [['1d'], 'character'],
    [['1L'], 'character'],
    [['1_000'], 'character'],
    [['.'], 'character'],
    [['1 2'], 'character'],
  ];
  it.each(cases)('%j is %s', (values, type) => {
    expect(rColumnType(values)).toBe(type);
  });

  it('ignores missing values; a column with none at all is logical', () => {
    expect(rColumnType([null, 'T', null])).toBe('logical');
    expect(rColumnType([null, '3', null])).toBe('integer');
    expect(rColumnType([null, null])).toBe('logical');
    expect(rColumnType([])).toBe('logical');
  });

  it('does not take names of Object.prototype for logical values', () => {
    expect(rColumnType(['toString', 'T'])).toBe('character');
  });
});

describe('parseRNumber and rValues', () => {
  it('read numbers as R does', () => {
    expect(parseRNumber(' 1e3')).toBe(1000);
    expect(parseRNumber('1.5e')).toBe(1.5);
    expect(parseRNumber('0X1a')).toBe(26);
    expect(parseRNumber('-0x10')).toBe(-16);
    expect(parseRNumber('-Inf')).toBe(-Infinity);
    expect(parseRNumber('+infinity')).toBe(Infinity);
    expect(parseRNumber('NaN')).toBeNaN();
    expect(parseRNumber('NAN')).toBeNull();
    expect(parseRNumber('abc')).toBeNull();
  });

  it('convert a column, missing as NaN, and refuse a value of another type', () => {
    expect(Array.from(rValues(['T', null, 'FALSE'], 'logical'))).toEqual([1, Number.NaN, 0]);
    expect(Array.from(rValues([' 7', '-2'], 'integer'))).toEqual([7, -2]);
    expect(() => rValues(['yes'], 'logical')).toThrow(TypeError);
    const input = Object.freeze(['1', '2']);
    rValues(input, 'double');
    expect(input).toEqual(['1', '2']);
  });
});
