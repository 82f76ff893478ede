/**
 * `midia demo` (npm start): builds the synthetic cohort in-process, runs the
 * headline analyses and writes the HTML report; the report opens in headless
 * Chromium with every plot drawn (skipped with a warning without chromium;
 * fails in CI).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandIO } from '../../cli/command.js';
import { parseArgs } from '../../cli/args.js';
import { defaultReportDir, demoCommand } from '../../cli/commands/demo.js';
import { inspectHtmlFile } from '../../render/browser.js';
import { readPlotlyBundle } from '../../render/plotly-bundle.js';
import { UsageError } from '../../util/errors.js';
import { chromiumStatus } from '../render/prerequisites.js';

function capture(): { io: CommandIO; out: () => string; err: () => string } {
  let out = '';
  let err = '';
  const sink = (append: (s: string) => void): Writable =>
    new Writable({
      write(chunk, _enc, cb) {
        append(String(chunk));
        cb();
      },
    });
  return { io: { stdout: sink((s) => (out += s)), stderr: sink((s) => (err += s)), showProgress: false, env: {} }, out: () => out, err: () => err };
}

const SWITCHES = new Set(['json', 'no-report', 'quiet']);
const chromium = chromiumStatus();
const dir = mkdtempSync(join(tmpdir(), 'midia-demo-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface DemoJson {
  endpoints: { endpoint: string; patients: number; events: number }[];
  headline: { logRankErP: number; coxTerms: { term: string; hr: number; lower: number; upper: number; p: number }[]; zphGlobalP: number | null; rmstDifferenceYears: number | null; msAnnualizedRelapseRate: number };
  reportPath: string | null;
}

describe('midia demo', () => {
  let json: DemoJson;
  const outDir = join(dir, 'report');

  beforeAll(async () => {
    const c = capture();
    const code = await demoCommand.run(parseArgs(['--json', '--out', outDir], SWITCHES), c.io);
    expect(code).toBe(0);
    json = JSON.parse(c.out()) as DemoJson;
  });

  it('runs the headline analyses on the synthetic cohort', () => {
    expect(json.endpoints.map((e) => e.endpoint)).toEqual(['breast cancer: recurrence or death', 'prostate cancer: biochemical recurrence', 'MS: first relapse']);
    for (const e of json.endpoints) expect(e.events).toBeGreaterThan(0);
    const terms = json.headline.coxTerms.map((t) => t.term);
    expect(terms).toEqual(expect.arrayContaining(['erpositive', 'prpositive', 'nodes', 'size_mm']));
    for (const t of json.headline.coxTerms) {
      expect(t.hr).toBeGreaterThan(0);
      expect(t.lower).toBeLessThan(t.hr);
      expect(t.upper).toBeGreaterThan(t.hr);
    }
    // the generator makes receptor-positive tumours recur less often and nodes raise the hazard
    const er = json.headline.coxTerms.find((t) => t.term === 'erpositive');
    expect(er?.hr).toBeLessThan(1);
    expect(json.headline.coxTerms.find((t) => t.term === 'nodes')?.hr).toBeGreaterThan(1);
    expect(json.headline.zphGlobalP).toBeGreaterThanOrEqual(0);
    // follow-up relapses only (not the onset relapse on the index date): 785 / 3562.6 person-years, as R (test/golden/demo-ms-arr.R)
    const msGolden = JSON.parse(readFileSync('test/golden/demo-ms-arr.json', 'utf8')) as { arr: number };
    expect(json.headline.msAnnualizedRelapseRate).toBeCloseTo(msGolden.arr, 12);
  });

  it('writes a self-contained HTML report and prints its path', () => {
    expect(json.reportPath).toBe(join(outDir, 'index.html'));
    const html = readFileSync(json.reportPath as string, 'utf8');
    expect(html.includes(readPlotlyBundle())).toBe(true);
    const page = html.replace(readPlotlyBundle(), '');
    expect(/https?:\/\//.test(page)).toBe(false);
    expect((page.match(/class="midia-figure"/g) ?? []).length).toBeGreaterThanOrEqual(6);
    for (const text of ['Recurrence-free survival by hormone receptor status', 'hazard ratios', '<th>HR</th>', 'Log-rank test', 'GLOBAL', 'Annualized relapse rate', 'Timeline of']) expect(page).toContain(text);
  });

  it('prints the report path in text mode, writes nothing with --no-report, rejects unknown flags', async () => {
    const c = capture();
    expect(await demoCommand.run(parseArgs(['--no-report'], SWITCHES), c.io)).toBe(0);
    expect(c.out()).toContain('Cox model');
    expect(c.out()).not.toContain('Report:');
    await expect(demoCommand.run(parseArgs(['--outt', 'x'], SWITCHES), capture().io)).rejects.toThrow(UsageError);
    expect(defaultReportDir(new Date('2026-01-02T03:04:05.678Z'))).toBe(join('out', 'report-2026-01-02T03-04-05-678Z'));
  });

  it.skipIf(!chromium.ok)('the report opens in headless Chromium with no console errors and every plot drawn', async () => {
    expect(existsSync(json.reportPath as string)).toBe(true);
    const seen = await inspectHtmlFile(json.reportPath as string);
    expect(seen.errors).toEqual([]);
    expect(seen.networkRequests).toEqual([]);
    expect(seen.plots.length).toBeGreaterThanOrEqual(6);
    for (const p of seen.plots) expect(p.traces, p.id).toBeGreaterThan(0);
  });
});
