/**
 * `--data FILE` through the CLI: columns typed as R's read.csv types them, so
 * the commands print R's names (golden: test/golden/read-csv.R, which wrote the
 * fixture and fitted the same models in R 4.2.2 / survival 3.5-3).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
});
