/**
 * Every notebook executes headless with Jupyter and the tslab kernel
 * (`jupyter nbconvert --to notebook --execute`) with no error output, and the
 * expected figures and tables appear in its outputs. Needs jupyter-nbconvert,
 * python3-ipykernel and a registered tslab kernel (`npx tslab install
 * --python=python3`): skipped with a warning where missing, a failure in CI.
 * The notebooks import the compiled project through its two notebook entry
 * points only, ../dist/index.js (the public API) and ../dist/notebooks/index.js
 * (display; checked below without Jupyter), built by 'npm run build' (which npm
 * test runs first); this test rebuilds dist/ when dist/notebooks/index.js is
 * missing or older than the sources the notebooks import (index.ts,
 * notebooks/, analyses/, render/, charts/, models/, engine/, datasets/, util/).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IN_CI, jupyterStatus, pathWithNodeBin } from '../render/prerequisites.js';

const jupyter = jupyterStatus();
const NOTEBOOKS = resolve('notebooks');
const out = mkdtempSync(join(tmpdir(), 'midia-nb-test-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

interface Output {
  output_type: string;
  name?: string;
  text?: string | string[];
  data?: Record<string, unknown>;
  ename?: string;
  evalue?: string;
}
interface Notebook {
  nbformat: number;
  nbformat_minor: number;
  metadata: { kernelspec?: { name: string } };
  cells: { cell_type: string; id?: string; outputs?: Output[] }[];
}

const joinText = (x: unknown): string => (Array.isArray(x) ? x.join('') : typeof x === 'string' ? x : '');

/** Newest modification time of the .ts files under the given folders. */
function newestSource(dirs: string[]): number {
  let t = 0;
  for (const d of dirs)
    for (const f of readdirSync(d, { recursive: true }) as string[]) if (f.endsWith('.ts')) t = Math.max(t, statSync(join(d, f)).mtimeMs);
  return t;
}

function buildDistIfStale(): void {
  const target = resolve('dist/notebooks/index.js');
  // dist/ comes from 'npm run build' (npm test runs it first); rebuild when run alone after edits
  // the notebooks import the public API (index.ts: analyses, models, charts, engine, datasets) and the display entry
  const sources = ['notebooks', 'analyses', 'render', 'charts', 'models', 'engine', 'datasets', 'util'].map((d) => resolve(d));
  const newest = Math.max(newestSource(sources), statSync(resolve('index.ts')).mtimeMs);
  if (existsSync(target) && statSync(target).mtimeMs >= newest && existsSync(resolve('dist/index.js')) && statSync(resolve('dist/index.js')).mtimeMs >= newest) return;
  // the compiler 'npm run build' runs: the project's own typescript (node_modules/.bin/tsc may be tslab's older copy)
  const tsc = resolve('node_modules/typescript/bin/tsc');
  const r = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`Building dist/ for the notebooks failed (tsc -p tsconfig.build.json):\n${r.stdout}${r.stderr}`);
}

/** Executes a notebook into the temp folder; resolves with the executed notebook. */
function execute(name: string): Promise<Notebook> {
  const target = join(out, name);
  return new Promise((resolvePromise, reject) => {
    const child = spawn(
      'jupyter',
      ['nbconvert', '--to', 'notebook', '--execute', '--ExecutePreprocessor.timeout=240', '--ExecutePreprocessor.kernel_name=tslab', '--output', target, join(NOTEBOOKS, name)],
      { cwd: NOTEBOOKS, env: { ...process.env, PATH: pathWithNodeBin(), PYDEVD_DISABLE_FILE_VALIDATION: '1' } },
    );
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += String(d)));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`nbconvert ${name} exited ${code}:\n${stderr.slice(-4000)}`));
      else resolvePromise(JSON.parse(readFileSync(target, 'utf8')) as Notebook);
    });
  });
}

function outputsOf(nb: Notebook): Output[] {
  return nb.cells.flatMap((c) => c.outputs ?? []);
}

/** Problems in an executed notebook: error outputs and anything written to stderr (tslab prints compile errors there). */
function problems(nb: Notebook): string[] {
  return outputsOf(nb)
    .filter((o) => o.output_type === 'error' || (o.output_type === 'stream' && o.name === 'stderr'))
    .map((o) => (o.output_type === 'error' ? `${o.ename}: ${o.evalue}` : joinText(o.text)));
}

function htmlOutputs(nb: Notebook): string {
  return outputsOf(nb)
    .map((o) => joinText(o.data?.['text/html']))
    .join('\n');
}

/** The numbers in the table row whose first cell is `label` (HTML from showTable: `<td>label</td><td class="num">v</td>...`). */
function tableRow(html: string, label: string): number[] {
  const start = html.indexOf(`<tr><td>${label}</td>`);
  if (start < 0) throw new Error(`no table row '${label}' in the notebook's HTML outputs`);
  const row = html.slice(start, html.indexOf('</tr>', start));
  return [...row.matchAll(/<td class="num">([^<]*)<\/td>/g)].map((m) => (m[1] === 'NA' ? Number.NaN : Number(m[1])));
}

function plotlyFigures(nb: Notebook): { data: { type: string }[]; layout: { title?: { text?: string } } }[] {
  return outputsOf(nb)
    .filter((o) => o.output_type === 'display_data' && o.data?.['application/vnd.plotly.v1+json'] !== undefined)
    .map((o) => o.data?.['application/vnd.plotly.v1+json'] as { data: { type: string }[]; layout: { title?: { text?: string } } });
}

describe('notebooks in the repository', () => {
  it('are nbformat 4.5 with cell ids, the tslab kernel and no stored outputs', () => {
    const files = readdirSync(NOTEBOOKS).filter((f) => f.endsWith('.ipynb'));
    expect(files).toEqual(expect.arrayContaining(['breast-cancer-relapse.ipynb', 'cohort-engine.ipynb', 'relapse-risk.ipynb', 'ms-therapy-response.ipynb']));
    for (const f of files) {
      const nb = JSON.parse(readFileSync(join(NOTEBOOKS, f), 'utf8')) as Notebook;
      expect([nb.nbformat, nb.nbformat_minor], f).toEqual([4, 5]);
      expect(nb.metadata.kernelspec?.name, f).toBe('tslab');
      const ids = nb.cells.map((c) => c.id);
      expect(ids.every((id) => typeof id === 'string' && id.length > 0), f).toBe(true);
      expect(new Set(ids).size, f).toBe(ids.length);
      expect(outputsOf(nb), f).toEqual([]);
    }
  });

  it('import only the two notebook entry points of the project (../dist/index.js, ../dist/notebooks/index.js) and node: built-ins', () => {
    const allowed = new Set(['../dist/index.js', '../dist/notebooks/index.js']);
    for (const f of readdirSync(NOTEBOOKS).filter((x) => x.endsWith('.ipynb'))) {
      const nb = JSON.parse(readFileSync(join(NOTEBOOKS, f), 'utf8')) as { cells: { cell_type: string; source: string | string[] }[] };
      const code = nb.cells.filter((c) => c.cell_type === 'code').map((c) => joinText(c.source)).join('\n');
      const specifiers = [...code.matchAll(/\bfrom\s+'([^']+)'|\bimport\s*\(\s*'([^']+)'|\bimport\s+'([^']+)'/g)].map((m) => m[1] ?? m[2] ?? m[3] ?? '');
      expect(specifiers.length, f).toBeGreaterThan(0);
      for (const spec of specifiers) expect(allowed.has(spec) || spec.startsWith('node:'), `${f} imports ${spec}`).toBe(true);
      expect(code, f).toContain("from '../dist/index.js'");
      expect(code, f).toContain("from '../dist/notebooks/index.js'");
    }
  });

  it('the MS notebook calls the analyses the CLI calls, with no hand-built cohort SQL', () => {
    const nb = JSON.parse(readFileSync(join(NOTEBOOKS, 'ms-therapy-response.ipynb'), 'utf8')) as { cells: { cell_type: string; source: string | string[] }[] };
    const code = nb.cells.filter((c) => c.cell_type === 'code').map((c) => joinText(c.source)).join('\n');
    for (const call of ['admin.writeRegistryFiles(', 'admin.importSources(', 'admin.changeConsentIn(', 'openStudySource(', 'msOutcomes(', 'msPathways(', 'msCluster(', 'msCompare(']) expect(code, call).toContain(call);
    expect(code).not.toMatch(/\bSELECT\b|queryRows|openSession/);
  });
});

describe('notebooks execute headless (jupyter nbconvert, tslab kernel)', () => {
  it.runIf(IN_CI || jupyter.ok)('jupyter and the tslab kernel are installed', () => {
    expect(jupyter.ok, jupyter.reason).toBe(true);
  });

  let breast: Notebook;
  let cohort: Notebook;
  let relapse: Notebook;
  let ms: Notebook;
  beforeAll(async () => {
    if (!jupyter.ok) return;
    buildDistIfStale();
    // one at a time: the machine is shared
    breast = await execute('breast-cancer-relapse.ipynb');
    cohort = await execute('cohort-engine.ipynb');
    relapse = await execute('relapse-risk.ipynb');
    ms = await execute('ms-therapy-response.ipynb');
  }, 900_000);

  it.skipIf(!jupyter.ok)('breast-cancer-relapse: no errors; KM, forest figures and HR, median, log-rank, PH and RMST tables', () => {
    expect(problems(breast)).toEqual([]);
    const figures = plotlyFigures(breast);
    expect(figures.length).toBeGreaterThanOrEqual(4);
    for (const f of figures) expect(f.data.length).toBeGreaterThan(0);
    const titles = figures.map((f) => f.layout.title?.text ?? '');
    expect(titles.some((t) => t.includes('hormone receptor'))).toBe(true);
    expect(titles.some((t) => t.includes('hazard ratios'))).toBe(true);
    expect(figures.some((f) => f.data.length >= 2 && JSON.stringify(f).includes('Schoenfeld'))).toBe(true);
    const html = htmlOutputs(breast);
    for (const text of ['<th>HR</th>', 'median', 'Log-rank test', 'GLOBAL', 'Restricted mean survival time', 'RMST difference', 'hormon']) expect(html).toContain(text);
    // the first figure's HTML fallback carries plotly.js (offline), later ones reuse it
    const fallbacks = outputsOf(breast).filter((o) => o.data?.['application/vnd.plotly.v1+json'] !== undefined).map((o) => joinText(o.data?.['text/html']));
    expect(fallbacks[0]?.length).toBeGreaterThan(1_000_000);
    expect(fallbacks[1]?.length).toBeLessThan(1_000_000);
  });

  it.skipIf(!jupyter.ok)('cohort-engine: no errors; cohort description, consent, analysis table and a patient timeline figure', () => {
    expect(problems(cohort)).toEqual([]);
    const figures = plotlyFigures(cohort);
    expect(figures.length).toBeGreaterThanOrEqual(2);
    const html = htmlOutputs(cohort);
    for (const text of ['patients', 'consent', 'time', 'status']) expect(html).toContain(text);
  });

  it.skipIf(!jupyter.ok)('relapse-risk: no errors; NPI, Cox, penalized Cox, forest, validation, calibration, comparison and prediction figures and tables', () => {
    expect(problems(relapse)).toEqual([]);
    const figures = plotlyFigures(relapse);
    expect(figures).toHaveLength(12);
    for (const f of figures) expect(f.data.length).toBeGreaterThan(0);
    const titles = figures.map((f) => f.layout.title?.text ?? '');
    for (const t of ['by NPI group', 'hazard ratios', 'cross-validated deviance', 'coefficient path', 'permutation variable importance', 'Time-dependent AUC', 'Brier score', "Difference in Harrell's C", 'Predicted recurrence-free survival'])
      expect(titles.filter((x) => x.includes(t)), t).toHaveLength(1);
    expect(titles.filter((x) => x.startsWith('Calibration at 5 years'))).toHaveLength(3);
    // the coefficient path has a curve per design column (9), the AUC figure one per model (3)
    expect(figures.find((f) => (f.layout.title?.text ?? '').includes('coefficient path'))?.data.length).toBeGreaterThanOrEqual(9);
    expect(figures.find((f) => (f.layout.title?.text ?? '').includes('Time-dependent AUC'))?.data.filter((d) => d.type === 'scatter')).toHaveLength(3);
    const html = htmlOutputs(relapse);
    // showTable/showText escape apostrophes as &#39;
    for (const text of ['Harrell&#39;s C', 'Uno&#39;s C', 'AUC(5 y)', 'Brier(5 y)', 'IBS', 'calibration slope', 'ICI', 'optimism-corrected C', 'difference in C', 'LR chi-square', 'NRI continuous', 'q (univariable, BH)', 'lambda.min', 'OOB error', 'Harrell&#39;s C of the NPI'])
      expect(html).toContain(text);
    // cross-validated C of the three models: informative but not implausibly high
    for (const model of ['Cox', 'Penalized Cox', 'Random forest']) {
      const [harrell, uno, auc5, brier5, ibs] = tableRow(html, model);
      expect(harrell, model).toBeGreaterThan(0.6);
      expect(harrell, model).toBeLessThan(0.8);
      expect(uno, model).toBeGreaterThan(0.6);
      expect(auc5, model).toBeGreaterThan(0.6);
      expect(ibs, model).toBeLessThan(tableRow(html, 'Null model (Kaplan-Meier)')[4] as number);
      expect(brier5, model).toBeLessThan(0.25);
    }
    // the bootstrap correction lowers the apparent C
    const [apparent, optimism, corrected] = tableRow(html.slice(html.indexOf('optimism correction')), 'Cox');
    expect(optimism).toBeGreaterThan(0);
    expect(corrected).toBeCloseTo((apparent as number) - (optimism as number), 3);
    // positive nodes pass the univariable screen after FDR control
    expect(tableRow(html, 'positive nodes')[2]).toBeLessThan(0.001);
    // the progesterone receptor adds value over the clinical model (LR test)
    const [chisq, p] = tableRow(html, 'log(PgR + 1)');
    expect(chisq).toBeGreaterThan(10);
    expect(p).toBeLessThan(0.001);
    // the shipped model warns about the node-negative example patient only
    expect(html).toContain('nodes 0 outside the training range');
    expect(html).toMatch(/Patient A: 5-year risk [\d.]+%; no warnings/);
  });

  it.skipIf(!jupyter.ok)('ms-therapy-response: no errors; consent gate, outcomes, pathways Sankey, trajectory clusters, balance, weighted effects and the ledger, all through analyses/', () => {
    expect(problems(ms)).toEqual([]);
    const figures = plotlyFigures(ms);
    expect(figures).toHaveLength(8);
    const titles = figures.map((f) => f.layout.title?.text ?? '');
    for (const t of ['DMT pathways', 'EDSS trajectories by PAM cluster', 'EDSS trajectories by latent class', 'Silhouette of the PAM clusters', 'BIC by number of classes', 'Profiles of the PAM clusters', 'Covariate balance', 'confirmed disability worsening'])
      expect(titles.filter((x) => x.includes(t)), t).toHaveLength(1);
    expect(figures[titles.findIndex((x) => x.includes('DMT pathways'))]?.data[0]?.type).toBe('sankey');
    for (const f of figures) expect(f.data.length).toBeGreaterThan(0);
    const html = htmlOutputs(ms);
    for (const text of ['PIRA', 'RAW', 'rate ratio', 'negative.binomial', 'NEDA-3', 'average silhouette', 'ARI vs truth', 'SMD before', 'SMD after', 'stabilised IPTW', 'hazard ratio', 'Time on each therapy line', 'Profiles of the', 'interaction p', 'Ledger entries'])
      expect(html).toContain(text);
    // the consent gate: 400 generated patients; the withdrawn synthetic consents and the 3 revoked here are not read
    expect(tableRow(html, 'patients in the registry')).toEqual([400]);
    const [withdrawn] = tableRow(html, 'consents withdrawn in the synthetic consents');
    expect(withdrawn).toBeGreaterThan(0);
    expect(tableRow(html, 'consents revoked in this notebook')).toEqual([3]);
    const [visible] = tableRow(html, 'patients visible to study SYNTH (consent in force)');
    expect(visible).toBe(400 - (withdrawn as number) - 3);
    // every visible patient is in exactly one row of the CDW cross-table
    const cdwRows = ['PIRA', 'RAW', 'unclassified', 'no CDW'].map((k) => tableRow(html, k)[0] as number);
    expect(cdwRows.reduce((a, b) => a + b, 0)).toBe(visible);
    // derived PIRA mostly matches the generator's true PIRA steps
    const [piraN, truePira] = tableRow(html, 'PIRA');
    expect(piraN).toBeGreaterThan(10);
    expect((truePira as number) / (piraN as number)).toBeGreaterThan(0.7);
    // the clusters: PAM agrees with the true classes better than chance and is stable under the bootstrap
    const [, , stability, ariPam] = tableRow(html.slice(html.indexOf('The chosen partitions')), 'grid distance + PAM');
    expect(stability).toBeGreaterThan(0.7);
    expect(ariPam).toBeGreaterThan(0.1);
    // confounding by indication: prior relapses are imbalanced before weighting and balanced after
    const [before, after] = tableRow(html, 'relapses in 2 prior years');
    expect(Math.abs(before as number)).toBeGreaterThan(0.2);
    expect(Math.abs(after as number)).toBeLessThan(0.1);
    // high- vs moderate-efficacy: every weighted ratio below 1 with its upper limit below 1; the relapse-rate intervals cover the generator's true rate ratio
    const truth = Number(/high vs moderate relapse rate ratio ([\d.]+)/.exec(html)?.[1]);
    expect(truth).toBeGreaterThan(0);
    const effects = [...html.matchAll(/<tr><td>(time to first CDW|relapse rate)<\/td><td>(cox|negative\.binomial|poisson)<\/td><td>[^<]*<\/td><td>stabilised IPTW<\/td><td class="num">([^<]*)<\/td><td class="num">([^<]*)<\/td><td class="num">([^<]*)<\/td>/g)];
    expect(effects.map((m) => m[2])).toEqual(['cox', 'negative.binomial', 'poisson']);
    for (const m of effects) {
      const [ratio, lower, upper] = [Number(m[3]), Number(m[4]), Number(m[5])];
      expect(ratio, m[2]).toBeLessThan(1);
      expect(upper, m[2]).toBeLessThan(1);
      if (m[1] === 'relapse rate') {
        expect(lower, m[2]).toBeLessThan(truth);
        expect(upper, m[2]).toBeGreaterThan(truth);
      }
    }
    // the ledger: one entry per analysis run, each with the patients it read
    const entries = [...html.matchAll(/<td>SYNTH<\/td><td>(ms [a-z]+)<\/td><td class="num">(\d+)<\/td>/g)].map((m) => [m[1], Number(m[2])]);
    expect(entries.map((e) => e[0])).toEqual(['ms outcomes', 'ms pathways', 'ms cluster', 'ms cluster', 'ms compare', 'ms compare', 'ms compare']);
    expect(entries[0]?.[1]).toBe(visible);
  });
});
