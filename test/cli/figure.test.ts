/** `midia figure KIND`: builds the figure from a model fit and writes HTML (no browser) or PNG (headless Chromium). */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { parseArgs } from '../../cli/args.js';
import type { CommandIO } from '../../cli/command.js';
import { buildFigure, figureCommand } from '../../cli/commands/figure.js';
import { loadCommand } from '../../cli/registry.js';
import { coxnetFormula, randomSurvivalForestFormula } from '../../models/risk/index.js';
import { UsageError } from '../../util/errors.js';
import { readCsvColumns } from '../helpers/read-csv.js';
import { chromiumStatus } from '../render/prerequisites.js';

const chromium = chromiumStatus();
const dir = mkdtempSync(join(tmpdir(), 'midia-figure-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function io(): { io: CommandIO; out: () => string } {
  let out = '';
  const w = new Writable({ write: (c, _e, cb) => ((out += String(c)), cb()) });
  return { io: { stdout: w, stderr: new Writable({ write: (_c, _e, cb) => cb() }), showProgress: false, env: {} }, out: () => out };
}
const run = async (argv: string[]): Promise<{ code: number; out: string }> => {
  const c = io();
  const code = await figureCommand.run(parseArgs(argv, new Set(['json'])), c.io);
  return { code, out: c.out() };
};

describe('midia figure', () => {
  const gbsg = readCsvColumns('datasets/gbsg.csv');
  const mgus2 = readCsvColumns('datasets/mgus2.csv');

  it('is registered', async () => {
    expect(await loadCommand('figure')).toBe(figureCommand);
  });

  it('builds each kind from the fit', () => {
    const km = buildFigure({ kind: 'km', formula: 'Surv(rfstime, status) ~ hormon' }, gbsg);
    expect(km.meta?.kind).toBe('kaplan-meier');
    const forest = buildFigure({ kind: 'cox-forest', formula: 'Surv(rfstime, status) ~ hormon + age + nodes', title: 'HRs' }, gbsg);
    expect(forest.layout.title?.text).toBe('HRs');
    expect(JSON.stringify(forest.data)).toContain('nodes');
    const zph = buildFigure({ kind: 'zph', formula: 'Surv(rfstime, status) ~ hormon + age', term: 'age' }, gbsg);
    expect(JSON.stringify(zph.layout)).toContain('age');
    expect(() => buildFigure({ kind: 'zph', formula: 'Surv(rfstime, status) ~ hormon', term: 'nope' }, gbsg)).toThrow(UsageError);
    // mgus2 as in R's compete vignette: etime = ptime if progression else futime; event 1 = PCM, 2 = death, 0 = censored
    const pstat = mgus2.pstat as Float64Array;
    const etime = (mgus2.ptime as Float64Array).map((pt, i) => (pstat[i] === 1 ? pt : (mgus2.futime as Float64Array)[i] as number));
    const ev = pstat.map((p, i) => (p === 1 ? 1 : (mgus2.death as Float64Array)[i] === 1 ? 2 : 0));
    const cif = buildFigure({ kind: 'cif', formula: 'Surv(etime, ev) ~ sex' }, { ...mgus2, etime, ev });
    expect(cif.data.length).toBeGreaterThanOrEqual(4);
  });

  it('builds the risk-model kinds: coxnet-cv, coxnet-path, rsf-importance', () => {
    const formula = 'Surv(rfstime, status) ~ age + size + nodes + pgr + er + hormon';
    const cvSpec = buildFigure({ kind: 'coxnet-cv', formula, alpha: 0.5, nfolds: 3, seed: 4, nlambda: 20 }, gbsg);
    const { cv } = coxnetFormula(formula, gbsg, { alpha: 0.5, crossValidate: true, nfolds: 3, seed: 4, nlambda: 20 });
    expect(cvSpec.meta).toMatchObject({ kind: 'cv-curve', lambdaMin: cv!.lambdaMin, lambda1se: cv!.lambda1se });
    expect(cvSpec.layout.title?.text).toBe('Cross-validation of the penalized Cox model (α = 0.5)');
    expect(cvSpec.data[0]!.type === 'scatter' && cvSpec.data[0]!.y).toEqual(Array.from(cv!.cvm));
    const path = buildFigure({ kind: 'coxnet-path', formula, alpha: 0.5, nfolds: 3, seed: 4, nlambda: 20 }, gbsg);
    expect(path.meta).toMatchObject({ kind: 'coefficient-path', lambda: cv!.lambda1se });
    expect(path.data.map((t) => t.name)).toEqual(['age', 'size', 'nodes', 'pgr', 'er', 'hormon']);
    const atMin = buildFigure({ kind: 'coxnet-path', formula, alpha: 0.5, nfolds: 3, seed: 4, nlambda: 20, rule: 'lambda.min', xvar: 'l1-norm' }, gbsg);
    expect(atMin.meta).toMatchObject({ lambda: cv!.lambdaMin, xvar: 'l1-norm' });
    const noCv = buildFigure({ kind: 'coxnet-path', formula, nlambda: 20 }, gbsg);
    expect(noCv.meta?.lambda).toBeNull();
    expect(buildFigure({ kind: 'coxnet-path', formula, nlambda: 20, lambda: 0.01 }, gbsg).meta?.lambda).toBe(0.01);
    expect(() => buildFigure({ kind: 'coxnet-cv', formula, alpha: 2 }, gbsg)).toThrow(/--alpha/);
    const imp = buildFigure({ kind: 'rsf-importance', formula: 'Surv(rfstime, status) ~ age + nodes + pgr + er', forest: { nTrees: 8, minNodeSize: 20 }, seed: 3, top: 3 }, gbsg);
    expect(imp.meta?.kind).toBe('importance');
    expect(imp.meta?.variables).toHaveLength(3);
    const { forest } = randomSurvivalForestFormula('Surv(rfstime, status) ~ age + nodes + pgr + er', gbsg, { nTrees: 8, minNodeSize: 20, seed: 3 });
    const best = forest.featureNames[Array.from(forest.importance!).indexOf(Math.max(...Array.from(forest.importance!)))];
    expect((imp.meta?.variables as string[])[0]).toBe(best);
  });

  it('draws coxnet-cv and rsf-importance from the command line; refuses flags of another kind', async () => {
    const out = join(dir, 'cv.html');
    const r = await run(['coxnet-cv', '--formula', 'Surv(rfstime, status) ~ age + nodes + pgr', '--data', 'datasets/gbsg.csv', '--out', out, '--nfolds', '3', '--nlambda', '15', '--seed', '2', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ out, kind: 'coxnet-cv', traces: 2 });
    expect(readFileSync(out, 'utf8')).toContain('Non-zero coefficients');
    const out2 = join(dir, 'imp.html');
    const r2 = await run(['rsf-importance', '--formula', 'Surv(rfstime, status) ~ age + nodes + pgr', '--data', 'datasets/gbsg.csv', '--out', out2, '--trees', '5', '--min-node-size', '25', '--json']);
    expect(JSON.parse(r2.out)).toMatchObject({ kind: 'rsf-importance', traces: 1 });
    expect(readFileSync(out2, 'utf8')).toContain('Permutation importance');
    await expect(run(['coxnet-cv', '--formula', 'x', '--data', 'datasets/gbsg.csv', '--out', out, '--trees', '5'])).rejects.toThrow(/--trees does not apply/);
    await expect(run(['km', '--formula', 'x', '--data', 'datasets/gbsg.csv', '--out', out, '--alpha', '1'])).rejects.toThrow(/--alpha does not apply/);
    await expect(run(['coxnet-path', '--formula', 'x', '--data', 'datasets/gbsg.csv', '--out', out, '--nfolds', '2'])).rejects.toThrow(/--nfolds must be an integer >= 3/);
    await expect(run(['coxnet-path', '--formula', 'x', '--data', 'datasets/gbsg.csv', '--out', out, '--xvar', 'norm'])).rejects.toThrow(UsageError);
  });

  it('writes a standalone HTML figure and reports it as JSON', async () => {
    const out = join(dir, 'km.html');
    const r = await run(['km', '--formula', 'Surv(rfstime, status) ~ hormon', '--data', 'datasets/gbsg.csv', '--out', out, '--time-unit', 'days', '--json']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out) as { out: string; kind: string; traces: number };
    expect(json).toMatchObject({ out, kind: 'km' });
    expect(json.traces).toBeGreaterThan(2);
    const html = readFileSync(out, 'utf8');
    expect(html).toContain('Plotly.newPlot');
    expect(html).toContain('hormon=1');
  });

  it('rejects a missing kind, an unknown kind and a bad extension', async () => {
    await expect(run(['--formula', 'x', '--out', 'a.html'])).rejects.toThrow(/needs a kind/);
    await expect(run(['pie', '--formula', 'x', '--out', 'a.html'])).rejects.toThrow(UsageError);
    await expect(run(['km', '--formula', 'Surv(rfstime, status) ~ 1', '--data', 'datasets/gbsg.csv', '--out', 'a.svg'])).rejects.toThrow(/\.html or \.png/);
  });

  it.skipIf(!chromium.ok)('renders a PNG with headless Chromium', async () => {
    const out = join(dir, 'forest.png');
    const r = await run(['cox-forest', '--formula', 'Surv(rfstime, status) ~ hormon + age', '--data', 'datasets/gbsg.csv', '--out', out, '--width', '500', '--height', '300', '--scale', '1']);
    expect(r.code).toBe(0);
    const b = readFileSync(out);
    expect(b.subarray(1, 4).toString()).toBe('PNG');
    expect(b.readUInt32BE(16)).toBe(500);
  });
});
