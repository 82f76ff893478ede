/**
 * `midia ms cluster` on a cohort database: a seeded synthetic MS registry, a
 * registered study, one patient who revoked consent. Checks determinism (same
 * seed, same output), suppression of small clusters and cells, the ledger
 * entry, the assignments file, consent, the JSON shape and flag errors.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { suppressTable } from '../../cli/ms-data.js';
import { clusterSettings, fitClustering, fitSequenceClustering, sampleLabels, splineKnotsAt, type DisclosedCluster, type DisclosedLevels, type DisclosedNumeric } from '../../cli/commands/ms-cluster.js';
import { encodeSequences, THERAPY_CLASS_STATES } from '../../models/ms/therapy-sequence.js';
import { adjustedRandIndex } from '../../models/cluster/adjusted-rand.js';
import { dissimilarityValue } from '../../models/cluster/dissimilarity.js';
import type { Course } from '../../models/cluster/trajectory.js';
import { noProgress } from '../../util/progress.js';
import { generateMsRegistry } from '../../datasets/ms-registry/index.js';
import { runCliCaptured, type CliResult } from '../helpers/run-cli.js';
import { writeConsentedMsStore } from '../helpers/ms-store.js';

function cli(...argv: string[]): Promise<CliResult> {
  return runCliCaptured(argv);
}

interface ClusterJson {
  method: string;
  objects: Record<string, unknown>;
  k: number;
  patients: { cohort: number | null; clustered: number | null; excluded: number | null };
  selection: { criterion: string; table: Record<string, unknown>[] };
  quality: { model: string | null; silhouette: number | null; bic: number | null; icl: number | null; stability: { bootstrap: number; meanAri: number; minAri: number } | null };
  clusters: DisclosedCluster[];
  threshold: number;
  assignments: string | null;
}

const registry = generateMsRegistry({ seed: 5, patients: 80 });
const { records } = registry;
const revoked = records.patients[1]?.pseudonym as string;
let dir: string;
let db: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'midia-ms-cluster-'));
  db = join(dir, 'ms.duckdb');
  await writeConsentedMsStore(db, records, revoked);
  const reg = await cli('study', 'register', '--db', db, '--id', 'MSC', '--title', 'Response clusters', '--question', 'Which response patterns exist?', '--responsible', 'Dr. M', '--purpose', 'research-general', '--approval', 'EK-3', '--min-cell-count', '5', '--access', 'row-level'); // --assignments is row-level output
  expect(reg.code, reg.err).toBe(0);
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function checkDisclosure(j: ClusterJson): void {
  for (const c of j.clusters) {
    if (c.size === null) {
      expect(c.suppressed).toBe(true);
      expect(c.baseline).toBeNull();
      continue;
    }
    expect(c.size).toBeGreaterThanOrEqual(j.threshold);
    for (const g of [c.baseline, c.outcomes, c.therapies]) {
      for (const v of Object.values(g ?? {})) {
        if (Array.isArray(v)) {
          const levels = v as DisclosedLevels;
          for (const l of levels) if (l.count !== null) expect(l.count === 0 || l.count >= j.threshold).toBe(true);
          // complementary suppression: a single hidden level would be revealed by the size
          expect(levels.filter((l) => l.count === null).length).not.toBe(1);
        } else {
          const num = v as DisclosedNumeric;
          // n may be hidden to protect a small missing count; a shown n is 0 or at least the threshold, and a mean needs values
          if (num.n !== null) expect(num.n === 0 || num.n >= j.threshold).toBe(true);
          if (num.n === 0) expect(num.mean).toBeNull();
        }
      }
    }
  }
}

describe('midia ms cluster', () => {
  it('clusters response features by GMM/BIC with quality and disclosed profiles, the same for the same seed', async () => {
    const args = ['ms', 'cluster', '--db', db, '--study', 'MSC', '--k-max', '3', '--bootstrap', '3', '--seed', '7', '--json'];
    const a = await cli(...args);
    expect(a.code, a.err).toBe(0);
    const j = JSON.parse(a.out) as ClusterJson;
    expect(j.method).toBe('gmm');
    expect(j.selection.criterion).toBe('BIC');
    expect(j.selection.table.length).toBeGreaterThan(3);
    expect(j.k).toBeGreaterThanOrEqual(1);
    expect(j.clusters).toHaveLength(j.k);
    expect(j.quality.bic).toEqual(expect.any(Number));
    expect(j.patients.cohort).toBe(records.patients.length - 1);
    if (j.patients.excluded !== null) expect((j.patients.clustered ?? NaN) + j.patients.excluded).toBe(j.patients.cohort);
    // a hidden excluded count must not follow from the shown total and sizes
    if (j.patients.excluded === null) {
      expect(j.patients.clustered).toBeNull();
      expect(j.clusters.some((c) => c.size === null)).toBe(true);
    }
    if (j.k >= 2) {
      expect(j.quality.silhouette).toEqual(expect.any(Number));
      expect(j.quality.stability?.bootstrap).toBe(3);
    }
    checkDisclosure(j);
    const b = await cli(...args);
    expect(b.out).toBe(a.out);
  }, 60_000);

  it('chooses k by silhouette for PAM on EDSS courses, suppresses small clusters and writes assignments', async () => {
    const file = join(dir, 'assign.csv');
    const r = await cli('ms', 'cluster', '--db', db, '--study', 'MSC', '--method', 'grid-pam', '--k', '6', '--bootstrap', '2', '--min-cell', '12', '--assignments', file, '--json');
    expect(r.code, r.err).toBe(0);
    const j = JSON.parse(r.out) as ClusterJson;
    expect(j.threshold).toBe(12);
    expect(j.selection.criterion).toBe('fixed (--k)');
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('pseudonym,cluster');
    const rows = lines.slice(1).map((l) => l.split(','));
    expect(rows.map((x) => x[0])).not.toContain(revoked);
    const sizes = new Map<string, number>();
    for (const x of rows) sizes.set(x[1] as string, (sizes.get(x[1] as string) ?? 0) + 1);
    for (const c of j.clusters) {
      const truth = sizes.get(String(c.cluster)) ?? 0;
      if (c.size !== null) expect(c.size).toBe(truth);
      if (truth > 0 && truth < 12) expect(c.size).toBeNull();
    }
    // with 6 clusters of ~75 courses at threshold 12 some cluster is small, and is hidden
    expect(j.clusters.some((c) => c.suppressed)).toBe(true);
    checkDisclosure(j);
    const list = await cli('ledger', 'list', '--db', db, '--json');
    expect(list.out).toContain('ms cluster');
    expect(list.out).toContain('assign.csv');
  }, 60_000);

  it('runs k-means, DTW-PAM and LCGM and prints a table without --json', async () => {
    for (const method of ['kmeans', 'dtw-pam', 'lcgm']) {
      const r = await cli('ms', 'cluster', '--db', db, '--study', 'MSC', '--method', method, '--k-max', '3', '--bootstrap', '0', '--json');
      expect(r.code, `${method}: ${r.err}`).toBe(0);
      const j = JSON.parse(r.out) as ClusterJson;
      expect(j.selection.criterion).toBe(method === 'lcgm' ? 'BIC' : 'silhouette');
      expect(j.quality.stability).toBeNull();
      checkDisclosure(j);
    }
    const t = await cli('ms', 'cluster', '--db', db, '--study', 'MSC', '--method', 'kmeans', '--k', '2', '--bootstrap', '0');
    expect(t.code, t.err).toBe(0);
    expect(t.out).toMatch(/kmeans: k = 2/);
    expect(t.out).toMatch(/cluster\s+size/);
  }, 60_000);

  it('refuses bad flags naming them, and runs only for a registered study', async () => {
    const base = ['ms', 'cluster', '--db', db, '--study', 'MSC'];
    const cases: [string[], RegExp][] = [
      [['--method', 'ward'], /--method/],
      [['--k', '2', '--k-max', '4'], /--k or --k-max/],
      [['--k', '1', '--method', 'kmeans'], /--k must be >= 2/],
      [['--k-max', '1'], /--k-max/],
      [['--bootstrap', '-1'], /--bootstrap/],
      [['--min-cell', '2'], /--min-cell/],
      [['--features', 'arr,shoe'], /--features/],
      [['--features', 'arr', '--method', 'lcgm'], /--features/],
      [['--seeds', '3'], /--seeds/],
      [['--method', 'sequence', '--states', 'dose'], /--states/],
      [['--method', 'sequence', '--step-months', '0'], /--step-months/],
      [['--method', 'sequence', '--step-months', '2.5'], /--step-months/],
      [['--method', 'sequence', '--window-years', '0.1'], /--window-years/],
      [['--method', 'sequence', '--indel', '0'], /--indel/],
      [['--method', 'sequence', '--costs', 'future'], /--costs/],
      [['--method', 'sequence', '--linkage', 'single'], /--linkage/],
      [['--method', 'sequence', '--k', '1'], /--k must be >= 2/],
      [['--method', 'sequence', '--grid-years', '4'], /--grid-years/],
      [['--method', 'gmm', '--states', 'class'], /--states applies to --method sequence/],
      [['--method', 'dtw-pam', '--linkage', 'ward'], /--linkage applies to --method sequence/],
      [['--method', 'kmeans', '--spline-knots', '4'], /--spline-knots applies to --method lcgm/],
      [['--method', 'lcgm', '--spline-knots', '2'], /--spline-knots/],
    ];
    for (const [extra, msg] of cases) {
      const r = await cli(...base, ...extra);
      expect(r.code, extra.join(' ')).not.toBe(0);
      expect(r.err, extra.join(' ')).toMatch(msg);
    }
    expect((await cli('ms', 'cluster', '--db', db)).code).not.toBe(0);
  }, 60_000);
});

describe('midia ms cluster --method sequence and lcgm --spline-knots', () => {
  it('clusters therapy sequences by OM + Ward with silhouette choice, bootstrap and disclosed profiles, the same for the same seed', async () => {
    const args = ['ms', 'cluster', '--db', db, '--study', 'MSC', '--method', 'sequence', '--k-max', '4', '--bootstrap', '3', '--seed', '3', '--json'];
    const a = await cli(...args);
    expect(a.code, a.err).toBe(0);
    const j = JSON.parse(a.out) as ClusterJson;
    expect(j.method).toBe('sequence');
    expect(j.selection.criterion).toBe('silhouette');
    expect(j.selection.table.map((r) => r.k)).toEqual([2, 3, 4]);
    expect(j.clusters).toHaveLength(j.k);
    expect(j.quality.model).toMatch(/Ward/);
    expect(j.quality.silhouette).toEqual(expect.any(Number));
    expect(j.quality.stability?.bootstrap).toBe(3);
    expect(j.objects.kind).toBe('therapy sequences');
    expect(j.objects.states).toEqual([...THERAPY_CLASS_STATES]);
    expect(j.objects.distance).toMatch(/substitution cost 2, indel 1/);
    const seqs = j.objects.sequences as { complete: number | null; truncated: number | null };
    if (seqs.complete !== null && seqs.truncated !== null) expect(seqs.complete + seqs.truncated).toBe(j.patients.clustered);
    for (const v of [seqs.complete, seqs.truncated]) if (v !== null) expect(v === 0 || v >= j.threshold).toBe(true);
    expect(j.patients.cohort).toBe(records.patients.length - 1);
    checkDisclosure(j);
    // per shown cluster the mean shares of the slots in each efficacy class; the clusters differ in therapy
    const shown = j.clusters.filter((c) => !c.suppressed);
    const shareHigh = shown.map((c) => (c.therapies?.shareHigh as DisclosedNumeric).mean);
    for (const c of shown) {
      const m = ['shareUntreated', 'shareModerate', 'shareHigh'].map((v) => (c.therapies?.[v] as DisclosedNumeric).mean);
      for (const x of m) if (x !== null) expect(x).toBeGreaterThanOrEqual(0);
      if (m.every((x) => x !== null)) expect((m[0] as number) + (m[1] as number) + (m[2] as number)).toBeLessThanOrEqual(1 + 1e-12);
    }
    expect(shareHigh.length).toBeGreaterThanOrEqual(2);
    expect(Math.max(...shareHigh.map(Number)) - Math.min(...shareHigh.map(Number))).toBeGreaterThan(0.3);
    const b = await cli(...args);
    expect(b.out).toBe(a.out);
  }, 60_000);

  it('runs with drug states, transition-rate costs, average linkage and a fixed k; prints a table; suppresses small clusters', async () => {
    const r = await cli('ms', 'cluster', '--db', db, '--study', 'MSC', '--method', 'sequence', '--states', 'drug', '--costs', 'trate', '--linkage', 'average', '--step-months', '6', '--window-years', '4', '--k', '5', '--bootstrap', '2', '--min-cell', '20', '--json');
    expect(r.code, r.err).toBe(0);
    const j = JSON.parse(r.out) as ClusterJson;
    expect(j.k).toBeLessThanOrEqual(5);
    expect(j.selection.criterion).toBe('fixed (--k)');
    expect(j.objects.distance).toMatch(/TRATE/);
    expect(j.objects.linkage).toBe('average');
    expect(String(j.objects.states)).toMatch(/names not listed/);
    expect(j.quality.model).toMatch(/average linkage/);
    checkDisclosure(j);
    // at threshold 20 some of the 5 clusters of 79 sequences are small and hidden, and so is a small truncated count
    expect(j.clusters.some((c) => c.suppressed && c.size === null && c.therapies === null)).toBe(true);
    const seqs = j.objects.sequences as { complete: number | null; truncated: number | null };
    for (const v of [seqs.complete, seqs.truncated]) if (v !== null) expect(v === 0 || v >= 20).toBe(true);
    const t = await cli('ms', 'cluster', '--db', db, '--study', 'MSC', '--method', 'sequence', '--k', '2', '--bootstrap', '0');
    expect(t.code, t.err).toBe(0);
    expect(t.out).toMatch(/sequence: k = 2/);
    expect(t.out).toMatch(/high eff\.\s+untreated\s+moderate\s+high/);

  }, 60_000);

  it('fits lcgm with natural cubic spline trajectories and reports the basis', async () => {
    const r = await cli('ms', 'cluster', '--db', db, '--study', 'MSC', '--method', 'lcgm', '--spline-knots', '4', '--k-max', '2', '--bootstrap', '0', '--json');
    expect(r.code, r.err).toBe(0);
    const j = JSON.parse(r.out) as ClusterJson;
    expect(j.quality.model).toMatch(/^natural cubic spline growth, 4 knots at the 0, 0.333, 0.667, 1 quantiles of visit times, \d classes$/);
    const basis = j.objects.basis as { type: string; knots: number; knotQuantiles: number[]; interiorKnotsYears: number[] };
    expect(basis.type).toBe('natural cubic spline');
    expect(basis.knots).toBe(4);
    expect(basis.interiorKnotsYears).toHaveLength(2);
    expect(basis.interiorKnotsYears[0]!).toBeLessThan(basis.interiorKnotsYears[1]!);
    checkDisclosure(j);
    const lin = JSON.parse((await cli('ms', 'cluster', '--db', db, '--study', 'MSC', '--method', 'lcgm', '--k-max', '2', '--bootstrap', '0', '--json')).out) as ClusterJson;
    expect(lin.quality.model).toMatch(/^linear growth/);
    expect(lin.objects.basis).toEqual({ type: 'linear' });
    // a different basis gives a different likelihood
    expect(j.selection.table).not.toEqual(lin.selection.table);
  }, 60_000);
});

describe('fitSequenceClustering on hand-built therapy sequences', () => {
  // 12 always untreated (a few with one moderate-efficacy quarter), 12 on high efficacy from the first or second
  // quarter, 12 escalating (moderate for 9-11 quarters, then high); quarterly over 5 years (20 slots), a quarter of
  // them truncated at 17-19 slots (follow-up shorter than the window)
  const groups = ['untreated', 'early-high', 'escalation'] as const;
  const raw: string[][] = [];
  const truth: number[] = [];
  for (let i = 0; i < 36; i++) {
    const g = i % 3;
    const r = Math.floor(i / 3);
    const len = 20 - (r % 4);
    const pre = g === 0 ? 0 : r % 2;
    const sw = 9 + (r % 3);
    raw.push(Array.from({ length: len }, (_, t) => (g === 0 ? (r % 3 === 0 && t === 3 + (r % 5) ? 'moderate' : 'untreated') : t < pre ? 'untreated' : g === 1 ? 'high' : t < sw ? 'moderate' : 'high')));
    truth.push(g);
  }
  const encoded = encodeSequences(raw, [...THERAPY_CLASS_STATES]);
  const settings = (flags: Record<string, string>) => clusterSettings({ positional: [], flags: { method: 'sequence', seed: '2', ...flags } });

  it('finds the three groups with k chosen by silhouette (OM constant costs, Ward), deterministically', () => {
    const frozen = JSON.stringify(encoded);
    const fit = fitSequenceClustering(settings({ 'k-max': '6' }), encoded, 4, noProgress);
    expect(JSON.stringify(encoded)).toBe(frozen);
    expect(fit.k).toBe(3);
    expect(adjustedRandIndex(fit.labels, truth)).toBe(1);
    expect(fit.selection.map((r) => r.k)).toEqual([2, 3, 4, 5, 6]);
    const best = Math.max(...fit.selection.map((r) => r.silhouette as number));
    expect(fit.selection.find((r) => r.k === 3)?.silhouette).toBe(best);
    expect(fit.sample).toBeNull();
    expect(fit.diss.n).toBe(36);
    // OM between objects 0 (untreated, 20 slots, one moderate quarter) and 1 (high from slot 0, 20 slots): 20 substitutions at 2
    expect(raw[0]).toHaveLength(20);
    expect(raw[1]).toEqual(Array(20).fill('high'));
    expect(fit.diss.data[0]).toBe(40);
    const again = fitSequenceClustering(settings({ 'k-max': '6' }), encoded, 4, noProgress);
    expect(Array.from(again.labels)).toEqual(Array.from(fit.labels));
    expect(adjustedRandIndex(fit.refit(Int32Array.from({ length: 36 }, (_, i) => i)), truth)).toBe(1);
    expect(groups).toHaveLength(3);
  });

  it('matches R (test/golden/om-sequences.R): the same sequences, OM distances exactly, hclust ward.D2 / average silhouettes (k = 2..6) to 1e-12, cutree(., 3)', () => {
    const golden = JSON.parse(readFileSync('test/golden/om-sequences.json', 'utf8')) as {
      sequences: string[][];
      om: number[];
      silhouette: { ward: number[]; average: number[] };
      cutree3: { ward: number[]; average: number[] };
    };
    expect(golden.sequences).toEqual(raw);
    for (const linkage of ['ward', 'average'] as const) {
      const fit = fitSequenceClustering(settings({ 'k-max': '6', linkage }), encoded, 4, noProgress);
      let p = 0;
      for (let i = 0; i < 36; i++) for (let j = i + 1; j < 36; j++) expect(dissimilarityValue(fit.diss, i, j), `pair ${i}, ${j}`).toBe(golden.om[p++]);
      const expected = golden.silhouette[linkage];
      fit.selection.forEach((r, i) => expect(Math.abs((r.silhouette as number) - expected[i]!) / expected[i]!).toBeLessThan(1e-12));
      expect(adjustedRandIndex(fit.labels, golden.cutree3[linkage])).toBe(1);
    }
  });


  it('finds them with transition-rate costs and average linkage too', () => {
    const fit = fitSequenceClustering(settings({ costs: 'trate', linkage: 'average', k: '3' }), encoded, 4, noProgress);
    expect(adjustedRandIndex(fit.labels, truth)).toBe(1);
    expect(fit.distance).toMatch(/TRATE/);
    expect(fit.model).toMatch(/average linkage/);
  });

  it('above the limit clusters a seeded subsample and assigns the rest to the nearest medoid; the bootstrap resamples a subsample', () => {
    const fit = fitSequenceClustering(settings({ k: '3' }), encoded, 4, noProgress, 18, 10);
    expect(fit.sample).toHaveLength(18);
    expect(fit.diss.n).toBe(18);
    expect(fit.labels).toHaveLength(36);
    expect(adjustedRandIndex(fit.labels, truth)).toBe(1);
    expect(fit.warnings.join(' ')).toMatch(/subsample of 18; the other 18 joined the cluster of the nearest cluster medoid/);
    expect(fit.bootstrapSample).toHaveLength(10);
    for (const i of fit.bootstrapSample ?? []) expect(Array.from(fit.sample ?? [])).toContain(i);
    const refit = fit.refit(Int32Array.from({ length: 10 }, (_, i) => i));
    expect(refit).toHaveLength(10);
    expect(adjustedRandIndex(refit, sampleLabels(fit.labels, fit.bootstrapSample))).toBe(1);
  });

  it('refuses too few sequences', () => {
    expect(() => fitSequenceClustering(settings({}), encoded.slice(0, 2), 4, noProgress)).toThrow(/too few patients/);
  });
});

describe('splineKnotsAt', () => {
  it('puts knots at quantiles of the pooled visit times and merges ties', () => {
    expect(splineKnotsAt([{ time: [0, 1, 2], value: [1, 1, 2] }, { time: [0, 3], value: [2, 3] }], 3)).toEqual({ knots: [0, 1, 3], probs: [0, 0.5, 1], warnings: [] });
    // times 0,0,0,0,1: the 0, 1/3, 2/3 quantiles are all 0
    const tied = splineKnotsAt([{ time: [0, 1], value: [1, 2] }, { time: [0, 0.5], value: [1, 1] }, { time: [0, 0.25], value: [1, 1] }], 4);
    expect(tied.knots[0]).toBe(0);
    expect(tied.knots.length).toBeLessThanOrEqual(4);
    expect(() => splineKnotsAt([{ time: [0, 1], value: [1, 2] }], 2)).toThrow(/--spline-knots/);
  });
});

describe('fitClustering on many objects (CLARA and a quality subsample)', () => {
  // three well-separated groups of flat EDSS courses at 1, 4 and 7, with small jitter
  const courses: Course[] = Array.from({ length: 60 }, (_, i) => {
    const level = [1, 4, 7][i % 3] as number;
    return { time: [0, 1, 2, 3], value: [0, 1, 2, 3].map((t) => level + 0.1 * Math.sin(i + t)) };
  });
  const truth = courses.map((_, i) => i % 3);
  const settings = clusterSettings({ positional: [], flags: { method: 'grid-pam', k: '3', seed: '4', 'grid-years': '3' } });

  it('runs PAM as CLARA above the limit, with silhouette and bootstrap on a seeded subsample', async () => {
    const fit = await fitClustering(settings, [], courses, noProgress, 30);
    expect(fit.sample?.length).toBe(30);
    expect(fit.diss.n).toBe(30);
    expect(Array.from(fit.bootstrapSample ?? [])).toEqual(Array.from(fit.sample ?? []));
    expect(adjustedRandIndex(fit.labels, truth)).toBe(1);
    expect(fit.refit(Int32Array.from({ length: 30 }, (_, i) => i)).length).toBe(30);
    expect(sampleLabels(fit.labels, fit.sample)).toHaveLength(30);
    expect(fit.warnings.join(' ')).toMatch(/subsample of 30; PAM run as CLARA/);
    const again = await fitClustering(settings, [], courses, noProgress, 30);
    expect(Array.from(again.labels)).toEqual(Array.from(fit.labels));
    expect(Array.from(again.sample ?? [])).toEqual(Array.from(fit.sample ?? []));
  });

  it('up to the limit: every pair (condensed), exact PAM; the bootstrap resamples a subsample above its own limit', async () => {
    const full = await fitClustering(settings, [], courses, noProgress);
    expect(full.sample).toBeNull();
    expect(full.bootstrapSample).toBeNull();
    expect(full.diss.n).toBe(60);
    expect(full.diss.data.length).toBe((60 * 59) / 2);
    expect(adjustedRandIndex(full.labels, truth)).toBe(1);
    const sub = await fitClustering(settings, [], courses, noProgress, 10_000, 20);
    expect(sub.sample).toBeNull();
    expect(sub.bootstrapSample).toHaveLength(20);
    expect(Array.from(sub.labels)).toEqual(Array.from(full.labels));
    expect(sub.warnings.join(' ')).toMatch(/PAM bootstrap on a seeded random subsample of 20/);
    const refit = sub.refit(Int32Array.from({ length: 20 }, (_, i) => i));
    expect(adjustedRandIndex(refit, sampleLabels(sub.labels, sub.bootstrapSample))).toBe(1);
  });

  it('dtw-pam computes all pairs on worker threads and finds the groups', async () => {
    const dtw = clusterSettings({ positional: [], flags: { method: 'dtw-pam', k: '3', seed: '4' } });
    const events: string[] = [];
    const fit = await fitClustering(dtw, [], courses, (e) => events.push(e.step));
    expect(fit.diss.data.length).toBe((60 * 59) / 2);
    expect(adjustedRandIndex(fit.labels, truth)).toBe(1);
    expect(events).toContain('dissimilarities');
  });
});

describe('suppressTable (groups x categories, public margins)', () => {
  it('hides a small cell and partners in its row and column', () => {
    const t = suppressTable([[3, 20], [10, 12]], 5);
    expect(t[0]?.[0]).toBeNull();
    for (const row of t) expect(row.filter((c) => c === null).length).not.toBe(1);
    for (const j of [0, 1]) expect(t.filter((row) => row[j] === null).length).not.toBe(1);
    expect(suppressTable([[30, 20], [10, 12]], 5)).toEqual([[30, 20], [10, 12]]);
    expect(suppressTable([], 5)).toEqual([]);
  });

  it('hides a whole group whose published total had to be hidden', () => {
    // row 0 total 3 is small: hidden; with the total published elsewhere the row goes entirely
    expect(suppressTable([[2, 1], [20, 30]], 5, [true, false])[0]).toEqual([null, null]);
  });
});
