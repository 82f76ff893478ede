/** `midia figure KIND`: builds the figure from a model fit and writes HTML (no browser) or PNG (headless Chromium). */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { parseArgs } from '../../cli/args.js';
import type { CommandIO } from '../../cli/command.js';
import { buildFigure, figureCommand } from '../../cli/commands/figure.js';
import { COMMANDS } from '../../cli/registry.js';
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

  it('is registered', () => {
    expect(COMMANDS).toContain(figureCommand);
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
