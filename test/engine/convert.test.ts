import { DuckDBInstance } from '@duckdb/node-api';
import { Type } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { daysFrom, daysToIso, isoToDays, readResult, toArrowTable, toInt32, toNumber, toRows } from '../../engine/convert.js';
import { StoreError } from '../../util/errors.js';

let instance: DuckDBInstance;
beforeAll(async () => {
  instance = await DuckDBInstance.create(':memory:');
});
afterAll(() => instance.closeSync());

async function run(sql: string) {
  const conn = await instance.connect();
  try {
    return await readResult(await conn.run(sql));
  } finally {
    conn.closeSync();
  }
}

describe('readResult', () => {
  it('converts doubles, integers, bigints, booleans, dates and text, with NULLs', async () => {
    const r = await run(`SELECT * FROM (VALUES
      (1.5::DOUBLE, 2::INTEGER, 3::BIGINT, true, DATE '1970-01-11', 'a'),
      (NULL, NULL, NULL, NULL, NULL, NULL),
      (-2.25, -7, 9007199254740991, false, DATE '2024-02-29', 'ö')) t(d, i, b, flag, day, s)`);
    expect(r.rowCount).toBe(3);
    expect(r.kinds).toEqual(['number', 'integer', 'integer', 'boolean', 'date', 'string']);
    const [d, i, b, flag, day, s] = r.columns;
    expect(Array.from(d as Float64Array)).toEqual([1.5, NaN, -2.25]);
    expect(Array.from(i as Float64Array)).toEqual([2, NaN, -7]);
    expect(Array.from(b as Float64Array)).toEqual([3, NaN, 9007199254740991]);
    expect(Array.from(flag as Float64Array)).toEqual([1, NaN, 0]);
    expect(Array.from(day as Float64Array)).toEqual([10, NaN, isoToDays('2024-02-29')]);
    expect(s).toEqual(['a', null, 'ö']);
    expect(toRows(r)[2]).toEqual({ d: -2.25, i: -7, b: 9007199254740991, flag: false, day: '2024-02-29', s: 'ö' });
  });

  it('reads results spanning many chunks in order', async () => {
    const r = await run('SELECT range::DOUBLE AS x, (range % 7)::INTEGER AS k FROM range(10000)');
    const x = r.columns[0] as Float64Array;
    expect(x.length).toBe(10000);
    expect(x[0]).toBe(0);
    expect(x[9999]).toBe(9999);
    let sum = 0;
    for (const v of x) sum += v;
    expect(sum).toBe((9999 * 10000) / 2);
  });

  it('refuses a bigint that cannot be represented exactly', async () => {
    await expect(run('SELECT 9007199254740993::BIGINT AS big')).rejects.toBeInstanceOf(StoreError);
    expect(() => toNumber(2n ** 60n, 'x')).toThrow(/exceeds 2\^53/);
  });
});

describe('toArrowTable', () => {
  it('keeps types and nulls', async () => {
    const r = await run(`SELECT * FROM (VALUES (1.5::DOUBLE, 2::INTEGER, DATE '2020-01-01', 'x', true), (NULL, NULL, NULL, NULL, NULL)) t(d, i, day, s, f)`);
    const t = toArrowTable(r);
    expect(t.numRows).toBe(2);
    expect(t.schema.fields.map((f) => f.type.typeId)).toEqual([Type.Float, Type.Int, Type.Date, Type.Utf8, Type.Bool]);
    expect(t.getChild('d')?.get(0)).toBe(1.5);
    expect(t.getChild('d')?.get(1)).toBeNull();
    expect(t.getChild('i')?.get(0)).toBe(2);
    expect(t.getChild('i')?.get(1)).toBeNull();
    expect(t.getChild('s')?.get(1)).toBeNull();
    expect(t.getChild('f')?.get(0)).toBe(true);
    const day = t.getChild('day')?.get(0) as unknown;
    const ms = day instanceof Date ? day.getTime() : Number(day);
    expect(ms).toBe(Date.UTC(2020, 0, 1));
  });
});

describe('date helpers', () => {
  it('round-trips ISO dates and computes offsets', () => {
    expect(isoToDays('1970-01-01')).toBe(0);
    expect(daysToIso(isoToDays('2000-02-29'))).toBe('2000-02-29');
    expect(daysToIso(Number.NaN)).toBeNull();
    const d = daysFrom(new Float64Array([10, NaN, 30]), new Float64Array([5, 5, NaN]));
    expect(Array.from(d)).toEqual([5, NaN, NaN]);
    expect(Array.from(daysFrom(new Float64Array([10, 20]), 10))).toEqual([0, 10]);
  });
  it('toInt32 accepts whole numbers and rejects others', () => {
    expect(Array.from(toInt32(new Float64Array([1, -2, 3])))).toEqual([1, -2, 3]);
    expect(() => toInt32(new Float64Array([1.5]), 'k')).toThrow(/not a 32-bit integer/);
    expect(() => toInt32(new Float64Array([NaN]), 'k')).toThrow(StoreError);
  });
});
