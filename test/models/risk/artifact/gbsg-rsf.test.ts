/**
 * The shipped worked forest models/artifacts/gbsg-rsf.json: it loads, its
 * forest and every other section equal a fresh build from datasets/gbsg.csv
 * (the validation section is taken from the file: re-running its 100-replicate
 * bootstrap would take minutes), its card is the rendered one, the file stays
 * small, and it predicts sensibly (risk rising with nodes, range warnings).
 * On mismatch, regenerate with `npm run build && node dist/models/artifacts/build-gbsg-rsf.js`.
 */
import { readFileSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readCsvColumns } from '../../../helpers/read-csv.js';
import { buildGbsgRsfArtifact } from '../../../../models/artifacts/build-gbsg-rsf.js';
import { loadModelArtifact, saveModelArtifact } from '../../../../models/risk/artifact/load.js';
import { predictRisk } from '../../../../models/risk/artifact/predict-risk.js';
import { modelCardMarkdown } from '../../../../models/risk/artifact/card-markdown.js';

const FILE = 'models/artifacts/gbsg-rsf.json';
const text = readFileSync(FILE, 'utf8');

describe('models/artifacts/gbsg-rsf.json', () => {
  const art = loadModelArtifact(text, { source: 'gbsg-rsf.json' });

  it('equals a fresh build (forest, summary, card) and stays small', () => {
    const fresh = buildGbsgRsfArtifact(readCsvColumns('datasets/gbsg.csv'), { validation: art.validation! });
    expect(saveModelArtifact(fresh)).toBe(text);
    expect(modelCardMarkdown(fresh)).toBe(readFileSync('models/artifacts/gbsg-rsf.card.md', 'utf8'));
    expect(statSync(FILE).size).toBeLessThan(1_500_000);
  });

  it('is a format-2 forest with its card, settings and honest validation', () => {
    expect(art).toMatchObject({ kind: 'rsf', formatVersion: 2, id: 'gbsg-rsf', horizons: [1095.75, 1826.25] });
    expect(art.card.intendedUse).toMatch(/not for clinical use/i);
    expect(art.trainingSummary).toMatchObject({ n: 686, events: 299 });
    const f = art.predictor.type === 'forest' ? art.predictor : null;
    expect(f!.settings).toEqual({ nTrees: 100, mtry: 2, minNodeSize: 15, nSplit: 0, maxDepth: null, seed: 20261128, splitRule: 'logrank' });
    expect(f!.oobHarrellC!).toBeGreaterThan(0.65);
    expect(f!.minLeafPatients!).toBeGreaterThanOrEqual(5); // the export's disclosure floor
    const v = art.validation!;
    expect(v.bootstrapReplicates).toBe(100);
    expect(v.optimismCorrectedC!).toBeLessThan(v.harrellC);
    expect(f!.oobHarrellC!).toBeLessThan(v.harrellC);
    expect(v.note).toContain(`out-of-bag Harrell's C ${f!.oobHarrellC!.toFixed(4)}`);
    // nodes and pgr lead the permutation importance, as in the Cox model's largest effects
    const names = art.preprocessing.columns.map((c) => c.name);
    const top = names.map((n, j) => [n, f!.importance![j]!] as const).sort((a, b) => b[1] - a[1]).slice(0, 2).map((x) => x[0]);
    expect(top.sort()).toEqual(['nodes', 'pgr']);
  });

  it('predicts a higher risk with more positive nodes and warns outside the training range', () => {
    const base = { age: 50, meno: 0, size: 25, grade: 2, nodes: 2, pgr: 50, er: 50, hormon: 0 };
    const r = predictRisk(art, [base, { ...base, nodes: 12 }, { ...base, age: 97 }]);
    const [a, b] = r.predictions;
    expect(b!.risk[1]!).toBeGreaterThan(a!.risk[1]!);
    expect(a!.risk[1]!).toBeGreaterThan(a!.risk[0]!);
    expect(b!.score).toBeGreaterThan(a!.score);
    expect(r.predictions[2]!.warnings).toEqual(['age 97 outside the training range 21-80']);
    expect(a!.survival.length).toBe(art.baselineHazard.grid.length);
  });
});
