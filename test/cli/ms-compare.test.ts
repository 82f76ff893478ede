/**
 * `midia ms compare` on a cohort database: a seeded synthetic MS registry with
 * confounding by indication (active patients get high-efficacy drugs), a
 * registered study, one revoked patient. Checks the new-user cohort against the
 * records, that weighting improves balance (max |SMD| after < before), the JSON
 * shape, determinism, suppression of small counts, the love plot, subgroups
 * from --subgroup and --by-cluster, the ledger entry and flag errors.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateMsRegistry } from '../../datasets/ms-registry/index.js';
import { dmtEpisodes } from '../../models/ms/pathways/dmt-episodes.js';
import { runCliCaptured, type CliResult } from '../helpers/run-cli.js';
import { writeConsentedMsStore } from '../helpers/ms-store.js';

function cli(...argv: string[]): Promise<CliResult> {
  return runCliCaptured(argv);
}

interface Effect { measure: string; ratio: number; lower: number; upper: number; p: number }
interface CompareJson {
  comparison: { by: string; treatment: string; control: string };
  outcome: string;
  patients: { treated: number | null; control: number | null; missingCovariates: number | null };
  propensity: { formula: string; converged: boolean; coefficients: { term: string; estimate: number | null }[] };
  adjustment: { kind: string; estimand: string; effectiveSampleSize?: { treated: number; control: number }; matchedTreated?: number | null };
  balance: { covariate: string; binary: boolean; smdBefore: number; smdAfter: number; meanTreatedBefore: number | null }[];
  maxAbsSmd: { before: number; after: number };
  effect: Effect & { model: string; events: { treated: number | null; control: number | null } };
  subgroups: { variable: string; levels: { level: string; treated: number | null; control: number | null; effect: Effect | null }[]; interaction: { statistic: number; df: number; p: number } | null } | null;
  figure: string | null;
  threshold: number;
  warnings: string[];
}

const registry = generateMsRegistry({ seed: 11, patients: 120 });
const { records } = registry;
// the revoked patient is a DMT user, so that leaving them out changes the cohort
const revoked = records.treatments[0]?.pseudonym as string;
const admitted = new Set(records.patients.map((p) => p.pseudonym).filter((p) => p !== revoked));
let dir: string;
let db: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'midia-ms-compare-'));
  db = join(dir, 'ms.duckdb');
  await writeConsentedMsStore(db, records, revoked);
  const reg = await cli('study', 'register', '--db', db, '--id', 'MSX', '--title', 'High vs moderate', '--question', 'Do high-efficacy DMTs reduce relapses?', '--responsible', 'Dr. M', '--purpose', 'research-general', '--approval', 'EK-4', '--min-cell-count', '5', '--access', 'row-level'); // ms cluster --assignments is row-level output
  expect(reg.code, reg.err).toBe(0);
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const base = ['ms', 'compare', '--by', 'class', '--treatment', 'high', '--control', 'moderate'];
const run = (...extra: string[]) => cli(...base, '--db', db, '--study', 'MSX', ...extra);

/** New users of high vs moderate efficacy computed from the records: first episode of either class per patient. */
function expectedArms(ids: ReadonlySet<string>): { treated: number; control: number } {
  const recs = records.treatments
    .filter((t) => ids.has(t.pseudonym) && (t.intent === 'disease_modifying' || t.class === 'dmt_moderate' || t.class === 'dmt_high'))
    .map((t) => ({ id: t.pseudonym, drug: t.substance, start: t.start, stop: t.stop ?? null }));
  const first = new Map<string, string | null>();
  for (const e of dmtEpisodes(recs).episodes) if (!first.has(e.id) && e.efficacy !== null) first.set(e.id, e.efficacy);
  const arms = [...first.values()];
  return { treated: arms.filter((a) => a === 'high').length, control: arms.filter((a) => a === 'moderate').length };
}

describe('midia ms compare', () => {
  it('compares new users of high vs moderate efficacy: IPTW improves balance, robust Cox HR, ledger entry', async () => {
    const r = await run('--json');
    expect(r.code, r.err).toBe(0);
    const j = JSON.parse(r.out) as CompareJson;
    const truth = expectedArms(admitted);
    expect(j.patients.treated).toBe(truth.treated);
    expect(j.patients.control).toBe(truth.control);
    const withRevoked = expectedArms(new Set(records.patients.map((p) => p.pseudonym)));
    expect(withRevoked.treated + withRevoked.control).toBe(truth.treated + truth.control + 1);
    expect(j.adjustment).toMatchObject({ kind: 'iptw', estimand: 'ATE' });
    expect(j.balance.map((b) => b.covariate)).toEqual(expect.arrayContaining(['age', 'female', 'edss', 'relapses2y']));
    // confounding by indication: prior relapses drive high-efficacy starts
    const rel = j.balance.find((b) => b.covariate === 'relapses2y');
    expect(Math.abs(rel?.smdBefore ?? 0)).toBeGreaterThan(0.2);
    expect(j.maxAbsSmd.after).toBeLessThan(j.maxAbsSmd.before);
    expect(j.effect).toMatchObject({ model: 'cox', measure: 'hazard ratio' });
    const pos = (j.propensity as unknown as { positivity: { treated: { q05: number; median: number; q95: number }; control: { median: number } } }).positivity;
    expect(pos.treated.q05).toBeLessThanOrEqual(pos.treated.median);
    expect(pos.treated.median).toBeLessThanOrEqual(pos.treated.q95);
    // the treated (high efficacy, more prior relapses) have higher scores
    expect(pos.treated.median).toBeGreaterThan(pos.control.median);
    expect(j.effect.lower).toBeLessThan(j.effect.ratio);
    expect(j.effect.upper).toBeGreaterThan(j.effect.ratio);
    expect(j.subgroups).toBeNull();
    const again = await run('--json');
    expect(again.out).toBe(r.out);
    const list = await cli('ledger', 'list', '--db', db, '--json');
    expect(list.out).toContain('ms compare');
  }, 60_000);

  it('balances exactly with overlap weights, and by matching; ARR rate ratio and CDW hazard ratio', async () => {
    const o = JSON.parse((await run('--weights', 'overlap', '--json')).out) as CompareJson;
    expect(o.adjustment.estimand).toBe('ATO');
    // overlap weights balance the PS-model covariates exactly (Li, Morgan & Zaslavsky 2018)
    expect(o.maxAbsSmd.after).toBeLessThan(1e-8);
    const att = JSON.parse((await run('--weights', 'att', '--json')).out) as CompareJson;
    expect(att.adjustment.estimand).toBe('ATT');
    expect(att.maxAbsSmd.after).toBeLessThan(att.maxAbsSmd.before);
    const en = await run('--enet', '0.01,0.5', '--json');
    expect(en.code, en.err).toBe(0);
    const enj = JSON.parse(en.out) as CompareJson & { propensity: { elasticNet: { lambda: number; alpha: number } } };
    expect(enj.propensity.elasticNet).toEqual({ lambda: 0.01, alpha: 0.5 });
    // a penalized PS shrinks the coefficients towards 0
    const coef = (x: CompareJson, t: string) => Math.abs(x.propensity.coefficients.find((c) => c.term === t)?.estimate ?? NaN);
    expect(coef(enj, 'relapses2y')).toBeLessThan(coef(o, 'relapses2y'));
    const m = await run('--method', 'match', '--caliper', '0.5', '--json');
    expect(m.code, m.err).toBe(0);
    const mj = JSON.parse(m.out) as CompareJson;
    expect(mj.adjustment).toMatchObject({ kind: 'match', estimand: 'ATT' });
    expect(mj.maxAbsSmd.after).toBeLessThan(mj.maxAbsSmd.before);
    expect((mj.effect as unknown as { formula: string }).formula).toContain('cluster(pair)');
    const ma = await run('--method', 'match', '--caliper', '0.5', '--outcome', 'arr', '--json');
    expect(ma.code, ma.err).toBe(0);
    const a = JSON.parse((await run('--outcome', 'arr', '--json')).out) as CompareJson;
    expect(a.effect).toMatchObject({ model: 'negative.binomial', measure: 'rate ratio' });
    expect(a.effect.ratio).toBeGreaterThan(0);
    const p = JSON.parse((await run('--outcome', 'arr', '--arr-model', 'poisson', '--json')).out) as CompareJson;
    expect(p.effect.model).toBe('poisson');
    // by drug: new users of ocrelizumab vs natalizumab, counted from the records
    const d = await cli('ms', 'compare', '--db', db, '--study', 'MSX', '--treatment', 'Ocrelizumab', '--control', 'natalizumab', '--json');
    expect(d.code, d.err).toBe(0);
    const dj = JSON.parse(d.out) as CompareJson;
    const recs = records.treatments.filter((t) => admitted.has(t.pseudonym)).map((t) => ({ id: t.pseudonym, drug: t.substance, start: t.start, stop: t.stop ?? null }));
    const firstOf = new Map<string, string>();
    for (const e of dmtEpisodes(recs).episodes) if (!firstOf.has(e.id) && (e.drug === 'ocrelizumab' || e.drug === 'natalizumab')) firstOf.set(e.id, e.drug);
    expect(dj.patients.treated).toBe([...firstOf.values()].filter((x) => x === 'ocrelizumab').length);
    expect(dj.patients.control).toBe([...firstOf.values()].filter((x) => x === 'natalizumab').length);
    expect(dj.balance.map((b) => b.covariate)).toContain('priorTherapy');
    const c = await run('--outcome', 'cdw', '--json');
    expect(c.code, c.err).toBe(0);
    expect((JSON.parse(c.out) as CompareJson).effect.measure).toBe('hazard ratio');
  }, 60_000);

  it('reports subgroup effects with the interaction test, suppressing small counts across levels', async () => {
    const d = await run('--outcome', 'arr', '--subgroup', 'sex', '--json');
    expect(d.code, d.err).toBe(0);
    const dj = JSON.parse(d.out) as CompareJson;
    expect(dj.subgroups?.variable).toBe('sex');
    expect(dj.subgroups?.levels.map((l) => l.level)).toEqual(['female', 'male']);
    expect(dj.subgroups?.interaction?.df).toBe(1);
    expect(dj.subgroups?.interaction?.p).toBeGreaterThan(0);
    expect(dj.subgroups?.levels.every((l) => l.effect !== null && l.effect.lower < l.effect.ratio)).toBe(true);

    const r = await run('--outcome', 'arr', '--subgroup', 'sex', '--min-cell', '20', '--json');
    expect(r.code, r.err).toBe(0);
    const j = JSON.parse(r.out) as CompareJson;
    expect(j.threshold).toBe(20);
    const levels = j.subgroups?.levels ?? [];
    for (const l of levels) {
      for (const n of [l.treated, l.control]) if (n !== null) expect(n === 0 || n >= 20).toBe(true);
      if (l.treated === null || l.control === null) expect(l.effect).toBeNull();
    }
    // with threshold 20 the male high-efficacy arm is small: hidden with its effect, and (arm totals being public)
    // a second cell of that arm hidden too, so no hidden count follows from the total
    expect(levels.some((l) => l.treated === null && l.effect === null)).toBe(true);
    for (const arm of ['treated', 'control'] as const) expect(levels.filter((l) => l[arm] === null).length).not.toBe(1);
    expect(j.subgroups?.interaction).toBeNull();
    expect(j.warnings.join(' ')).toMatch(/no subgroup effects or interaction test/);
    for (const n of [j.patients.treated, j.patients.control, j.effect.events.treated, j.effect.events.control]) if (n !== null) expect(n === 0 || n >= 20).toBe(true);
  }, 60_000);

  it('takes subgroups from ms cluster assignments and writes a love plot', async () => {
    const file = join(dir, 'clusters.csv');
    const cl = await cli('ms', 'cluster', '--db', db, '--study', 'MSX', '--method', 'grid-pam', '--k', '2', '--bootstrap', '0', '--assignments', file, '--json');
    expect(cl.code, cl.err).toBe(0);
    const fig = join(dir, 'love.html');
    const r = await run('--by-cluster', file, '--figure', fig, '--json');
    expect(r.code, r.err).toBe(0);
    const j = JSON.parse(r.out) as CompareJson;
    expect(j.subgroups?.variable).toBe('cluster');
    expect(j.subgroups?.levels.map((l) => l.level)).toEqual(['1', '2']);
    expect(j.figure).toBe(fig);
    const html = readFileSync(fig, 'utf8');
    expect(html).toContain('relapses2y');
    expect(html.toLowerCase()).toContain('plotly');
    const text = await run();
    expect(text.code, text.err).toBe(0);
    expect(text.out).toMatch(/max \|SMD\| [\d.]+ before, [\d.]+ after/);
    expect(text.out).toMatch(/hazard ratio/);
  }, 60_000);

  it('refuses bad flags naming them, and runs only for a registered study', async () => {
    const cases: [string[], RegExp][] = [
      [['ms', 'compare', '--db', db, '--study', 'MSX', '--control', 'moderate'], /--treatment/],
      [[...base.slice(0, 4), 'fast', '--control', 'moderate', '--db', db, '--study', 'MSX'], /--treatment/],
      [['ms', 'compare', '--treatment', 'ocrelizumab', '--control', 'Ocrelizumab', '--db', db, '--study', 'MSX'], /must differ/],
      [[...base, '--db', db, '--study', 'MSX', '--outcome', 'death'], /--outcome/],
      [[...base, '--db', db, '--study', 'MSX', '--method', 'ipw'], /--method/],
      [[...base, '--db', db, '--study', 'MSX', '--weights', 'raw'], /--weights/],
      [[...base, '--db', db, '--study', 'MSX', '--truncate', '0.7'], /--truncate/],
      [[...base, '--db', db, '--study', 'MSX', '--caliper', '0.1'], /--caliper/],
      [[...base, '--db', db, '--study', 'MSX', '--method', 'match', '--caliper', '-1'], /--caliper/],
      [[...base, '--db', db, '--study', 'MSX', '--figure', 'love.png'], /--figure/],
      [[...base, '--db', db, '--study', 'MSX', '--subgroup', 'eyes'], /--subgroup/],
      [[...base, '--db', db, '--study', 'MSX', '--subgroup', 'sex', '--by-cluster', 'x.csv'], /--subgroup or --by-cluster/],
      [[...base, '--db', db, '--study', 'MSX', '--covariates', 'age,shoe'], /--covariates/],
      [[...base, '--db', db, '--study', 'MSX', '--min-cell', '3'], /--min-cell/],
      [[...base, '--db', db, '--study', 'MSX', '--ridge', '-1'], /--ridge/],
      [[...base, '--db', db, '--study', 'MSX', '--enet', '0.1,2'], /--enet/],
      [[...base, '--db', db, '--study', 'MSX', '--enet', '0.1', '--ridge', '1'], /--ridge or --enet/],
      [[...base, '--db', db, '--study', 'MSX', '--arm', 'x'], /--arm/],
      [[...base, '--db', db, '--study', 'MSX', '--min-cell', '500'], /too few new users/],
      [[...base, '--db', db], /--study/],
    ];
    for (const [argv, msg] of cases) {
      const r = await cli(...argv);
      expect(r.code, argv.join(' ')).not.toBe(0);
      expect(r.err, argv.join(' ')).toMatch(msg);
    }
  }, 60_000);
});
