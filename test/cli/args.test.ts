import { describe, expect, it } from 'vitest';
import { checkFlags, choiceFlag, numberFlag, numberListFlag, parseArgs, requiredFlag } from '../../cli/args.js';
import { csvText, formatNumber, jsonText, textTable } from '../../cli/output.js';
import { UsageError } from '../../util/errors.js';

describe('parseArgs', () => {
  it('reads flags with values, = values, switches and positionals', () => {
    const a = parseArgs(['--db', 'x.duckdb', '--conf-type=log-log', 'SELECT 1', '--json', '--times', '60,120', '--', '--not-a-flag'], new Set(['json']));
    expect(a.flags).toEqual({ db: 'x.duckdb', 'conf-type': 'log-log', json: true, times: '60,120' });
    expect(a.positional).toEqual(['SELECT 1', '--not-a-flag']);
  });
  it('treats a flag followed by another flag as a switch', () => {
    expect(parseArgs(['--counting', '--db', 'f']).flags).toEqual({ counting: true, db: 'f' });
  });
  it('validates values with typed errors', () => {
    const a = parseArgs(['--n', 'abc', '--times', '1,,2', '--t', 'x', '--bare']);
    expect(() => numberFlag(a, 'n')).toThrow(UsageError);
    expect(() => numberListFlag(a, 'times')).toThrow(/is not a number/);
    expect(() => choiceFlag(a, 't', ['a', 'b'] as const, 'a')).toThrow(/must be one of a, b/);
    expect(() => requiredFlag(a, 'missing')).toThrow(/--missing is required/);
    expect(() => requiredFlag(a, 'bare')).toThrow(/needs a value/);
    expect(() => checkFlags(a, ['n', 'times', 't'])).toThrow(/Unknown flag --bare/);
    expect(numberListFlag(parseArgs(['--times', '60, 120']), 'times')).toEqual([60, 120]);
  });
});

describe('output', () => {
  it('formats numbers as R prints them', () => {
    expect(formatNumber(0.123456789)).toBe('0.1235');
    expect(formatNumber(12)).toBe('12');
    expect(formatNumber(NaN)).toBe('NA');
    expect(formatNumber(1.23e-7)).toBe('1.230e-7');
  });
  it('aligns tables, escapes CSV, writes NaN as null in JSON', () => {
    expect(textTable(['a', 'n'], [['x', 1], ['yy', 10]])).toBe('a    n\nx    1\nyy  10\n');
    expect(csvText(['a', 'b'], [['x,y', 'q"t'], [null, 1]])).toBe('a,b\n"x,y","q""t"\n,1\n');
    expect(JSON.parse(jsonText({ v: NaN, w: [1, Infinity] }))).toEqual({ v: null, w: [1, null] });
  });
});
