/**
 * The contract of `midia compare` on a cohort written by `midia generate --supportive` and
 * imported with its study SYNTH: the exact JSON document, the measures and their order,
 * intervals around the estimates, n and events counting patients (checked against the
 * records), the treatment named by substance in any case or by its ATC code or prefix,
 * death competing unless named, bootstrap intervals reproducible with the seed, negative
 * controls, null estimates with warnings for a strategy nobody follows and for no eligible
 * patients, refusals (exit 2) and usage errors (exit 1), figures and the report.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliCaptured, type CliResult } from '../helpers/run-cli.js';

const cli = (...argv: string[]): Promise<CliResult> => runCliCaptured(argv);

interface Est { measure: string; estimate: number | null; lower: number | null; upper: number | null }
interface Contract { design: string; n: number | null; events: number | null; estimates: Est[]; naive: Est; warnings: string[]; negativeControls?: unknown }

let dir: string;
let db: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'midia-compare-'));
  const out = join(dir, 'cohort');
  const g = await cli('generate', '--out', out, '--breast', '1200', '--prostate', '0', '--ms', '0', '--seed', '7', '--supportive');
  expect(g.code, g.err).toBe(0);
  expect(existsSync(join(out, 'supportive-truth.json'))).toBe(true);
  db = join(dir, 'c.duckdb');
  const i = await cli('import', '--db', db, out);
  expect(i.code, i.err).toBe(0);
}, 180_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const CONTRACT = ['--diagnosis', 'breast_cancer', '--treatment', 'zoledronic_acid', '--control', 'none', '--design', 'clone-censor-weight', '--grace-days', '180', '--outcome', 'fracture', '--horizon-days', '1826'];
const run = (...extra: string[]) => cli('compare', '--db', db, '--study', 'SYNTH', ...extra);
const json = (r: CliResult): Contract => JSON.parse(r.out) as Contract;

describe('midia compare: the contract', () => {
  let first: Contract;
  beforeAll(async () => {
    const r = await run(...CONTRACT, '--covariates', 'age,NODES,GRADE', '--eligible', 'age>=50', '--json');
    expect(r.code, r.err).toBe(0);
    first = json(r);
  }, 120_000);

  it('prints exactly the contract document', () => {
    expect(Object.keys(first)).toEqual(['design', 'n', 'events', 'estimates', 'naive', 'warnings']);
    expect(first.design).toBe('clone-censor-weight');
    expect(first.estimates.map((e) => e.measure)).toEqual(['risk-difference', 'risk-ratio', 'hazard-ratio']);
    for (const e of [...first.estimates, first.naive]) {
      expect(Object.keys(e)).toEqual(['measure', 'estimate', 'lower', 'upper']);
      expect(e.lower!).toBeLessThan(e.estimate!);
      expect(e.upper!).toBeGreaterThan(e.estimate!);
    }
    expect(first.naive.measure).toBe('hazard-ratio');
    expect(Array.isArray(first.warnings)).toBe(true);
  });

  it('counts patients, not clones: n eligible women and men from 50 without prior fracture, events by the horizon', () => {
    expect(first.n).toBeGreaterThan(500);
    expect(first.n).toBeLessThan(1200);
    expect(first.events).toBeGreaterThan(5);
    expect(first.events).toBeLessThan(first.n!);
  });

  it('shows the naive ever-started estimate biased towards benefit (immortal time) against the emulation', () => {
    const hr = first.estimates[2]!;
    expect(first.naive.estimate!).toBeLessThan(hr.estimate!);
  });

  it('finds the therapy by substance in any case, by ATC code and by ATC prefix', async () => {
    for (const name of ['ZOLEDRONIC_ACID', 'M05BA08', 'M05BA']) {
      const args = CONTRACT.map((a) => (a === 'zoledronic_acid' ? name : a));
      const r = await run(...args, '--covariates', 'age,NODES,GRADE', '--eligible', 'age>=50', '--json');
      expect(r.code, r.err).toBe(0);
      expect(json(r).estimates).toEqual(first.estimates);
    }
  }, 120_000);

  it('makes death an outcome when named (no competing event): different risks', async () => {
    const r = await run(...CONTRACT.map((a) => (a === 'fracture' ? 'fracture,death' : a)), '--covariates', 'age,NODES,GRADE', '--eligible', 'age>=50', '--json');
    expect(r.code, r.err).toBe(0);
    const c = json(r);
    expect(c.events!).toBeGreaterThan(first.events!);
    expect(c.estimates[0]!.estimate).not.toBe(first.estimates[0]!.estimate);
  }, 60_000);
});

describe('midia compare: bootstrap, negative controls, files', () => {
  it('gives percentile bootstrap intervals, the same for the same seed', async () => {
    const args = [...CONTRACT, '--covariates', 'age,NODES', '--eligible', 'age>=50', '--bootstrap', '20', '--seed', '5', '--json'];
    const a = await run(...args);
    const b = await run(...args);
    expect(a.code, a.err).toBe(0);
    expect(a.out).toBe(b.out);
    const robust = json(await run(...CONTRACT, '--covariates', 'age,NODES', '--eligible', 'age>=50', '--json'));
    expect(json(a).estimates[0]!.estimate).toBe(robust.estimates[0]!.estimate);
    expect(json(a).estimates[0]!.lower).not.toBe(robust.estimates[0]!.lower);
  }, 180_000);

  it('analyses negative controls and calibrates the hazard ratio', async () => {
    const r = await run(...CONTRACT, '--covariates', 'age,NODES', '--eligible', 'age>=50', '--negative-controls', 'cataract,herpes_zoster,hearing_loss,dental_caries', '--json');
    expect(r.code, r.err).toBe(0);
    const c = json(r) as Contract & { negativeControls: { controls: { outcome: string }[]; systematicError: { mu: number; tau: number }; calibrated: { lower: number; upper: number } } };
    expect(Object.keys(c)).toEqual(['design', 'n', 'events', 'estimates', 'naive', 'warnings', 'negativeControls']);
    expect(c.negativeControls.controls.map((x) => x.outcome)).toEqual(['cataract', 'herpes_zoster', 'hearing_loss', 'dental_caries']);
    expect(c.negativeControls.systematicError.tau).toBeGreaterThanOrEqual(0);
    // calibration adds the systematic error's variance on the log scale (and shifts by mu): the interval of log HR widens
    const logWidth = (lo: number, hi: number): number => Math.log(hi) - Math.log(lo);
    expect(logWidth(c.negativeControls.calibrated.lower, c.negativeControls.calibrated.upper)).toBeGreaterThanOrEqual(logWidth(c.estimates[2]!.lower!, c.estimates[2]!.upper!) - 1e-12);
  }, 120_000);

  it('writes the figures and the report, and prints a text report without --json', async () => {
    const fig = join(dir, 'f.html');
    const rep = join(dir, 'r.json');
    const r = await run(...CONTRACT, '--covariates', 'age,NODES', '--eligible', 'age>=50', '--figure', fig, '--report', rep);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/treatment strategies +\(1\) start zoledronic_acid within 180 days/);
    expect(r.out).toMatch(/naive hazard-ratio/);
    const html = readFileSync(fig, 'utf8');
    for (const kind of ['trial-design', 'risk-curves', 'weight-distribution']) expect(html).toContain(kind);
    const report = JSON.parse(readFileSync(rep, 'utf8')) as { protocol: unknown[]; curves: { treatment: { time: number[] }; gridWidth: number }; diagnostics: { weights: unknown }; eValues: unknown };
    expect(report.protocol.length).toBe(8);
    expect(report.curves.treatment.time.every((t) => t % report.curves.gridWidth === 0)).toBe(true);
    expect(report.diagnostics.weights).not.toBeNull();
    expect(JSON.stringify(report)).not.toMatch(/P-[0-9a-f]{10}/);
  }, 60_000);
});

describe('midia compare: bad input', () => {
  it('a strategy nobody follows: null estimates and a warning, exit 0', async () => {
    const r = await run(...CONTRACT.map((a) => (a === 'zoledronic_acid' ? 'no_such_drug' : a)), '--covariates', 'age', '--json');
    expect(r.code, r.err).toBe(0);
    const c = json(r);
    expect(c.estimates.every((e) => e.estimate === null && e.lower === null && e.upper === null)).toBe(true);
    expect(c.warnings.join(' ')).toMatch(/no followers/);
    expect(r.out).not.toMatch(/NaN/);
  }, 60_000);

  it('no eligible patients: n 0, null estimates, a warning', async () => {
    const r = await run(...CONTRACT, '--eligible', 'age>=200', '--json');
    expect(r.code, r.err).toBe(0);
    const c = json(r);
    expect(c.n).toBe(0);
    expect(c.estimates.every((e) => e.estimate === null)).toBe(true);
    expect(c.warnings.join(' ')).toMatch(/no eligible patients/);
  }, 60_000);

  it('positivity: adjusting for age without restricting to the eligible ages warns', async () => {
    const r = await run(...CONTRACT, '--covariates', 'age,NODES', '--json');
    expect(r.code, r.err).toBe(0);
    expect(json(r).warnings.join(' ')).toMatch(/positivity|extreme weights|balance/);
  }, 60_000);

  it('refuses fewer eligible patients than the threshold (exit 2) and runs without --study never (exit 2)', async () => {
    const r = await run(...CONTRACT, '--min-cell', '5000', '--json');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/too few eligible patients/);
    const s = await cli('compare', '--db', db, ...CONTRACT, '--json');
    expect(s.code).toBe(2);
    expect(s.err).toMatch(/--study/);
  }, 60_000);

  it('usage errors exit 1, naming the flag', async () => {
    const cases: [string[], RegExp][] = [
      [CONTRACT.filter((a, i, all) => a !== '--grace-days' && all[i - 1] !== '--grace-days'), /grace period/],
      [CONTRACT.map((a) => (a === 'none' ? 'denosumab' : a)), /--control must be none/],
      [CONTRACT.map((a) => (a === 'fracture' ? 'broken_leg' : a)), /--outcome broken_leg/],
      [[...CONTRACT, '--covariates', 'age,BMI'], /--covariates BMI/],
      [[...CONTRACT, '--eligible', 'age~50'], /--eligible/],
      [[...CONTRACT, '--bootstrap', '2.5'], /--bootstrap/],
      [[...CONTRACT, '--figure', 'x.png'], /--figure/],
      [[...CONTRACT, '--frobnicate', '1'], /Unknown flag --frobnicate/],
    ];
    for (const [args, msg] of cases) {
      const r = await run(...args, '--json');
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.err).toMatch(msg);
    }
  }, 120_000);
});
