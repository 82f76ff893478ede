/**
 * `midia lmm`: the JSON contract of issue 15 (`{"fixef":[{"term","estimate","se"}],
 * "varcorr":{"<group>":{"sd":{...},"corr"},"residualSd"},"loglik","reml"}`) equal to
 * lme4::lmer at the converged optimum (test/golden/lmm.json, R 4.2.2, lme4 1.1-31;
 * tolerances as test/models/mixed/lmm-golden.test.ts: 1e-6 relative for estimates,
 * standard errors and sds, 1e-6 absolute for correlations and logLik), the text print,
 * exit codes of bad input, and --db runs: through the consent gate, recorded in the
 * ledger, disclosure-controlled, equal to the same rows given as a file.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCohort } from '../../datasets/index.js';
import { grantConsent, revokeConsent } from '../../engine/consent/registry.js';
import { CANONICAL_TABLES } from '../../engine/schema.js';
import { CohortStore } from '../../engine/store.js';
import { runCliCaptured, type CliResult } from '../helpers/run-cli.js';

function cli(...argv: string[]): Promise<CliResult> {
  return runCliCaptured(argv);
}

interface Golden {
  fixef: { term: string[]; estimate: number[]; se: number[] };
  sdNames: string | string[];
  sd: number | number[];
  corr: number | number[][] | null;
  residualSd: number;
  loglik: number;
}
const golden = (JSON.parse(readFileSync('test/golden/lmm.json', 'utf8')) as { fits: Record<string, Golden> }).fits;
const arr = <T,>(x: T | T[]): T[] => (Array.isArray(x) ? x : [x]);
const rel = (a: number, b: number): number => Math.abs(a - b) / Math.abs(b);

interface LmmOut {
  fixef: { term: string; estimate: number; se: number }[];
  varcorr: Record<string, { sd: Record<string, number>; corr: number | number[][] | null } | number>;
  loglik: number;
  reml: boolean;
  n: number | null;
  dropped: number | null;
  groups: { name: string; count: number | null; singleObservation: number | null; minObs?: number };
  warnings: string[];
  disclosure?: { threshold: number; removed: string[]; warnings: string[] };
}

function expectGolden(out: LmmOut, g: Golden, group: string): void {
  expect(out.fixef.map((f) => f.term)).toEqual(g.fixef.term);
  out.fixef.forEach((f, i) => {
    expect(rel(f.estimate, g.fixef.estimate[i]!)).toBeLessThan(1e-6);
    expect(rel(f.se, g.fixef.se[i]!)).toBeLessThan(1e-6);
  });
  expect(Object.keys(out.varcorr)).toEqual([group, 'residualSd']);
  const vc = out.varcorr[group] as { sd: Record<string, number>; corr: number | number[][] | null };
  expect(Object.keys(vc.sd)).toEqual(arr(g.sdNames));
  Object.values(vc.sd).forEach((s, r) => expect(rel(s, arr(g.sd)[r]!)).toBeLessThan(1e-6));
  if (g.corr === null) expect(vc.corr).toBeNull();
  else if (typeof g.corr === 'number') expect(Math.abs((vc.corr as number) - g.corr)).toBeLessThan(1e-6);
  else g.corr.forEach((row, r) => row.forEach((v, c) => expect(Math.abs((vc.corr as number[][])[r]![c]! - v)).toBeLessThan(1e-6)));
  expect(rel(out.varcorr.residualSd as number, g.residualSd)).toBeLessThan(1e-6);
  expect(Math.abs(out.loglik - g.loglik)).toBeLessThan(1e-6);
}

describe('midia lmm --data: the JSON contract equals lme4::lmer', () => {
  it('(Days | Subject) REML: fixef, se, VarCorr with a correlation number, residualSd, loglik, reml', async () => {
    const r = await cli('lmm', '--data', 'test/golden/lmm-sleepstudy.csv', '--formula', 'Reaction ~ Days + (Days | Subject)', '--json');
    expect(r.code, r.err).toBe(0);
    const out = JSON.parse(r.out) as LmmOut;
    expect(out.reml).toBe(true);
    expectGolden(out, golden.sleepReml!, 'Subject');
  });

  it('--ml: maximum likelihood (REML = FALSE)', async () => {
    const r = await cli('lmm', '--data', 'test/golden/lmm-sleepstudy.csv', '--formula', 'Reaction ~ Days + (Days | Subject)', '--ml', '--json');
    expect(r.code, r.err).toBe(0);
    const out = JSON.parse(r.out) as LmmOut;
    expect(out.reml).toBe(false);
    expectGolden(out, golden.sleepMl!, 'Subject');
  });

  it('a random intercept (corr null), three random effects (corr a matrix), ns() with missing values dropped and counted', async () => {
    const ri = await cli('lmm', '--data', 'test/golden/lmm-trajectories.csv', '--formula', 'y ~ arm + time + (1 | id)', '--json');
    expect(ri.code, ri.err).toBe(0);
    const a = JSON.parse(ri.out) as LmmOut;
    expectGolden(a, golden.trajIntercept!, 'id');
    expect(a.dropped).toBe(6);
    expect(a.groups).toMatchObject({ name: 'id', count: 120, singleObservation: 8 });
    const q3 = await cli('lmm', '--data', 'test/golden/lmm-trajectories.csv', '--formula', 'y ~ ns(time, df = 3) + (1 + time + I(time^2) | id)', '--json');
    expect(q3.code, q3.err).toBe(0);
    expectGolden(JSON.parse(q3.out) as LmmOut, golden.trajQuadratic!, 'id');
    const ns = await cli('lmm', '--data', 'test/golden/lmm-trajectories.csv', '--formula', 'y ~ arm + age + ns(time, df = 3) + (time | id)', '--ml', '--json');
    expect(ns.code, ns.err).toBe(0);
    const c = JSON.parse(ns.out) as LmmOut;
    expectGolden(c, golden.trajMl!, 'id');
    expect(c.dropped).toBe(18);
    expect(c.warnings).toContain('8 id values have one observation (rows 85, 156, 215, 346, 347, 348, 360, 499): they inform the random intercept, not the random slope');
  });

  it('prints like summary(lmer) without --json', async () => {
    const r = await cli('lmm', '--data', 'test/golden/lmm-sleepstudy.csv', '--formula', 'Reaction ~ Days + (Days | Subject)');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/^Linear mixed model fit by REML/);
    expect(r.out).toMatch(/Random effects:\n Groups\s+Name\s+Variance\s+Std\.Dev\.\s+Corr\n Subject\s+\(Intercept\)/);
    expect(r.out).toMatch(/Fixed effects:\n\s+Estimate\s+Std\. Error\s+t value\n\(Intercept\)\s+251\.41/);
  });

  it('--reference sets the reference level of a fixed-effect factor', async () => {
    const r = await cli('lmm', '--data', 'test/golden/lmm-trajectories.csv', '--formula', 'y ~ arm + time + (1 | id)', '--reference', 'arm=b', '--json');
    expect(r.code, r.err).toBe(0);
    const out = JSON.parse(r.out) as LmmOut;
    expect(out.fixef.map((f) => f.term)).toEqual(['(Intercept)', 'arma', 'time']);
    expect(out.fixef[1]!.estimate).toBeCloseTo(-golden.trajIntercept!.fixef.estimate[1]!, 6);
  });
});

describe('midia lmm: bad input', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'midia-lmm-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a malformed or unsupported formula is a usage error (exit 1) naming the token', async () => {
    const none = await cli('lmm', '--data', 'test/golden/lmm-sleepstudy.csv', '--formula', 'Reaction ~ Days', '--json');
    expect(none.code).toBe(1);
    expect(none.err).toMatch(/No random-effects term/);
    const two = await cli('lmm', '--data', 'test/golden/lmm-sleepstudy.csv', '--formula', 'Reaction ~ Days + (1 | Subject) + (0 + Days | Subject)');
    expect(two.code).toBe(1);
    expect(two.err).toMatch(/Only one random-effects term/);
  });

  it('a grouping column that is not in the file: exit 1 naming it', async () => {
    const r = await cli('lmm', '--data', 'test/golden/lmm-sleepstudy.csv', '--formula', 'Reaction ~ Days + (Days | patient)');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/Unrecognized column: patient/);
  });

  it('a row without its patient: exit 2 naming file, row and field', async () => {
    const file = join(dir, 'psa.csv');
    writeFileSync(file, 'id,time,psa\nA,0,1.2\nA,1,1.5\n,2,1.9\nB,0,0.8\nB,1,0.9\nB,2,1.4\nC,0,2.0\nC,1,2.2\n');
    const r = await cli('lmm', '--data', file, '--formula', 'psa ~ time + (1 | id)');
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${file}, row 3, field 'id': missing id`);
  });

  it('every patient seen once with a random slope: exit 2 naming the rows', async () => {
    const file = join(dir, 'once.csv');
    writeFileSync(file, 'id,time,psa\nA,0,1.2\nB,1,1.5\nC,2,1.9\nD,0,0.8\nE,1,0.9\n');
    const r = await cli('lmm', '--data', file, '--formula', 'psa ~ 1 + (time | id)');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}, row 1, field 'id': id A has 1 observation: no id has two observations with different time, so the random slope for time in \\(time \\| id\\) is not identifiable`));
  });
});

describe('midia lmm --db: through the consent gate, recorded, disclosure-controlled', () => {
  let dir: string;
  let db: string;
  let revoked: string[];
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'midia-lmm-db-'));
    db = join(dir, 'c.duckdb');
    const cohort = generateCohort({ seed: 11, breast: 10, prostate: 40, ms: 40 });
    const store = await CohortStore.open(db);
    try {
      for (const t of CANONICAL_TABLES) await store.importRecords(t, cohort[t] as never[]);
      for (const p of cohort.patients) await grantConsent(store, { pseudonym: p.pseudonym, purpose: 'research-general', effectiveAt: new Date('2000-01-01T00:00:00Z') });
      revoked = cohort.patients.filter((p) => p.diagnosis === 'multiple_sclerosis').slice(0, 3).map((p) => p.pseudonym);
      for (const p of revoked) await revokeConsent(store, { pseudonym: p, purpose: 'research-general', effectiveAt: new Date('2020-01-01T00:00:00Z') });
    } finally {
      store.close();
    }
    for (const [id, min] of [['TRAJ', '5'], ['TINY', '100000']] as const) {
      const reg = await cli('study', 'register', '--db', db, '--id', id, '--title', 'Marker trajectories', '--question', 'How do markers change over follow-up?', '--responsible', 'Dr. M', '--purpose', 'research-general', '--approval', 'EK-2', '--min-cell-count', min, '--access', 'row-level');
      expect(reg.code, reg.err).toBe(0);
    }
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const formula = 'value ~ code + (1 | pseudonym)';

  it('fits the consenting patients only, equal to the same rows as a file, and writes no per-patient values', async () => {
    const r = await cli('lmm', '--db', db, '--study', 'TRAJ', '--table', 'observations', '--formula', formula, '--json');
    expect(r.code, r.err).toBe(0);
    const out = JSON.parse(r.out) as LmmOut;
    expect(out.groups.minObs).toBeUndefined();
    expect(out.disclosure!.removed).toEqual(['groups.minObs', 'groups.medianObs', 'groups.maxObs']);
    for (const p of revoked) expect(r.out).not.toContain(p);
    const q = await cli('query', '--db', db, '--study', 'TRAJ', '--format', 'csv', 'SELECT pseudonym, code, value FROM observations');
    expect(q.code, q.err).toBe(0);
    for (const p of revoked) expect(q.out).not.toContain(p);
    const file = join(dir, 'obs.csv');
    writeFileSync(file, q.out);
    const f = await cli('lmm', '--data', file, '--formula', formula, '--json');
    expect(f.code, f.err).toBe(0);
    const plain = JSON.parse(f.out) as LmmOut;
    expect(out.n).toBe(plain.n);
    expect(out.groups.count).toBe(plain.groups.count);
    out.fixef.forEach((t, i) => expect(t.estimate).toBeCloseTo(plain.fixef[i]!.estimate, 8));
    expect(out.loglik).toBeCloseTo(plain.loglik, 6);
  });

  it('records the run in the ledger under the study', async () => {
    const r = await cli('lmm', '--db', db, '--study', 'TRAJ', '--table', 'observations', '--formula', formula, '--ml');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/fit by maximum likelihood/);
    expect(r.out).not.toMatch(/Scaled residuals|Observations per/);
    const list = await cli('ledger', 'list', '--db', db, '--study', 'TRAJ', '--json');
    expect(list.code, list.err).toBe(0);
    const entries = JSON.parse(list.out) as unknown;
    expect(JSON.stringify(entries)).toContain('"lmm"');
  });

  it('hides the estimates of a model on fewer patients than the minimum cell count', async () => {
    const r = await cli('lmm', '--db', db, '--study', 'TINY', '--table', 'observations', '--formula', formula, '--json');
    expect(r.code, r.err).toBe(0);
    const out = JSON.parse(r.out) as LmmOut & Record<string, unknown>;
    expect(out.fixef).toBeUndefined();
    expect(out.varcorr).toBeUndefined();
    expect(out.loglik).toBeUndefined();
    expect(out.n).toBeNull();
    expect(out.disclosure!.warnings[0]).toMatch(/fewer than 100000 rows or pseudonym values: counts and estimates hidden/);
  });

  it('refuses a --db run without --study', async () => {
    const r = await cli('lmm', '--db', db, '--table', 'observations', '--formula', formula);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--study ID is required/);
  });
});
