/**
 * `midia coxnet`: coefficients at a given lambda compared with R glmnet 4.1-6
 * (R 4.2.2): the exact fit at --lambda with test/golden/coxnet-exact.json
 * (`coef(fit, s, exact = TRUE, x, y)` on rotterdam, tolerance 1e-6 absolute),
 * and --interpolate with test/golden/coxnet.json (`coef(glmnet(x, Surv(time,
 * status), family = "cox", alpha), s = s)` on gbsg with censored times shifted
 * by 0.1 day, see test/golden/coxnet.R), tolerance 1e-4 * max(1, |b|) as the
 * model's golden test; and the CV choice.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCsvColumns } from '../helpers/read-csv.js';
import { runCliCaptured, type CliResult } from '../helpers/run-cli.js';

function cli(...argv: string[]): Promise<CliResult> {
  return runCliCaptured(argv);
}

interface GoldenCase { name: string; alpha: number; s: number[]; coef_s: number[][] }
const golden = JSON.parse(readFileSync('test/golden/coxnet.json', 'utf8')) as { cases: GoldenCase[] };
interface ExactCase { alpha: number; s: number; names: string[]; exact: number[]; interpolated: number[] }
const exactGolden = JSON.parse(readFileSync('test/golden/coxnet-exact.json', 'utf8')) as { formula: string; cases: ExactCase[] };
const FORMULA = 'Surv(tg, status) ~ age + meno + size + factor(grade) + nodes + pgr + er + hormon';

/** gbsg with the fixture's time: censored rows shifted by 0.1 day. */
function shiftedGbsg(): string {
  const d = readCsvColumns('datasets/gbsg.csv');
  const t = d.rfstime as Float64Array;
  const st = d.status as Float64Array;
  const cols = ['age', 'meno', 'size', 'grade', 'nodes', 'pgr', 'er', 'hormon'];
  const lines = [['tg', 'status', ...cols].join(',')];
  for (let i = 0; i < t.length; i++) {
    lines.push([t[i]! + (st[i] === 0 ? 0.1 : 0), st[i], ...cols.map((c) => (d[c] as Float64Array)[i])].join(','));
  }
  const dir = mkdtempSync(join(tmpdir(), 'midia-coxnet-'));
  const file = join(dir, 'gbsg-shifted.csv');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

/** rotterdam with death times, censored rows shifted by 0.1 day (column tg), as test/golden/coxnet-exact.R. */
function shiftedRotterdam(): string {
  const text = readFileSync('datasets/rotterdam.csv', 'utf8').trimEnd().split('\n');
  const head = (text[0] as string).split(',').map((h) => h.replace(/"/g, ''));
  const dtime = head.indexOf('dtime');
  const death = head.indexOf('death');
  const lines = [`${text[0]},"tg"`];
  for (const line of text.slice(1)) {
    const f = line.split(',');
    lines.push(`${line},${Number(f[dtime]) + (f[death] === '0' ? 0.1 : 0)}`);
  }
  const file = join(mkdtempSync(join(tmpdir(), 'midia-coxnet-')), 'rotterdam-shifted.csv');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

describe('midia coxnet', () => {
  const file = shiftedGbsg();
  const rotterdam = shiftedRotterdam();

  it('--lambda gives the exact fit at lambda, as glmnet coef(fit, s, exact = TRUE); --interpolate the interpolation', async () => {
    for (const c of exactGolden.cases) {
      const base = ['coxnet', '--data', rotterdam, '--formula', exactGolden.formula, '--alpha', String(c.alpha), '--lambda', String(c.s), '--json'];
      const r = await cli(...base);
      expect(r.code, r.err).toBe(0);
      const j = JSON.parse(r.out) as { exact: boolean; lambda: number; terms: { term: string; coef: number }[] };
      expect(j.exact).toBe(true);
      expect(j.terms.map((t) => t.term)).toEqual(c.names);
      j.terms.forEach((t, i) => expect(Math.abs(t.coef - (c.exact[i] as number)), `${t.term} at alpha ${c.alpha}, lambda ${c.s}`).toBeLessThan(1e-6));
      const ri = await cli(...base, '--interpolate');
      const ji = JSON.parse(ri.out) as typeof j;
      expect(ji.exact).toBe(false);
      ji.terms.forEach((t, i) => expect(Math.abs(t.coef - (c.interpolated[i] as number))).toBeLessThan(1e-4 * Math.max(1, Math.abs(c.interpolated[i] as number))));
    }
  });

  for (const alpha of [1, 0.5]) {
    it(`coefficients at --lambda --interpolate match glmnet coef(fit, s) for alpha = ${alpha}`, async () => {
      const c = golden.cases.find((k) => k.name === 'gbsg' && k.alpha === alpha)!;
      let maxRel = 0;
      for (let k = 0; k < c.s.length; k++) {
        const r = await cli('coxnet', '--data', file, '--formula', FORMULA, '--alpha', String(alpha), '--lambda', String(c.s[k]), '--interpolate', '--json');
        expect(r.code, r.err).toBe(0);
        const j = JSON.parse(r.out) as { lambda: number; choice: string; terms: { term: string; coef: number }[]; n: number; events: number; cv: unknown; exact: boolean };
        expect(j.exact).toBe(false);
        expect(j.choice).toBe('given');
        expect(j.lambda).toBe(c.s[k]);
        expect(j.n).toBe(686);
        expect(j.events).toBe(299);
        expect(j.cv).toBeNull();
        expect(j.terms.map((t) => t.term)).toEqual(['age', 'meno', 'size', 'factor(grade)2', 'factor(grade)3', 'nodes', 'pgr', 'er', 'hormon']);
        const want = c.coef_s[k]!;
        j.terms.forEach((t, i) => {
          const diff = Math.abs(t.coef - want[i]!);
          expect(diff).toBeLessThanOrEqual(1e-4 * Math.max(1, Math.abs(want[i]!)));
          if (want[i] !== 0) maxRel = Math.max(maxRel, diff / Math.abs(want[i]!));
        });
      }
      expect(maxRel).toBeLessThan(1e-3);
    });
  }

  it('--nfolds: reports the CV choice (lambda.1se by default, lambda.min on request), same seed same result', async () => {
    const base = ['coxnet', '--data', file, '--formula', FORMULA, '--alpha', '0.5', '--nfolds', '5', '--seed', '3', '--json'];
    const a = JSON.parse((await cli(...base)).out) as { lambda: number; choice: string; cv: { lambdaMin: number; lambda1se: number; nfolds: number }; terms: { coef: number }[] };
    const b = JSON.parse((await cli(...base)).out) as typeof a;
    expect(a).toEqual(b);
    expect(a.choice).toBe('lambda.1se');
    expect(a.cv.nfolds).toBe(5);
    expect(a.lambda).toBe(a.cv.lambda1se);
    expect(a.cv.lambda1se).toBeGreaterThanOrEqual(a.cv.lambdaMin);
    const m = JSON.parse((await cli(...base, '--s', 'lambda.min')).out) as typeof a;
    expect(m.choice).toBe('lambda.min');
    expect(m.lambda).toBe(a.cv.lambdaMin);
    // the CV choice equals asking for that lambda directly
    const direct = JSON.parse((await cli('coxnet', '--data', file, '--formula', FORMULA, '--alpha', '0.5', '--lambda', String(m.lambda), '--json')).out) as typeof a;
    expect(direct.terms).toEqual(m.terms);
  });

  it('text output, --help and usage errors', async () => {
    const t = await cli('coxnet', '--data', file, '--formula', FORMULA, '--lambda', '0.01');
    expect(t.code).toBe(0);
    expect(t.out).toMatch(/alpha = 1, n = 686, events = 299/);
    expect(t.out).toMatch(/factor\(grade\)3/);
    expect((await cli('coxnet', '--data', file, '--formula', FORMULA, '--lambda', '0.01', '--interpolate')).out).toMatch(/interpolated on the path/);
    const h = await cli('coxnet', '--help');
    expect(h.code).toBe(0);
    expect(h.out).toMatch(/--nfolds K/);
    expect((await cli('coxnet', '--data', file, '--formula', FORMULA)).code).toBe(1);
    expect((await cli('coxnet', '--data', file, '--formula', FORMULA, '--lambda', '0.01', '--alpha', '2')).code).toBe(1);
    expect((await cli('coxnet', '--data', file, '--formula', FORMULA, '--nfolds', '2')).code).toBe(1);
    const strata = await cli('coxnet', '--data', file, '--formula', 'Surv(tg, status) ~ age + strata(meno)', '--lambda', '0.01');
    expect(strata.code).toBe(1);
    expect(strata.err).toMatch(/strata/);
  });
});
