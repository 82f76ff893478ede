/** `midia generate`: the synthetic cohort and the synthetic MS registry as canonical CSV files, with their study and consents. */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SYNTHETIC_STUDY_ID } from '../../datasets/index.js';
import { generateMsRegistry, msRegistryFiles, MS_REGISTRY_SEPARATED_CLASSES } from '../../datasets/ms-registry/index.js';
import { consentEventsFromFhir } from '../../engine/consent/fhir-consent.js';
import { parseFhirText } from '../../engine/import/fhir-read.js';
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
    expect(r.out.trim().split('\n')).toHaveLength(8); // the six registry files, study.json, consents.ndjson
    const study = JSON.parse(readFileSync(join(out, 'study.json'), 'utf8')) as { id: string; access: string; purpose: string };
    expect(study).toMatchObject({ id: SYNTHETIC_STUDY_ID, access: 'row-level', purpose: 'research-general' });
    const file = join(out, 'consents.ndjson');
    const parsed = consentEventsFromFhir(parseFhirText(readFileSync(file, 'utf8'), file).entries, file);
    expect(parsed.issues).toEqual([]);
    const granted = parsed.events.filter((e) => e.action === 'grant');
    expect(granted.map((e) => e.pseudonym)).toEqual(expected['patients.csv'].trim().split('\n').slice(1).map((l) => l.split(',')[0]));
    expect(new Set(parsed.events.map((e) => e.purpose))).toEqual(new Set(['research-general']));
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

  it('writes the study SYNTH and one broad consent per patient, withdrawals dated within follow-up', async () => {
    const out = join(dir, 'consented');
    const r = await cli('generate', '--out', out, '--breast', '60', '--prostate', '40', '--ms', '50', '--seed', '9');
    expect(r.code, r.err).toBe(0);
    const study = JSON.parse(readFileSync(join(out, 'study.json'), 'utf8')) as Record<string, unknown>;
    expect(study).toMatchObject({ id: 'SYNTH', purpose: 'research-general', minCellCount: 5, allowIndividualTimes: false, access: 'row-level' });
    const patients = new Map(readFileSync(join(out, 'patients.csv'), 'utf8').trim().split('\n').slice(1).map((l) => {
      const f = l.split(',');
      return [f[0]!, { index: f[7]!, last: f[8]! }] as const;
    }));
    expect(readFileSync(join(out, 'patients.csv'), 'utf8').split('\n')[0]).toBe('pseudonym,birth_year,birth_month,sex,diagnosis,diagnosis_icd10,site,index_date,last_contact,source');
    const file = join(out, 'consents.ndjson');
    const parsed = consentEventsFromFhir(parseFhirText(readFileSync(file, 'utf8'), file).entries, file);
    expect(parsed.issues).toEqual([]);
    const grants = parsed.events.filter((e) => e.action === 'grant');
    expect(grants).toHaveLength(150);
    for (const g of grants) expect(g.effectiveAt.toISOString().slice(0, 10)).toBe(patients.get(g.pseudonym)!.index);
    const revokes = parsed.events.filter((e) => e.action === 'revoke');
    expect(revokes.length).toBeGreaterThan(0); // seed 9: some of the 150 withdraw (2 % each)
    expect(revokes.length).toBeLessThan(15);
    for (const v of revokes) {
      const p = patients.get(v.pseudonym)!;
      const day = v.effectiveAt.toISOString().slice(0, 10);
      expect(day > p.index && day <= p.last, `${v.pseudonym} withdraws ${day} within (${p.index}, ${p.last}]`).toBe(true);
    }
    // Seeded: the same seed gives the same consents file.
    const again = join(dir, 'consented-again');
    expect((await cli('generate', '--out', again, '--breast', '60', '--prostate', '40', '--ms', '50', '--seed', '9')).code).toBe(0);
    expect(readFileSync(join(again, 'consents.ndjson'), 'utf8')).toBe(readFileSync(file, 'utf8'));
  });

  it('keeps every existing file byte-identical: the default cohort and registry hash as before the study and consents were added', async () => {
    // SHA-256 of the files the generators wrote at commit 449f91b (before study.json and consents.ndjson existed),
    // recomputed there from a clean checkout of datasets/, util/ and engine/schema.ts.
    const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
    const cohort = join(dir, 'default');
    expect((await cli('generate', '--out', cohort)).code).toBe(0);
    const expectedCohort: Record<string, string> = {
      'patients.csv': '3c1c0d6b04c489e201889a2b1b4a8fc20198334b13f3ca18ab2fa763d68fdf36',
      'events.csv': 'ca2e33c59343fba6669c7ca1659ac2f95a6a8595a56b4a0b4a7fbe4597d0822d',
      'observations.csv': 'dad22fd8d0d3d8f2d2edd509f8b108a278c542d23b02b59ad200c0ff5d4e8c54',
      'treatments.csv': '16ebef70ac7e1f8ecf478937b8760aed1036d9e0b269e4ae801256002e574084',
      'visits.csv': 'c5f7244d0a9d05542b486d77dadc34da46a504f215972f333fe0a8f3a778cd80',
      'truth.json': '952459acaa8556d725b98c4354488dd93cfa977b05db0aaa430551d6cc141f11',
    };
    for (const [f, h] of Object.entries(expectedCohort)) expect(sha(join(cohort, f)), f).toBe(h);
    const registry = join(dir, 'default-registry');
    expect((await cli('generate', '--out', registry, '--ms-registry', '500')).code).toBe(0);
    const expectedRegistry: Record<string, string> = {
      'patients.csv': '0a74f09e0dea736b9a7d806fc115f6eff0026170f50dbdf30094257a09dc625c',
      'events.csv': '479eb59bd77b1cabd122a0925c4e5557940640a15b7c4ed959c8debe33c52556',
      'observations.csv': 'b01bc85d520a5b5f75590d0f6996a3a0ec4688ccee0ab65257942be8170fd62c',
      'treatments.csv': '554d0a8de1ab2b5e28c80d68a91538389e5b8439af089fdd20ea69e6f8f17912',
      'visits.csv': '84a7d5f58079495583214241b2cda625a1aa23ed7c85ff93e376ed1bb226294c',
      'truth.json': '4dad1c24bf6b1027578be43338a8f412a504375bbb39ab8bf571ff40f273de79',
    };
    for (const [f, h] of Object.entries(expectedRegistry)) expect(sha(join(registry, f)), f).toBe(h);
  }, 60_000);

  it('fails fast on an output folder that cannot be created or written (exit 1, nothing generated)', async () => {
    const started = Date.now();
    const proc = await cli('generate', '--out', '/proc/midia-x');
    expect(proc.code).toBe(1);
    expect(proc.err).toContain('--out /proc/midia-x: cannot create the output folder');
    const ro = await cli('generate', '--out', '/proc', '--ms-registry', '10');
    expect(ro.code).toBe(1);
    expect(ro.err).toContain('--out /proc: the output folder is not writable');
    const file = join(dir, 'a-file');
    writeFileSync(file, 'x');
    const under = await cli('generate', '--out', join(file, 'sub'));
    expect(under.code).toBe(1);
    expect(under.err).toContain('is not a folder');
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('fails fast on patient counts that are not integers within the documented range (exit 1, no folder made)', async () => {
    const cases: [string[], string][] = [
      [['--ms-registry', '1e9'], "--ms-registry must be an integer from 1 to 100,000, got '1e9'"],
      [['--ms-registry', '0'], '--ms-registry must be an integer from 1 to 100,000'],
      [['--ms-registry', '2.5'], '--ms-registry must be an integer'],
      [['--ms-registry', 'many'], "got 'many'"],
      [['--breast', '1e9'], "--breast must be an integer from 0 to 100,000, got '1e9'"],
      [['--ms', '-3'], '--ms must be an integer from 0 to 100,000'],
      [['--seed', '1.5'], "--seed must be an integer, got '1.5'"],
    ];
    for (const [flags, message] of cases) {
      const out = join(dir, `never-${flags.join('')}`);
      const started = Date.now();
      const r = await cli('generate', '--out', out, ...flags);
      expect(r.code, flags.join(' ')).toBe(1);
      expect(r.err).toContain(message);
      expect(Date.now() - started).toBeLessThan(2_000);
      expect(existsSync(out)).toBe(false);
    }
  });
});
