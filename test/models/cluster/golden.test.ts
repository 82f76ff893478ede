// Golden comparisons with R 4.2.2 (mclust 6.0.0, cluster 2.1.4); fixture written by test/golden/cluster.R.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { adjustedRandIndex } from '../../../models/cluster/adjusted-rand.js';
import { euclideanDissimilarity } from '../../../models/cluster/dissimilarity.js';
import { cutTree, hierarchicalClustering } from '../../../models/cluster/hierarchical.js';
import { mclustBIC } from '../../../models/cluster/gaussian-mixture.js';
import { pam } from '../../../models/cluster/pam.js';
import { silhouette } from '../../../models/cluster/silhouette.js';
import { readCsvColumns } from '../../helpers/read-csv.js';

interface Golden {
  mclust: { table: { G: number; model: string; bic: number }[]; model: string; G: number; loglik: number; loglikRefit: number; bic: number; icl: number };
  pam: { medoids: number[]; objective: number[]; clustering: number[] };
  silhouette: { widths: number[]; average: number };
  pam4: { rows: number[]; medoids: number[]; objective: number[]; clustering: number[] };
  hclust: Record<'average' | 'ward', { merge: number[][]; height: number[]; cut4: number[] }>;
}
const golden = JSON.parse(readFileSync('test/golden/cluster.json', 'utf8')) as Golden;
const csv = readCsvColumns('test/golden/cluster-data.csv');
const x1 = csv['x1'] as Float64Array;
const x2 = csv['x2'] as Float64Array;
const truth = csv['truth'] as Float64Array;
const rows = Array.from(x1, (v, i) => [v, x2[i] as number]);

describe('Gaussian mixtures against mclust', () => {
  const res = mclustBIC(rows, { G: [1, 2, 3, 4], models: ['VVV', 'VVI', 'VII'], seed: 7 });
  it("chooses mclust's model and G; loglik to 1e-4 (Mclust(x, G = 1:4, modelNames = c('VVV','VVI','VII')))", () => {
    expect(res.best.model).toBe(golden.mclust.model);
    expect(res.best.G).toBe(golden.mclust.G);
    expect(Math.abs(res.best.loglik - golden.mclust.loglikRefit)).toBeLessThan(1e-4);
    expect(Math.abs(res.best.bic - golden.mclust.bic)).toBeLessThan(2e-4);
    expect(Math.abs(res.best.icl - golden.mclust.icl)).toBeLessThan(1e-3);
    expect(adjustedRandIndex(res.best.classification, truth)).toBe(1);
  });
  // G = 2 and 4 are misspecified for 3 clusters and have several EM optima; the optimum reached depends on
  // the start (mclust: hierarchical agglomeration, here: k-means++), so only G = 1 (closed form) and G = 3 are compared.
  it('matches the BIC table for G = 1 and G = 3 to 1e-6 relative', () => {
    for (const cell of golden.mclust.table) {
      if (cell.G !== 1 && cell.G !== 3) continue;
      const ours = res.table.find((t) => t.G === cell.G && t.model === cell.model);
      expect(ours, `${cell.model} G=${cell.G}`).toBeDefined();
      expect(Math.abs((ours as { bic: number }).bic - cell.bic) / Math.abs(cell.bic), `${cell.model} G=${cell.G}`).toBeLessThan(1e-6);
    }
  });
});

describe('PAM and silhouette against cluster', () => {
  const d = euclideanDissimilarity(rows);
  it('pam(dist(x), k = 3): same medoids, objective and clustering', () => {
    const p = pam(d, 3);
    expect(Array.from(p.medoids, (m) => m + 1)).toEqual(golden.pam.medoids);
    expect(p.objective.build).toBeCloseTo(golden.pam.objective[0] as number, 10);
    expect(p.objective.swap).toBeCloseTo(golden.pam.objective[1] as number, 10);
    expect(Array.from(p.labels, (l) => l + 1)).toEqual(golden.pam.clustering);
    const s = silhouette(d, p.labels);
    for (let i = 0; i < rows.length; i++) expect(Math.abs((s.widths[i] as number) - (golden.silhouette.widths[i] as number))).toBeLessThan(1e-10);
    expect(s.average).toBeCloseTo(golden.silhouette.average, 10);
  });
  it('pam(dist(subset), k = 4): BUILD and SWAP reach the same medoids', () => {
    const sub = golden.pam4.rows.map((r) => rows[r - 1] as number[]);
    const p = pam(euclideanDissimilarity(sub), 4);
    expect(Array.from(p.medoids, (m) => m + 1)).toEqual(golden.pam4.medoids);
    expect(p.objective.build).toBeCloseTo(golden.pam4.objective[0] as number, 10);
    expect(p.objective.swap).toBeCloseTo(golden.pam4.objective[1] as number, 10);
    expect(Array.from(p.labels, (l) => l + 1)).toEqual(golden.pam4.clustering);
  });
});

describe('hierarchical clustering against stats::hclust', () => {
  const sub = golden.pam4.rows.map((r) => rows[r - 1] as number[]);
  const d = euclideanDissimilarity(sub);
  for (const linkage of ['average', 'ward'] as const) {
    it(`hclust(dist(subset), '${linkage === 'ward' ? 'ward.D2' : 'average'}'): merges, heights, cutree(, 4)`, () => {
      const g = golden.hclust[linkage];
      const tree = hierarchicalClustering(d, linkage);
      const merges: number[][] = [];
      for (let s = 0; s < tree.n - 1; s++) merges.push([tree.merge[2 * s] as number, tree.merge[2 * s + 1] as number]);
      expect(merges).toEqual(g.merge);
      g.height.forEach((h, s) => expect(Math.abs((tree.height[s] as number) - h) / h).toBeLessThan(1e-10));
      expect(Array.from(cutTree(tree, 4), (l) => l + 1)).toEqual(g.cut4);
    });
  }
});
