/**
 * The formula language on the command line: R's expressions in `--formula`
 * (the issue's `Surv(futime, ev == 2)` example), `--reference V=L` on every
 * formula command, `--tt` for cox, the Cox JSON contract (tests,
 * concordanceSe, dropped; under a study `dropped` is disclosure-controlled),
 * and hostile formulas (10^5 parentheses, very long, `(a + b)^1e9`) that must
 * end with exit 1 and a FormulaError, never a stack overflow.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCohort } from '../../datasets/index.js';
import { grantConsent } from '../../engine/consent/registry.js';
import { CANONICAL_TABLES } from '../../engine/schema.js';
import { CohortStore } from '../../engine/store.js';
import { coxph } from '../../models/survival/cox/cox.js';
import { readCsvColumns } from '../helpers/read-csv.js';
import { runCliCaptured, type CliResult } from '../helpers/run-cli.js';

const cli = (...argv: string[]): Promise<CliResult> => runCliCaptured(argv);
async function json(...argv: string[]): Promise<Record<string, unknown>> {
  const r = await cli(...argv, '--json');
  expect(r.code, r.err).toBe(0);
  return JSON.parse(r.out) as Record<string, unknown>;
}
const rel = (a: number, b: number): number => Math.abs(a - b) / Math.abs(b);
type Terms = { term: string; coef: number }[];

const golden = JSON.parse(readFileSync('test/golden/formula-language.json', 'utf8')) as {
  fits: { dataset: string; formula: string; tt?: string; ties: string; names: string[]; coef: number[]; lr: number[]; concordance: number[] }[];
};

describe('cox --formula with R expressions, against R coxph (test/golden/formula-language.R)', () => {
  for (const g of golden.fits.filter((f) => f.tt === undefined || f.tt === 'log' || f.tt === 'identity')) {
    it(`${g.formula}${g.tt ? ` --tt ${g.tt}` : ''}`, async () => {
      const extra = g.tt ? ['--tt', g.tt] : [];
      const j = await json('cox', '--data', `datasets/${g.dataset}.csv`, '--formula', g.formula, '--ties', g.ties, ...extra);
      const terms = j.terms as Terms;
      expect(terms.map((t) => t.term)).toEqual(g.names);
      terms.forEach((t, k) => expect(rel(t.coef, g.coef[k]!)).toBeLessThan(1e-6));
      const tests = j.tests as Record<string, { stat: number; df: number; p: number }>;
      expect(rel(tests.lr!.stat, g.lr[0]!)).toBeLessThan(1e-6);
      expect(rel(j.concordanceSe as number, g.concordance[1]!)).toBeLessThan(1e-5);
    });
  }

  it("the issue's example: Surv(time, status == 2) now fits (it said \"Unexpected character '='\")", async () => {
    const j = await json('cox', '--data', 'datasets/pbc.csv', '--formula', 'Surv(time, status == 2) ~ age + log(bili)');
    expect((j.terms as Terms).map((t) => t.term)).toEqual(['age', 'log(bili)']);
    // R: coxph(Surv(time, status == 2) ~ age + log(bili), pbc): events 161
    expect(j.events).toBe(161);
  });

  it('keeps every existing key and adds dropped, concordanceSe and tests {lr, wald, score}', async () => {
    const j = await json('cox', '--data', 'datasets/lung.csv', '--formula', 'Surv(time, status) ~ age + ph.ecog');
    expect(Object.keys(j)).toEqual(['n', 'events', 'dropped', 'loglik', 'concordance', 'concordanceSe', 'tests', 'terms', 'converged', 'warnings']);
    expect(j.dropped).toBe(1); // R: (1 observation deleted due to missingness)
    expect(Object.keys(j.tests as object)).toEqual(['lr', 'wald', 'score']);
    expect(Object.keys((j.tests as { lr: object }).lr)).toEqual(['stat', 'df', 'p']);
  });
});

describe('--reference V=L', () => {
  it('cox: same coefficients as relevel() in the formula, columns named as without it', async () => {
    const j = await json('cox', '--data', 'datasets/lung.csv', '--formula', 'Surv(time, status) ~ factor(ph.ecog) + sex', '--reference', 'ph.ecog=1');
    const lib = coxph('Surv(time, status) ~ relevel(factor(ph.ecog), ref = "1") + sex', readCsvColumns('datasets/lung.csv'));
    const terms = j.terms as Terms;
    expect(terms.map((t) => t.term)).toEqual(['factor(ph.ecog)0', 'factor(ph.ecog)2', 'factor(ph.ecog)3', 'sex']);
    terms.forEach((t, k) => expect(t.coef).toBeCloseTo(lib.coefficients[k]!, 10));
  });
  it('km orders the curves and rmst takes the contrast against the reference', async () => {
    const km = await json('km', '--data', 'datasets/lung.csv', '--formula', 'Surv(time, status) ~ sex', '--reference', 'sex=2');
    expect((km.strata as { strata?: string; label?: string }[]).map((s) => s.strata ?? s.label)).toEqual(['sex=2', 'sex=1']);
    const r = await json('rmst', '--data', 'datasets/lung.csv', '--formula', 'Surv(time, status) ~ sex', '--reference', 'sex=2', '--tau', '365');
    expect((r.contrast as { reference: string }).reference).toBe('sex=2');
  });
  it('is accepted by every formula command', async () => {
    const runs: string[][] = [
      ['km', '--data', 'datasets/lung.csv', '--formula', 'Surv(time, status) ~ ph.ecog'],
      ['logrank', '--data', 'datasets/lung.csv', '--formula', 'Surv(time, status) ~ ph.ecog'],
      ['logrank', '--data', 'datasets/lung.csv', '--formula', 'Surv(time, status) ~ ph.ecog', '--pairwise'],
      ['rmst', '--data', 'datasets/lung.csv', '--formula', 'Surv(time, status) ~ ph.ecog'],
      ['cox', '--data', 'datasets/lung.csv', '--formula', 'Surv(time, status) ~ ph.ecog'],
      ['zph', '--data', 'datasets/lung.csv', '--formula', 'Surv(time, status) ~ ph.ecog'],
      ['cif', '--data', 'datasets/pbc.csv', '--formula', 'Surv(time, status) ~ edema'],
      ['finegray', '--data', 'datasets/pbc.csv', '--formula', 'Surv(time, status) ~ edema', '--cause', '2'],
      ['aft', '--data', 'datasets/lung.csv', '--formula', 'Surv(time, status) ~ ph.ecog'],
      ['coxnet', '--data', 'datasets/lung.csv', '--formula', 'Surv(time, status) ~ ph.ecog + age', '--alpha', '1', '--lambda', '0.01'],
    ];
    for (const argv of runs) {
      const v = argv.some((a) => a.includes('pbc')) ? 'edema=1' : 'ph.ecog=1';
      const r = await cli(...argv, '--reference', v, '--json');
      expect(r.code, `${argv.join(' ')}: ${r.err}`).toBe(0);
      expect(r.out).not.toMatch(/ph\.ecog=0", "ph\.ecog=1"/);
    }
  });
  it('a variable not in the formula or a malformed entry is a usage error (exit 1) naming it', async () => {
    const a = await cli('cox', '--data', 'datasets/lung.csv', '--formula', 'Surv(time, status) ~ sex', '--reference', 'sx=2');
    expect(a.code).toBe(1);
    expect(a.err).toMatch(/'sx' is not a variable of the formula/);
    const b = await cli('km', '--data', 'datasets/lung.csv', '--formula', 'Surv(time, status) ~ sex', '--reference', 'sex');
    expect(b.code).toBe(1);
    expect(b.err).toMatch(/not V=L/);
    const c = await cli('km', '--data', 'datasets/lung.csv', '--formula', 'Surv(time, status) ~ sex', '--reference', 'sex=9');
    expect(c.code).toBe(1);
    expect(c.err).toMatch(/Reference level '9'/);
  });
});

describe('hostile formulas end with exit 1 and a FormulaError', () => {
  const attacks: [string, string, RegExp][] = [
    ['10^5 nested parentheses', 'Surv(time, status) ~ ' + '('.repeat(1e5) + 'age' + ')'.repeat(1e5), /too long/],
    ['4,000 nested parentheses (under the length limit)', 'Surv(time, status) ~ ' + '('.repeat(4000) + 'age' + ')'.repeat(4000), /nested too deeply/],
    ['1,500 nested calls', 'Surv(time, status) ~ ' + 'log('.repeat(1500) + 'age' + ')'.repeat(1500), /nested too deeply/],
    ['a 200,000-character formula', 'Surv(time, status) ~ ' + 'age + '.repeat(40000) + 'age', /too long/],
    ['(a + b)^1e9', 'Surv(time, status) ~ (age + sex)^1e9', /exponent of '\^' must be a positive integer/],
    ['2^16 interaction terms', 'Surv(time, status) ~ ' + Array.from({ length: 16 }, () => 'age').map((a, i) => `I(${a} + ${i})`).join('*'), /more than 2000 terms/],
  ];
  for (const [name, formula, message] of attacks) {
    it(name, async () => {
      for (const cmd of ['cox', 'km']) {
        const r = await cli(cmd, '--data', 'datasets/lung.csv', '--formula', formula);
        expect(r.code, r.err.slice(0, 300)).toBe(1);
        expect(r.err).toMatch(message);
        expect(r.err).not.toMatch(/RangeError|call stack|internal error/i);
        expect(r.err.length).toBeLessThan(2000);
      }
    });
  }
});

describe('cox under a study: dropped is a disclosure-controlled count', () => {
  let dir: string;
  let db: string;
  const LACKING = 3;
  const TABLE = ['--diagnosis', 'breast_cancer', '--endpoint', 'distant_metastasis,death', '--covariates', 'GRADE', '--unit', 'months'];
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'midia-cox-db-'));
    db = join(dir, 'c.duckdb');
    const cohort = generateCohort({ seed: 5, breast: 120, prostate: 0, ms: 0 });
    const lacking = new Set(cohort.patients.slice(0, LACKING).map((p) => p.pseudonym));
    const observations = cohort.observations.filter((o) => !(o.code === 'GRADE' && lacking.has(o.pseudonym)));
    const store = await CohortStore.open(db);
    try {
      for (const t of CANONICAL_TABLES) await store.importRecords(t, (t === 'observations' ? observations : cohort[t]) as never[]);
      for (const p of cohort.patients) await grantConsent(store, { pseudonym: p.pseudonym, purpose: 'research-general', effectiveAt: new Date('2000-01-01T00:00:00Z') });
    } finally {
      store.close();
    }
    for (const [id, min] of [['SHOW', '3'], ['HIDE', '5']] as const) {
      const reg = await cli('study', 'register', '--db', db, '--id', id, '--title', 'Grade', '--question', 'Does grade predict relapse?', '--responsible', 'Dr. B', '--purpose', 'research-general', '--approval', 'EK-2', '--min-cell-count', min);
      expect(reg.code, reg.err).toBe(0);
    }
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const argv = (): string[] => ['cox', ...TABLE, '--formula', 'Surv(time, status) ~ age + grade', '--db', db];

  it('shown at the minimum cell count, with tests and concordanceSe', async () => {
    const j = await json(...argv(), '--study', 'SHOW');
    expect(j.dropped).toBe(LACKING);
    expect(j).not.toHaveProperty('droppedNote');
    expect(Object.keys(j.tests as object)).toEqual(['lr', 'wald', 'score']);
    expect(typeof j.concordanceSe).toBe('number');
    const text = await cli(...argv(), '--study', 'SHOW');
    expect(text.out).toContain(`(${LACKING} observations deleted due to missingness)`);
  });
  it('hidden below it: null with a note, and the 3 nowhere in JSON or text (the attack: read the count of patients without a grade)', async () => {
    const r = await cli(...argv(), '--study', 'HIDE', '--json');
    expect(r.code, r.err).toBe(0);
    const j = JSON.parse(r.out) as Record<string, unknown>;
    expect(j.dropped).toBeNull();
    expect(j.droppedNote).toMatch(/fewer than 5 observations deleted due to missingness/);
    const text = await cli(...argv(), '--study', 'HIDE');
    expect(text.code, text.err).toBe(0);
    expect(text.out).toContain('fewer than 5 observations deleted due to missingness: count hidden');
    for (const out of [r.out, r.err, text.out, text.err]) {
      expect(out).not.toMatch(/\b3 observations/);
      expect(out).not.toMatch(/"dropped": 3\b/);
    }
  });
});
