/** `midia generate`: the synthetic cohort and the synthetic MS registry as canonical CSV files. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateMsRegistry, msRegistryFiles, MS_REGISTRY_SEPARATED_CLASSES } from '../../datasets/ms-registry/index.js';
import { runCliCaptured, type CliResult } from '../helpers/run-cli.js';

function cli(...argv: string[]): Promise<CliResult> {
  return runCliCaptured(argv);
}

const dir = mkdtempSync(join(tmpdir(), 'midia-generate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('midia generate', () => {
  it('--ms-registry N writes the registry files, byte-identical to msRegistryFiles for the same seed', async () => {
    const out = join(dir, 'reg');
    const r = await cli('generate', '--out', out, '--ms-registry', '30', '--seed', '4');
    expect(r.code, r.err).toBe(0);
    const expected = msRegistryFiles(generateMsRegistry({ patients: 30, seed: 4 }));
    for (const [name, text] of Object.entries(expected)) expect(readFileSync(join(out, name), 'utf8'), name).toBe(text);
    expect(r.out.trim().split('\n')).toHaveLength(6);
  });

  it('--separated selects the well-separated response classes', async () => {
    const out = join(dir, 'sep');
    const r = await cli('generate', '--out', out, '--ms-registry', '30', '--separated', '--seed', '4');
    expect(r.code, r.err).toBe(0);
    const truth = JSON.parse(readFileSync(join(out, 'truth.json'), 'utf8')) as { classes: { name: string }[] };
    expect(truth.classes.map((c) => c.name)).toEqual(MS_REGISTRY_SEPARATED_CLASSES.map((c) => c.name));
  });

  it('refuses cohort flags with --ms-registry and --separated without it (usage errors, exit 1)', async () => {
    const a = await cli('generate', '--out', join(dir, 'x'), '--ms-registry', '10', '--breast', '5');
    expect(a.code).toBe(1);
    expect(a.err).toContain('--breast');
    const b = await cli('generate', '--out', join(dir, 'y'), '--separated');
    expect(b.code).toBe(1);
    expect(b.err).toContain('--ms-registry');
  });

  it('writes the cohort by default', async () => {
    const out = join(dir, 'cohort');
    const r = await cli('generate', '--out', out, '--breast', '3', '--prostate', '2', '--ms', '2');
    expect(r.code, r.err).toBe(0);
    expect(readFileSync(join(out, 'patients.csv'), 'utf8').trim().split('\n')).toHaveLength(8);
  });
});
