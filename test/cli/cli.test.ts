import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { tableFromIPC } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvText } from '../../cli/output.js';
import { COMMANDS } from '../../cli/registry.js';
import { grantConsent } from '../../engine/consent/registry.js';
import { TABLES, type CanonicalTableName } from '../../engine/schema.js';
import { CohortStore } from '../../engine/store.js';
import { MINI } from '../helpers/mini-cohort.js';
import { runCliCaptured, type CliResult } from '../helpers/run-cli.js';

function cli(...argv: string[]): Promise<CliResult> {
  return runCliCaptured(argv);
}

let dir: string;
let cohortDir: string;
let db: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'midia-cli-'));
  cohortDir = join(dir, 'cohort');
  mkdirSync(cohortDir);
  for (const t of Object.keys(MINI) as CanonicalTableName[]) {
    const cols = TABLES[t].columns.map((c) => c.name);
    const rows = (MINI[t] as unknown as Record<string, string | number | null | undefined>[]).map((r) => cols.map((c) => r[c] ?? null));
    writeFileSync(join(cohortDir, `${t}.csv`), csvText(cols, rows));
  }
  db = join(dir, 'cohort.duckdb');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('midia CLI', () => {
  it('prints help for every command and exits 1 on unknown commands', async () => {
    const top = await cli('--help');
    expect(top.code).toBe(0);
    for (const c of COMMANDS) {
      expect(top.out).toContain(c.name);
      const h = await cli(c.name, '--help');
      expect(h.code).toBe(0);
      expect(h.out).toMatch(/^Usage: midia /);
    }
    const bad = await cli('frobnicate');
    expect(bad.code).toBe(1);
    expect(bad.err).toContain("unknown command 'frobnicate'");
    const typo = await cli('describe', '--dbb', db);
    expect(typo.code).toBe(1);
    expect(typo.err).toContain('Unknown flag --dbb');
  });

  it('imports a cohort folder, then describes, queries, builds tables and timelines', async () => {
    // the mini cohort's pseudonyms (P-A ... P-D) are not of a default form: declare it (kept in the store)
    const imp = await cli('import', '--db', db, '--json', '--pseudonym-pattern', 'P-[A-Z]', cohortDir);
    expect(imp.code, imp.err).toBe(0);
    const reports = JSON.parse(imp.out) as { loaded: number }[];
    expect(reports.reduce((s, r) => s + r.loaded, 0)).toBe(Object.values(MINI).reduce((s, rows) => s + rows.length, 0));

    const again = await cli('import', '--db', db, '--json', join(cohortDir, 'events.csv'));
    expect(again.code).toBe(0);
    expect(JSON.parse(again.out)).toMatchObject({ loaded: 0, duplicates: MINI.events.length });

    // Reads need a registered study (threshold 1: the hand-built cohort has 4 patients; row-level: the
    // walk-through lists rows, a patient's timeline and an analysis table) and consent.
    const refused = await cli('describe', '--db', db, '--json');
    expect(refused.code).toBe(2);
    expect(refused.err).toContain('--study');
    const reg = await cli('study', 'register', '--db', db, '--id', 'MINI', '--title', 'Mini', '--question', 'Does the CLI work?', '--responsible', 'Test', '--purpose', 'research-general', '--approval', 'EC-0', '--min-cell-count', '1', '--access', 'row-level');
    expect(reg.code, reg.err).toBe(0);
    const store = await CohortStore.open(db);
    try {
      for (const p of MINI.patients) await grantConsent(store, { pseudonym: p.pseudonym, purpose: 'research-general', effectiveAt: new Date('2020-01-01T00:00:00Z') });
    } finally {
      store.close();
    }

    const desc = await cli('describe', '--db', db, '--study', 'MINI', '--json');
    expect(desc.code, desc.err).toBe(0);
    const d = JSON.parse(desc.out) as { tables: { name: string; rows: number }[]; variables: { table: string; column: string; missing: number }[] };
    expect(d.tables.find((t) => t.name === 'patients')?.rows).toBe(4);
    expect(d.variables.find((v) => v.table === 'patients' && v.column === 'birth_month')?.missing).toBe(1);

    const q = await cli('query', '--db', db, '--study', 'MINI', '--json', 'SELECT diagnosis, count(*)::INTEGER AS n FROM patients GROUP BY 1 ORDER BY 1');
    expect(JSON.parse(q.out)).toEqual([{ diagnosis: 'breast_cancer', n: 3 }, { diagnosis: 'multiple_sclerosis', n: 1 }]);
    const csv = await cli('query', '--db', db, '--study', 'MINI', '--format', 'csv', 'SELECT pseudonym FROM patients ORDER BY 1 LIMIT 2');
    expect(csv.out).toBe('pseudonym\nP-A\nP-B\n');
    const arrow = await cli('query', '--db', db, '--study', 'MINI', '--format', 'arrow', 'SELECT value FROM observations WHERE code = \'EDSS\' ORDER BY value');
    expect(Array.from(tableFromIPC(arrow.raw).getChild('value')?.toArray() ?? [])).toEqual([2, 3.5]);

    const tbl = await cli('table', '--db', db, '--study', 'MINI', '--diagnosis', 'breast_cancer', '--endpoint', 'distant_metastasis', '--competing', 'death', '--json');
    expect(tbl.code, tbl.err).toBe(0);
    expect((JSON.parse(tbl.out) as { status: number }[]).map((r) => r.status)).toEqual([1, 0, 2]);
    const sql = await cli('table', '--endpoint', 'relapse', '--counting', '--sql');
    expect(sql.out).toContain('lead(c) OVER');

    const tl = await cli('timeline', '--db', db, '--study', 'MINI', 'P-D');
    expect(tl.code).toBe(0);
    expect(tl.out).toContain('ocrelizumab');
  });

  it('rejects a file with one bad row whole, exit 2, store unchanged', async () => {
    const before = await cli('query', '--db', db, '--study', 'MINI', '--format', 'csv', 'SELECT * FROM observations ORDER BY ALL');
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'pseudonym,date,code,value\nP-A,2021-01-01,PSA,1.5\nP-A,2021-13-45,PSA,2\nP-A,2021-03-01,PSA,3\n');
    const r = await cli('import', '--db', db, '--table', 'observations', bad);
    expect(r.code).toBe(2);
    expect(r.err).toContain('row 2');
    expect(r.err).toContain("field 'date'");
    const after = await cli('query', '--db', db, '--study', 'MINI', '--format', 'csv', 'SELECT * FROM observations ORDER BY ALL');
    expect(after.out).toBe(before.out);
  });

  it('reads plain data files for describe', async () => {
    const r = await cli('describe', '--data', 'datasets/lung.csv', '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as { rows: number; variables: { column: string; missing: number }[] };
    expect(j.rows).toBe(228);
    expect(j.variables.find((v) => v.column === 'wt.loss')?.missing).toBe(14);
  });

  it('aft on a zero or negative time is bad data: exit 2 naming the rows, not a usage error', async () => {
    const f = join(dir, 'aft-zero.csv');
    writeFileSync(f, 'time,status,x\n5,1,1\n0,1,2\n7,0,3\n-2,1,1\n12,1,2\n9,1,3\n');
    const r = await cli('aft', '--data', f, '--formula', 'Surv(time, status) ~ x');
    expect(r.code, r.err).toBe(2);
    expect(r.err).toMatch(/rejected: .*row 2, field 'time': survreg: times must be > 0 .*got 0 \(and 1 more\)/);
    expect(r.err).toMatch(/row 4, field 'time': .*got -2/);
    expect(r.err).not.toContain('--help');
  });

  it('a multi-state status names the CLI commands and flag, not a library option', async () => {
    const f = join(dir, 'multi-state.csv');
    writeFileSync(f, 'time,status,x\n3,2,1\n5,1,2\n7,0,3\n9,1,1\n12,2,2\n4,1,1\n');
    for (const command of ['km', 'cox', 'logrank']) {
      const r = await cli(command, '--data', f, '--formula', 'Surv(time, status) ~ x');
      expect(r.code, r.err).toBe(2);
      expect(r.err).toContain("status 2 is not 0/1 (or 1/2 for all rows): for competing risks or multi-state data use 'midia cif' or 'midia finegray --cause 2'");
      expect(r.err).toContain('Surv(time, status == 1)');
      expect(r.err).not.toContain('survStatus');
    }
  });

  it('prints the schema as Markdown, JSON and SQL', async () => {
    expect((await cli('schema')).out).toContain('## observations');
    expect(JSON.parse((await cli('schema', '--json')).out).tables).toHaveLength(5);
    expect((await cli('schema', '--sql')).out).toContain('CREATE TABLE IF NOT EXISTS "cohort"."patients"');
  });

  it("lists every command module, with the module's own name and summary (the registry loads modules lazily)", async () => {
    for (const entry of COMMANDS) {
      const command = await entry.load();
      expect(command.name).toBe(entry.name);
      expect(command.summary, `cli/registry.ts: the summary of '${entry.name}' differs from cli/commands/${entry.name}.ts: change both`).toBe(entry.summary);
    }
    // every module under cli/commands that exports a Command is registered
    const exported = readdirSync('cli/commands')
      .filter((f) => f.endsWith('.ts'))
      .flatMap((f) => [...readFileSync(join('cli/commands', f), 'utf8').matchAll(/export const \w+: Command = \{\s*name: '([\w-]+)'/g)].map((m) => m[1]!));
    expect(COMMANDS.map((c) => c.name).sort()).toEqual([...exported].sort());
  });

  it('midia --help loads no command module and none of the heavy dependencies; km --help loads neither fastify nor tfjs; serve --help no fastify', () => {
    const bin = process.env.MIDIA_CLI_BIN ?? join(process.cwd(), 'dist', 'cli', 'main.js'); // npm test builds dist first
    expect(existsSync(bin), 'dist/cli/main.js is missing: the test script builds it first (npm test)').toBe(true);
    // an ESM resolve hook that records every module the process loads
    const hooks = join(dir, 'trace-hooks.mjs');
    writeFileSync(hooks, "import { appendFileSync } from 'node:fs';\nexport async function resolve(s, c, next) { const r = await next(s, c); appendFileSync(process.env.MIDIA_TRACE_FILE, r.url + '\\n'); return r; }\n");
    const register = join(dir, 'trace-register.mjs');
    writeFileSync(register, `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`);
    const loaded = (...argv: string[]): string[] => {
      const trace = join(dir, `trace-${argv.join('-')}.txt`);
      writeFileSync(trace, '');
      const out = execFileSync(process.execPath, ['--import', pathToFileURL(register).href, bin, ...argv], { encoding: 'utf8', env: { ...process.env, MIDIA_TRACE_FILE: trace } });
      expect(out).toMatch(/^Usage: midia /m);
      return readFileSync(trace, 'utf8').split('\n').filter(Boolean);
    };
    const heavy = /node_modules\/(@tensorflow|fastify|@duckdb|apache-arrow|plotly\.js-dist-min|playwright-core|zod)\//;
    const top = loaded('--help');
    expect(top.filter((u) => heavy.test(u))).toEqual([]);
    expect(top.filter((u) => u.includes('/cli/commands/'))).toEqual([]);
    expect(top.length).toBeLessThan(20);
    const km = loaded('km', '--help');
    expect(km.some((u) => u.endsWith('/cli/commands/km.js'))).toBe(true);
    expect(km.filter((u) => /node_modules\/(@tensorflow|fastify|playwright-core)\//.test(u))).toEqual([]);
    expect(km.filter((u) => /\/cli\/commands\/(?!km\.js)/.test(u))).toEqual([]);
    // serve imports the server (fastify) only when it starts
    expect(loaded('serve', '--help').filter((u) => heavy.test(u))).toEqual([]);
  });

  it('runs as a built binary (npx midia)', () => {
    const bin = join(process.cwd(), 'dist', 'cli', 'main.js');
    expect(existsSync(bin), 'dist/cli/main.js is missing: the test script builds it first (npm test)').toBe(true);
    const out = execFileSync(process.execPath, [bin, '--help'], { encoding: 'utf8' });
    expect(out).toContain('Usage: midia <command>');
    expect(readFileSync(bin, 'utf8').startsWith('#!/usr/bin/env node')).toBe(true);
  });
});
