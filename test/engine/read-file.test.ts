/**
 * Reading --data files as R's read.csv types them (engine/read-file.ts).
 * Golden: test/golden/read-csv.R (R 4.2.2, survival 3.5-3, TH.data) wrote
 * test/fixtures/data-files/gbsg2-types.csv from TH.data's GBSG2 and read it
 * back with read.csv; the Cox and Kaplan-Meier results here use the same file.
 * Tolerances: coefficients, standard errors, log-likelihoods 1e-9 relative;
 * survival 1e-12.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tableFromArrays, tableToIPC } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { readDataFile, readDataTable } from '../../engine/read-file.js';
import { coxph } from '../../models/survival/cox/cox.js';
import { kaplanMeier } from '../../models/survival/kaplan-meier/kaplan-meier.js';
import { DataValidationError, UsageError } from '../../util/errors.js';

interface CoxCase { formula: string; n: number; nevent: number; names: string[]; coef: number[]; se: number[]; loglik: number[] }
interface KmCase { formula: string; strata: string[]; n: number[]; times: number[]; summaryStrata: string[]; surv: number[] }
interface Golden { rows: number; names: string[]; classes: string[]; cox: CoxCase[]; km: KmCase[] }

const golden = JSON.parse(readFileSync('test/golden/read-csv.json', 'utf8')) as Golden;
const FILE = 'test/fixtures/data-files/gbsg2-types.csv';
/** R's class -> the kind readDataFile reports. */
const KIND: Record<string, string> = { logical: 'boolean', integer: 'integer', numeric: 'number', character: 'string' };

const close = (a: number, b: number, rel: number) => Math.abs(a - b) <= rel * Math.max(1, Math.abs(b));
const dir = mkdtempSync(join(tmpdir(), 'midia-read-file-'));
const write = (name: string, text: string) => {
  const f = join(dir, name);
  writeFileSync(f, text);
  return f;
};

describe('readDataFile: column types as R read.csv', () => {
  it('gives every column of the GBSG2 file the class R gives it', async () => {
    const r = await readDataFile(FILE);
    expect(r.rowCount).toBe(golden.rows);
    expect(r.names).toEqual(golden.names);
    expect(r.kinds).toEqual(golden.classes.map((c) => KIND[c]));
    const horTh = r.columns[r.names.indexOf('horTh')] as (string | null)[];
    expect([...new Set(horTh)].sort()).toEqual(['no', 'yes']);
    const sub = r.columns[r.names.indexOf('in.subcohort')] as Float64Array;
    expect([sub[0], sub[1], Number.isNaN(sub[2] as number)]).toEqual([0, 1, true]);
  });

  it('types text fields by R 4.2.2 type.convert rules, whatever DuckDB sniffs', async () => {
    // Each column's R class, checked in R 4.2.2: type.convert(x, as.is = TRUE).
    const f = write(
      'spellings.csv',
      ['tf,TF2,tf_lower,tf_title,yn,y,num_special,plus,hex,big,dangling,blank_logical,all_na,date',
        'T,TRUE,true,True,yes,y,Inf,+5,0x1A,3000000000,1e,TRUE,NA,2020-01-31',
        'F,FALSE,false,False,no,n,-inf,7,0x10,1,2,,NA,2021-02-01',
        'NA,NA,NA,NA,NA,NA,NaN,NA,NA,NA,NA,FALSE,,'].join('\n') + '\n',
    );
    const r = await readDataFile(f);
    const kind = Object.fromEntries(r.names.map((n, j) => [n, r.kinds[j]]));
    expect(kind).toEqual({
      tf: 'boolean', TF2: 'boolean', tf_lower: 'string', tf_title: 'string', yn: 'string', y: 'string',
      num_special: 'number', plus: 'integer', hex: 'number', big: 'number', dangling: 'number',
      blank_logical: 'boolean', all_na: 'boolean', date: 'date',
    });
    const col = (n: string) => r.columns[r.names.indexOf(n)] as Float64Array;
    expect(Array.from(col('tf'))).toEqual([1, 0, Number.NaN]);
    expect(Array.from(col('num_special')).slice(0, 2)).toEqual([Infinity, -Infinity]);
    expect(Array.from(col('hex')).slice(0, 2)).toEqual([26, 16]);
    expect(Array.from(col('dangling')).slice(0, 2)).toEqual([1, 2]);
    expect(Array.from(col('big')).slice(0, 2)).toEqual([3e9, 1]);
    expect(r.columns[r.names.indexOf('tf_lower')]).toEqual(['true', 'false', null]);
  });

  it('reads a value late in the file that does not fit the type sniffed from the first rows', async () => {
    const lines = ['id,x,flag'];
    for (let i = 0; i < 25_000; i++) lines.push(`${i},${i % 7},${i % 2 ? 'T' : 'F'}`);
    lines.push('25000,seven,yes');
    const r = await readDataFile(write('late.csv', lines.join('\n') + '\n'));
    expect(r.rowCount).toBe(25_001);
    expect(r.kinds).toEqual(['integer', 'string', 'string']);
    expect((r.columns[1] as (string | null)[])[25_000]).toBe('seven');
    expect((r.columns[1] as (string | null)[])[3]).toBe('3');
  });

  it('reads Arrow IPC files (apache-arrow loaded on demand) with their own types', async () => {
    const f = join(dir, 't.arrow');
    writeFileSync(f, tableToIPC(tableFromArrays({ time: Float64Array.of(1, 2.5), g: ['a', 'b'], n: Int32Array.of(3, 4) })));
    const r = await readDataFile(f);
    expect(r.names).toEqual(['time', 'g', 'n']);
    expect(r.kinds).toEqual(['number', 'string', 'integer']);
    expect(Array.from(r.columns[0] as Float64Array)).toEqual([1, 2.5]);
    expect(r.columns[1]).toEqual(['a', 'b']);
  });

  it('reads only the columns asked for, in file order, ignoring names it does not have', async () => {
    const r = await readDataFile(FILE, { columns: ['time', 'horTh', 'no-such-column'] });
    expect(r.names).toEqual(['horTh', 'time']);
    expect(r.rowCount).toBe(golden.rows);
  });

  it('rejects a file it cannot read with a DataValidationError naming the file and row; a missing file is a UsageError', async () => {
    // Row 2 (line 3) has four fields under a two-column header.
    const bad = write('ragged.csv', 'a,b\n1,2\n3,4,5,6\n7,8\n');
    const err = await readDataFile(bad).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataValidationError);
    expect((err as DataValidationError).issues[0]).toMatchObject({ file: bad, row: 2 });
    const tsv = write('ragged.tsv', 'a\tb\n1\t2\n3\t4\t5\t6\n');
    const err2 = await readDataFile(tsv).catch((e: unknown) => e);
    expect(err2).toBeInstanceOf(DataValidationError);
    expect((err2 as DataValidationError).issues[0]?.file).toBe(tsv);
    await expect(readDataFile(join(dir, 'nope.csv'))).rejects.toBeInstanceOf(UsageError);
  });
});

describe('models on a read.csv-typed file: R names and numbers', () => {
  it.each(golden.cox.map((c) => [c.formula, c] as const))('coxph %s', async (_, c) => {
    const fit = coxph(c.formula, await readDataTable(FILE));
    expect(fit.columnNames).toEqual(c.names);
    expect([fit.n, fit.nEvent]).toEqual([c.n, c.nevent]);
    c.coef.forEach((b, j) => expect(close(fit.coefficients[j] as number, b, 1e-9), `coef ${c.names[j]}`).toBe(true));
    c.se.forEach((s, j) => expect(close(fit.naiveSe[j] as number, s, 1e-9), `se ${c.names[j]}`).toBe(true));
    expect(close(fit.loglik[1], c.loglik[1] as number, 1e-9)).toBe(true);
  });

  it.each(golden.km.map((k) => [k.formula, k] as const))('kaplanMeier %s', async (_, k) => {
    const fit = kaplanMeier(k.formula, await readDataTable(FILE));
    // R pads the labels of the second and later variables to a common width
    // (survival's strata() applies format()); the labels here are not padded.
    const trim = (labels: readonly string[]) => labels.map((l) => l.replace(/ +$/, '').replace(/ +,/g, ','));
    expect(fit.labels).toEqual(trim(k.strata));
    expect(fit.curves.map((c) => c.time.length > 0)).toEqual(k.strata.map(() => true));
    const at = fit.survivalAt(k.times);
    const ours = trim(k.summaryStrata).map((label, i) => {
      const curve = at.find((c) => c.label === label);
      if (!curve) throw new Error(`no curve ${label}`);
      return curve.surv[k.times.indexOf(k.times[i % k.times.length] as number)] as number;
    });
    ours.forEach((s, i) => expect(close(s, k.surv[i] as number, 1e-12)).toBe(true));
  });
});
