/**
 * Every notebook executes headless with Jupyter and the tslab kernel
 * (`jupyter nbconvert --to notebook --execute`) with no error output, and the
 * expected figures and tables appear in its outputs. Needs jupyter-nbconvert,
 * python3-ipykernel and a registered tslab kernel (`npx tslab install
 * --python=python3`): skipped with a warning where missing, a failure in CI.
 * The notebooks import the compiled project from dist/ ('npm run build', which
 * npm test runs first); this test rebuilds dist/ when dist/notebooks/display.js
 * is missing or older than the sources in notebooks/ and render/.
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
  const target = resolve('dist/notebooks/display.js');
  // dist/ comes from 'npm run build' (npm test runs it first); rebuild when run alone after edits
  const sources = ['notebooks', 'render'].map((d) => resolve(d));
  if (existsSync(target) && statSync(target).mtimeMs >= newestSource(sources)) return;
  const r = spawnSync(process.execPath, [resolve('node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { encoding: 'utf8' });
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

function plotlyFigures(nb: Notebook): { data: { type: string }[]; layout: { title?: { text?: string } } }[] {
  return outputsOf(nb)
    .filter((o) => o.output_type === 'display_data' && o.data?.['application/vnd.plotly.v1+json'] !== undefined)
    .map((o) => o.data?.['application/vnd.plotly.v1+json'] as { data: { type: string }[]; layout: { title?: { text?: string } } });
}

describe('notebooks in the repository', () => {
  it('are nbformat 4.5 with cell ids, the tslab kernel and no stored outputs', () => {
    const files = readdirSync(NOTEBOOKS).filter((f) => f.endsWith('.ipynb'));
    expect(files).toEqual(expect.arrayContaining(['breast-cancer-relapse.ipynb', 'cohort-engine.ipynb']));
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
});

describe('notebooks execute headless (jupyter nbconvert, tslab kernel)', () => {
  it.runIf(IN_CI || jupyter.ok)('jupyter and the tslab kernel are installed', () => {
    expect(jupyter.ok, jupyter.reason).toBe(true);
  });

  let breast: Notebook;
  let cohort: Notebook;
  beforeAll(async () => {
    if (!jupyter.ok) return;
    buildDistIfStale();
    // one at a time: the machine is shared
    breast = await execute('breast-cancer-relapse.ipynb');
    cohort = await execute('cohort-engine.ipynb');
  }, 600_000);

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
});
