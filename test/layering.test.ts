/**
 * The layering rules (.dependency-cruiser.cjs, docs/layering.md) as `npm run lint:deps` runs them:
 * on the fixture tree test/fixtures/layering/ they fail, naming each rule its deliberate
 * violations break and nothing else; on the repository's own sources they pass.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');
const BIN = join(ROOT, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');
const CONFIG = join(ROOT, '.dependency-cruiser.cjs');
const FIXTURE = join(ROOT, 'test/fixtures/layering');

interface Violation {
  from: string;
  to: string;
  rule: { name: string; severity: string };
  cycle?: { name: string }[];
}

/** Runs dependency-cruiser in `cwd` on `targets` with the repository's config and the given reporter. */
function run(cwd: string, targets: readonly string[], outputType: 'err' | 'json') {
  return spawnSync(process.execPath, [BIN, '--config', CONFIG, '--output-type', outputType, ...targets], { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
}

/**
 * The check as `npm run lint:deps` runs it (the `err` reporter: its exit status counts the
 * errors, its text names each rule) and the violations of the JSON report.
 */
function cruise(cwd: string, targets: readonly string[]): { status: number | null; text: string; violations: Violation[] } {
  const err = run(cwd, targets, 'err');
  const json = run(cwd, targets, 'json');
  const report = JSON.parse(json.stdout) as { summary: { violations: Violation[] } };
  return { status: err.status, text: err.stdout + err.stderr, violations: report.summary.violations };
}

/** The targets of package.json's `lint:deps` script (what `npm test` checks). */
function lintTargets(): string[] {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  const script = pkg.scripts['lint:deps'];
  if (!script) throw new Error('package.json has no lint:deps script');
  const words = script.split(/\s+/).filter(Boolean);
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (w === '--config' || w === '--output-type') i++;
    else if (!w.startsWith('-') && !/depcruise|dependency-cruise/.test(w)) out.push(w);
  }
  return out;
}

describe('layering rules (dependency-cruiser)', () => {
  it('fail on the fixture tree, naming each deliberate violation and its rule', () => {
    const { status, text, violations } = cruise(FIXTURE, ['index.ts', 'engine', 'models', 'analyses', 'cli', 'charts']);
    expect(status).toBe(6); // the number of errors: npm test stops here
    expect(text).toContain('error models-imports-engine-or-surface: models/bad-fit.ts → engine/store.ts');
    expect(text).toContain('error no-circular: engine/ring-a.ts');
    expect(text).toContain('6 dependency violations (6 errors, 0 warnings)');
    const found = violations.map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`).sort();
    expect(found).toEqual(
      [
        'charts-imports-engine-or-surface: charts/bad-plot.ts -> analyses/km.ts',
        'engine-imports-surface: engine/uses-cli.ts -> cli/km.ts',
        'models-imports-engine-or-surface: models/bad-fit.ts -> engine/store.ts',
        'no-circular: engine/ring-a.ts -> engine/ring-b.ts',
        'surface-imports-internals: cli/deep.ts -> engine/store.ts',
        'surface-imports-internals: cli/deep-type.ts -> models/fit.ts', // type-only imports count
      ].sort(),
    );
    for (const v of violations) expect(v.rule.severity).toBe('error');
  }, 120_000);

  it('allow what the layers may import (public entry points, analyses/ on engine/ and models/, charts/ on models/)', () => {
    // only the allowed files: no violation, exit status 0
    const { status, violations } = cruise(FIXTURE, ['cli/km.ts', 'charts/plot.ts']);
    expect(violations).toEqual([]);
    expect(status).toBe(0);
  }, 120_000);

  it('pass on the repository sources (the lint:deps targets)', () => {
    const targets = lintTargets();
    expect(targets).toEqual(expect.arrayContaining(['analyses', 'engine', 'models', 'charts', 'render', 'cli', 'server', 'util', 'notebooks']));
    const { status, violations } = cruise(ROOT, targets);
    expect(violations.map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`)).toEqual([]);
    expect(status).toBe(0);
  }, 180_000);
});
