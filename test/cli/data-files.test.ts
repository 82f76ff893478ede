/**
 * `--data FILE` through the CLI: columns typed as R's read.csv types them, so
 * the commands print R's names (golden: test/golden/read-csv.R, which wrote the
 * fixture and fitted the same models in R 4.2.2 / survival 3.5-3).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCliCaptured } from '../helpers/run-cli.js';

const FILE = 'test/fixtures/data-files/gbsg2-types.csv';
const golden = JSON.parse(readFileSync('test/golden/read-csv.json', 'utf8')) as {
  cox: { names: string[]; coef: number[] }[];
  km: { strata: string[] }[];
};

describe('--data CSV: R names in the output', () => {
  it('cox: a yes/no column gives horThyes, a TRUE/FALSE column er.posTRUE, T/F pr.posTRUE (as R)', async () => {
    const r = await runCliCaptured(['cox', '--data', FILE, '--formula', 'Surv(time, cens) ~ horTh + er.pos + pr.pos + node.any + big + g', '--json']);
    expect(r.code, r.err).toBe(0);
    const fit = JSON.parse(r.out) as { terms: { term: string; coef: number }[] };
    const want = golden.cox[1] as { names: string[]; coef: number[] };
    expect(fit.terms.map((t) => t.term)).toEqual(want.names);
    fit.terms.forEach((t, j) => expect(t.coef).toBeCloseTo(want.coef[j] as number, 9));
  });

  it('km: strata horTh=no / horTh=yes and er.pos=FALSE / er.pos=TRUE', async () => {
    for (const [formula, k] of [['Surv(time, cens) ~ horTh', 0], ['Surv(time, cens) ~ er.pos', 1]] as const) {
      const r = await runCliCaptured(['km', '--data', FILE, '--formula', formula, '--json']);
      expect(r.code, r.err).toBe(0);
      expect((JSON.parse(r.out) as { strata: { label: string }[] }).strata.map((s) => s.label)).toEqual(golden.km[k]?.strata);
    }
  });

  it('a ragged file exits 2 naming the file and the row', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'midia-data-files-'));
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'time,status,x\n1,1,0\n2,0,1,9\n');
    const r = await runCliCaptured(['cox', '--data', bad, '--formula', 'Surv(time, status) ~ x']);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${bad}, row 2`);
  });

  it('a --data run loads neither zod nor apache-arrow, and DuckDB only through require (engine/duckdb.ts)', () => {
    const bin = process.env.MIDIA_CLI_BIN ?? join(process.cwd(), 'dist', 'cli', 'main.js'); // npm test builds dist first
    expect(existsSync(bin), 'dist/cli/main.js is missing: the test script builds it first (npm test)').toBe(true);
    const dir = mkdtempSync(join(tmpdir(), 'midia-data-trace-'));
    // an ESM resolve hook that records every module imported (require() calls do not pass through it)
    const hooks = join(dir, 'trace-hooks.mjs');
    writeFileSync(hooks, "import { appendFileSync } from 'node:fs';\nexport async function resolve(s, c, next) { const r = await next(s, c); appendFileSync(process.env.MIDIA_TRACE_FILE, r.url + '\\n'); return r; }\n");
    const register = join(dir, 'trace-register.mjs');
    writeFileSync(register, `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`);
    const runs: string[][] = [
      ['cox', '--data', FILE, '--formula', 'Surv(time, cens) ~ horTh + age'],
      ['km', '--data', FILE, '--formula', 'Surv(time, cens) ~ horTh'],
      ['finegray', '--data', FILE, '--formula', 'Surv(time, cens) ~ age', '--cause', '1'],
      ['coxnet', '--data', FILE, '--formula', 'Surv(time, cens) ~ age + tsize', '--lambda', '0.01'],
      ['describe', '--data', FILE],
    ];
    for (const argv of runs) {
      const trace = join(dir, `trace-${argv[0]}.txt`);
      writeFileSync(trace, '');
      execFileSync(process.execPath, ['--import', pathToFileURL(register).href, bin, ...argv], { encoding: 'utf8', env: { ...process.env, MIDIA_TRACE_FILE: trace } });
      const loaded = readFileSync(trace, 'utf8').split('\n').filter(Boolean);
      expect(loaded.length, argv[0]).toBeGreaterThan(5);
      expect(loaded.filter((u) => /\/node_modules\/(zod|apache-arrow|@duckdb\/node-api)\//.test(u)), argv[0]).toEqual([]);
    }
  }, 60_000);
});
