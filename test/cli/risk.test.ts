/**
 * `midia risk train|evaluate|compare|predict` on gbsg. Golden values from
 * test/golden/risk-cli.json (R 4.2.2, survival 3.5-3: coxph coefficients and
 * concordance(fit), see test/golden/risk-cli.R), compared to relative 1e-6.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadModelArtifact } from '../../models/risk/artifact/load.js';
import { predictRisk } from '../../models/risk/artifact/predict-risk.js';
import { runCliCaptured, type CliResult } from '../helpers/run-cli.js';

function cli(...argv: string[]): Promise<CliResult> {
  return cliWith(false, ...argv);
}

function cliWith(showProgress: boolean, ...argv: string[]): Promise<CliResult> {
  return runCliCaptured(argv, { showProgress });
}

const golden = JSON.parse(readFileSync('test/golden/risk-cli.json', 'utf8')) as { names: string[]; coef: number[]; concordance: number; concordance_se: number; n: number; events: number };
const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);
const FULL = 'Surv(rfstime, status) ~ age + meno + size + factor(grade) + nodes + pgr + er + hormon';
const SMALL = 'Surv(rfstime, status) ~ age + size + nodes';
const dir = mkdtempSync(join(tmpdir(), 'midia-risk-'));
const full = join(dir, 'gbsg-full.json');
const small = join(dir, 'gbsg-small.json');
const PATIENT = { age: 52, meno: 1, size: 25, grade: '2', nodes: 3, pgr: 40, er: 60, hormon: 0 };

describe('midia risk', () => {
  beforeAll(async () => {
    const a = await cli('risk', 'train', '--data', 'datasets/gbsg.csv', '--formula', FULL, '--kind', 'cox', '--horizons', '3,5', '--out', full, '--created-at', '2026-01-01T00:00:00Z', '--json');
    expect(a.code, a.err).toBe(0);
    const b = await cli('risk', 'train', '--data', 'datasets/gbsg.csv', '--formula', SMALL, '--kind', 'cox', '--out', small, '--id', 'gbsg-small');
    expect(b.code, b.err).toBe(0);
    expect(b.out).toMatch(/Wrote .*gbsg-small\.json: cox model 'gbsg-small'/);
  });

  it('train: a loadable artifact whose coefficients are coxph\'s, horizons 3 and 5 years in days, apparent validation', () => {
    const a = loadModelArtifact(readFileSync(full, 'utf8'));
    expect(a.id).toBe('gbsg-full');
    expect(a.kind).toBe('cox');
    expect(a.timeUnit).toBe('days');
    expect(a.horizons).toEqual([3 * 365.25, 5 * 365.25]);
    expect(a.preprocessing.columns.map((c) => c.name)).toEqual(['age', 'meno', 'size', 'factor(grade)2', 'factor(grade)3', 'nodes', 'pgr', 'er', 'hormon']);
    const coef = a.predictor.type === 'linear' ? a.predictor.coefficients : [];
    coef.forEach((b, j) => expect(rel(b, golden.coef[j]!)).toBeLessThan(1e-6));
    expect(a.trainingSummary.n).toBe(golden.n);
    expect(a.trainingSummary.events).toBe(golden.events);
    expect(rel(a.validation!.harrellC, golden.concordance)).toBeLessThan(1e-6);
    expect(a.card.horizon).toBe('3 years and 5 years');
    expect(a.createdAt).toBe('2026-01-01T00:00:00Z');
  });

  it('evaluate: Harrell C and SE as R concordance(coxph), AUC and Brier per horizon', async () => {
    const r = await cli('risk', 'evaluate', '--model', full, '--data', 'datasets/gbsg.csv', '--json');
    expect(r.code, r.err).toBe(0);
    const j = JSON.parse(r.out) as { n: number; events: number; dropped: number; harrellC: { c: number; se: number; lower: number; upper: number }; unoC: { c: number; tau: number }; auc: { horizon: number; auc: number; cases: number }[]; brier: { brier: number; brierNull: number }[] };
    expect(j.n).toBe(686);
    expect(j.events).toBe(299);
    expect(j.dropped).toBe(0);
    expect(rel(j.harrellC.c, golden.concordance)).toBeLessThan(1e-6);
    expect(rel(j.harrellC.se, golden.concordance_se)).toBeLessThan(1e-6);
    expect(j.harrellC.lower).toBeCloseTo(golden.concordance - 1.959963984540054 * golden.concordance_se, 6);
    expect(j.unoC.tau).toBe(5 * 365.25);
    expect(j.auc.map((a) => a.horizon)).toEqual([1095.75, 1826.25]);
    for (const a of j.auc) expect(a.auc).toBeGreaterThan(0.6);
    for (const b of j.brier) {
      expect(b.brier).toBeGreaterThan(0);
      expect(b.brier).toBeLessThan(b.brierNull);
    }
    const t = await cli('risk', 'evaluate', '--model', full, '--data', 'datasets/gbsg.csv', '--horizons', '2', '--horizon-unit', 'years');
    expect(t.code, t.err).toBe(0);
    expect(t.out).toMatch(/Harrell C = 0\.6919/);
    expect(t.out).toMatch(/730\.5/);
  });

  it('compare: the difference in C of two models on the same rows with a paired bootstrap CI', async () => {
    const r = await cli('risk', 'compare', '--model', `${small},${full}`, '--data', 'datasets/gbsg.csv', '--bootstrap', '200', '--seed', '7', '--json');
    expect(r.code, r.err).toBe(0);
    const j = JSON.parse(r.out) as { model1: { id: string; c: number }; model2: { id: string; c: number }; difference: number; lower: number; upper: number; n: number; bootstrap: number };
    expect(j.model1.id).toBe('gbsg-small');
    expect(j.model2.id).toBe('gbsg-full');
    expect(rel(j.model2.c, golden.concordance)).toBeLessThan(1e-6);
    expect(j.difference).toBeCloseTo(j.model2.c - j.model1.c, 14);
    expect(j.lower).toBeLessThan(j.difference);
    expect(j.upper).toBeGreaterThan(j.difference);
    expect(j.bootstrap).toBe(200);
    expect(j.n).toBe(686);
    const again = await cli('risk', 'compare', '--model', `${small},${full}`, '--data', 'datasets/gbsg.csv', '--bootstrap', '200', '--seed', '7', '--json');
    expect(again.out).toBe(r.out);
    expect((await cli('risk', 'compare', '--model', full, '--data', 'datasets/gbsg.csv')).code).toBe(1);
  });

  it('predict: one patient as JSON equals predictRisk on the artifact; rows of a file; bad input is exit 2 with the field', async () => {
    const r = await cli('risk', 'predict', '--model', full, '--patient', JSON.stringify(PATIENT), '--json');
    expect(r.code, r.err).toBe(0);
    const j = JSON.parse(r.out) as { predictions: { risk: number[]; survival: number[] }[]; horizons: number[] };
    const want = predictRisk(loadModelArtifact(readFileSync(full, 'utf8')), PATIENT);
    expect(j.predictions[0]!.risk).toEqual(want.predictions[0]!.risk);
    expect(j.predictions[0]!.survival).toEqual([]);
    const pfile = join(dir, 'p.json');
    writeFileSync(pfile, JSON.stringify([PATIENT, { ...PATIENT, age: 99 }]));
    const f = await cli('risk', 'predict', '--model', full, '--patient', `@${pfile}`, '--survival', '--json');
    const fj = JSON.parse(f.out) as { predictions: { risk: number[]; survival: number[]; warnings: string[] }[] };
    expect(fj.predictions).toHaveLength(2);
    expect(fj.predictions[0]!.survival.length).toBeGreaterThan(10);
    expect(fj.predictions[1]!.warnings.join()).toMatch(/age 99 outside the training range/);
    const d = await cli('risk', 'predict', '--model', full, '--data', 'datasets/gbsg.csv', '--horizons', '1', '--horizon-unit', 'years', '--json');
    expect(d.code, d.err).toBe(0);
    const dj = JSON.parse(d.out) as { predictions: { risk: number[] }[]; rows: number[]; horizons: number[] };
    expect(dj.predictions).toHaveLength(686);
    expect(dj.rows[0]).toBe(1);
    expect(dj.horizons).toEqual([365.25]);
    const text = await cli('risk', 'predict', '--model', full, '--patient', JSON.stringify(PATIENT));
    expect(text.out).toMatch(/risk@1095\.75/);
    const bad = await cli('risk', 'predict', '--model', full, '--patient', JSON.stringify({ ...PATIENT, grade: '7', size: 'big' }));
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/field 'grade'/);
    expect(bad.err).toMatch(/field 'size'/);
  });

  it('--help and usage errors', async () => {
    const h = await cli('risk', '--help');
    expect(h.code).toBe(0);
    expect(h.out).toMatch(/midia risk train --data FILE/);
    expect((await cli('risk')).code).toBe(1);
    expect((await cli('risk', 'fly')).code).toBe(1);
    expect((await cli('risk', 'train', '--data', 'datasets/gbsg.csv', '--formula', SMALL)).code).toBe(1); // no --out
    const far = await cli('risk', 'train', '--data', 'datasets/gbsg.csv', '--formula', SMALL, '--horizons', '50', '--out', join(dir, 'x.json'));
    expect(far.code, far.err).toBe(1);
    expect(far.err).toMatch(/outside the baseline grid/);
    const db = await cli('risk', 'predict', '--model', full, '--db', join(dir, 'cohort.duckdb'), '--study', 's1', '--table', 'patients');
    expect(db.code).toBe(1);
    expect(db.err).toMatch(/one row per patient/);
    expect((await cli('risk', 'train', '--db', join(dir, 'cohort.duckdb'), '--study', 's1', '--formula', SMALL, '--out', join(dir, 'y.json'))).code).toBe(1);
    const missing = await cli('risk', 'evaluate', '--model', join(dir, 'nope.json'), '--data', 'datasets/gbsg.csv');
    expect(missing.code).toBe(1);
  });

  it('train --bootstrap draws a progress bar on a terminal and is silent with --quiet', async () => {
    const out = join(dir, 'progress.json');
    const shown = await cliWith(true, 'risk', 'train', '--data', 'datasets/gbsg.csv', '--formula', SMALL, '--horizons', '3,5', '--bootstrap', '5', '--out', out);
    expect(shown.code, shown.err).toBe(0);
    expect(shown.err).toMatch(/bootstrap \[#+\] 100%\n/);
    const quiet = await cliWith(true, 'risk', 'train', '--data', 'datasets/gbsg.csv', '--formula', SMALL, '--horizons', '3,5', '--bootstrap', '5', '--out', out, '--quiet');
    expect(quiet.code).toBe(0);
    expect(quiet.err).not.toContain('bootstrap [');
  });

  it('train --kind coxnet at a given lambda: coefficients shrunk toward 0, artifact kind coxnet', async () => {
    const out = join(dir, 'net.json');
    const r = await cli('risk', 'train', '--data', 'datasets/gbsg.csv', '--formula', FULL, '--kind', 'coxnet', '--alpha', '1', '--lambda', '0.02', '--out', out, '--json');
    expect(r.code, r.err).toBe(0);
    const a = loadModelArtifact(readFileSync(out, 'utf8'));
    expect(a.kind).toBe('coxnet');
    const coef = a.predictor.type === 'linear' ? a.predictor.coefficients : [];
    expect(coef.filter((b) => b === 0).length).toBeGreaterThan(0);
    const l1 = coef.reduce((s, b) => s + Math.abs(b), 0);
    const l1cox = golden.coef.reduce((s, b) => s + Math.abs(b), 0);
    expect(l1).toBeLessThan(l1cox);
  });

  it('train --kind rsf with forest flags; evaluate, compare and predict accept the forest artifact', async () => {
    const out = join(dir, 'rsf.json');
    const r = await cli('risk', 'train', '--data', 'datasets/gbsg.csv', '--formula', FULL, '--kind', 'rsf', '--trees', '20', '--mtry', '4', '--min-node-size', '20', '--seed', '3', '--importance', 'none', '--out', out, '--json');
    expect(r.code, r.err).toBe(0);
    const s = JSON.parse(r.out) as { kind: string; coefficients: null; forest: { settings: Record<string, unknown>; leaves: number; minLeafPatients: number; oobHarrellC: number; importance: null; bytes: number } };
    expect(s.kind).toBe('rsf');
    expect(s.coefficients).toBeNull();
    expect(s.forest.settings).toEqual({ nTrees: 20, mtry: 4, minNodeSize: 20, nSplit: 0, maxDepth: null, seed: 3, splitRule: 'logrank' });
    expect(s.forest.oobHarrellC).toBeGreaterThan(0.6);
    expect(s.forest.importance).toBeNull();
    expect(s.forest.minLeafPatients).toBeGreaterThanOrEqual(5);
    const text = readFileSync(out, 'utf8');
    expect(s.forest.bytes).toBe(Buffer.byteLength(text));
    const a = loadModelArtifact(text);
    expect(a).toMatchObject({ kind: 'rsf', formatVersion: 2, id: 'rsf' });
    expect(a.card.title).toBe(`Random survival forest ${FULL}`);
    const txt = await cli('risk', 'train', '--data', 'datasets/gbsg.csv', '--formula', SMALL, '--kind', 'rsf', '--trees', '5', '--bootstrap', '3', '--out', join(dir, 'rsf-small.json'));
    expect(txt.code, txt.err).toBe(0);
    expect(txt.out).toMatch(/Forest: 5 trees, \d+ leaves, out-of-bag C = 0\.\d{4}/);
    expect(txt.out).toMatch(/optimism-corrected = 0\.\d{4} \(3 bootstrap\)/);

    const ev = await cli('risk', 'evaluate', '--model', out, '--data', 'datasets/gbsg.csv', '--json');
    expect(ev.code, ev.err).toBe(0);
    const ej = JSON.parse(ev.out) as { model: { kind: string }; n: number; harrellC: { c: number }; auc: { auc: number }[] };
    expect(ej.model.kind).toBe('rsf');
    expect(ej.n).toBe(686);
    expect(ej.harrellC.c).toBeGreaterThan(0.7); // apparent, on the training rows
    for (const x of ej.auc) expect(x.auc).toBeGreaterThan(0.7);
    const cmp = await cli('risk', 'compare', '--model', `${full},${out}`, '--data', 'datasets/gbsg.csv', '--bootstrap', '20', '--json');
    expect(cmp.code, cmp.err).toBe(0);
    const cj = JSON.parse(cmp.out) as { model1: { c: number }; model2: { id: string; c: number }; difference: number };
    expect(cj.model2.id).toBe('rsf');
    expect(rel(cj.model1.c, golden.concordance)).toBeLessThan(1e-6);
    expect(cj.difference).toBeCloseTo(cj.model2.c - cj.model1.c, 14);
    const pr = await cli('risk', 'predict', '--model', out, '--patient', JSON.stringify([PATIENT, { ...PATIENT, nodes: 60 }]), '--survival', '--json');
    expect(pr.code, pr.err).toBe(0);
    const pj = JSON.parse(pr.out) as { kind: string; predictions: { risk: number[]; survival: number[]; warnings: string[] }[] };
    expect(pj).toEqual(JSON.parse(JSON.stringify(predictRisk(a, [PATIENT, { ...PATIENT, nodes: 60 }], undefined, { survivalCurve: true }))));
    expect(pj.predictions[1]!.risk[1]!).toBeGreaterThan(pj.predictions[0]!.risk[1]!);
    expect(pj.predictions[1]!.warnings.join()).toMatch(/nodes 60 outside the training range/);
  });

  it('train --kind rsf: refuses small leaves at export, forest flags on other kinds and bad values', async () => {
    const small = await cli('risk', 'train', '--data', 'datasets/gbsg.csv', '--formula', SMALL, '--kind', 'rsf', '--trees', '2', '--min-node-size', '3', '--out', join(dir, 'r3.json'));
    expect(small.code).toBe(1);
    expect(small.err).toMatch(/minNodeSize 3.*at least 10/);
    const cox = await cli('risk', 'train', '--data', 'datasets/gbsg.csv', '--formula', SMALL, '--kind', 'cox', '--trees', '5', '--out', join(dir, 'c.json'));
    expect(cox.code).toBe(1);
    expect(cox.err).toMatch(/--trees applies to --kind rsf only/);
    const bad = await cli('risk', 'train', '--data', 'datasets/gbsg.csv', '--formula', SMALL, '--kind', 'rsf', '--trees', '2.5', '--out', join(dir, 'r.json'));
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/--trees must be an integer >= 1/);
    const mtry = await cli('risk', 'train', '--data', 'datasets/gbsg.csv', '--formula', SMALL, '--kind', 'rsf', '--mtry', '9', '--out', join(dir, 'r.json'));
    expect(mtry.code).toBe(1);
    expect(mtry.err).toMatch(/mtry must be at most/);
    const h = await cli('risk', '--help');
    expect(h.out).toMatch(/--kind cox\|coxnet\|rsf/);
    expect(h.out).toMatch(/--min-node-size K \(default 15/);
  });
});
