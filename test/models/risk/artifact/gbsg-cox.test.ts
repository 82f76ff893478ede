/**
 * The shipped worked model models/artifacts/gbsg-cox.json: it loads, equals a
 * fresh build from datasets/gbsg.csv (so the committed file is reproducible),
 * carries its card, and predicts sensibly (risk rising with nodes, range warnings).
 * On mismatch, regenerate with `npm run build && node dist/models/artifacts/build-gbsg.js`.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readCsvColumns } from '../../../helpers/read-csv.js';
import { buildGbsgCoxArtifact } from '../../../../models/artifacts/build-gbsg.js';
import { loadModelArtifact, saveModelArtifact } from '../../../../models/risk/artifact/load.js';
import { predictRisk } from '../../../../models/risk/artifact/predict-risk.js';
import { modelCardMarkdown } from '../../../../models/risk/artifact/card-markdown.js';

const text = readFileSync('models/artifacts/gbsg-cox.json', 'utf8');

describe('models/artifacts/gbsg-cox.json', () => {
  const art = loadModelArtifact(text, { source: 'gbsg-cox.json' });

  it('equals a fresh build', () => {
    const fresh = buildGbsgCoxArtifact(readCsvColumns('datasets/gbsg.csv'));
    expect(saveModelArtifact(fresh)).toBe(text);
    expect(modelCardMarkdown(fresh)).toBe(readFileSync('models/artifacts/gbsg-cox.card.md', 'utf8'));
  });

  it('has its card, horizons and validation', () => {
    expect(art.kind).toBe('cox');
    expect(art.card.intendedUse).toMatch(/not for clinical use/i);
    expect(art.horizons).toEqual([1095.75, 1826.25]);
    expect(art.trainingSummary).toMatchObject({ n: 686, events: 299 });
    expect(art.validation!.harrellC).toBeGreaterThan(0.65);
    expect(art.validation!.optimismCorrectedC!).toBeLessThan(art.validation!.harrellC);
    expect(art.validation!.optimismCorrectedC!).toBeGreaterThan(0.6);
  });

  it('predicts a higher risk with more positive nodes and warns outside the training range', () => {
    const base = { age: 50, meno: 0, size: 25, grade: 2, nodes: 2, pgr: 50, er: 50, hormon: 0 };
    const r = predictRisk(art, [base, { ...base, nodes: 12 }, { ...base, age: 97 }]);
    const [a, b] = r.predictions;
    expect(b!.risk[1]!).toBeGreaterThan(a!.risk[1]!);
    expect(a!.risk[1]!).toBeGreaterThan(a!.risk[0]!);
    expect(r.predictions[2]!.warnings).toEqual(['age 97 outside the training range 21-80']);
    expect(a!.survival.length).toBe(art.baselineHazard.grid.length);
  });
});
