/**
 * analyses/patterns: sequences from a hand-built store (test/analyses/patterns/store-fixture.ts,
 * expected by hand), the consent gate (revoked M11 never read), disclosure
 * (support, complement and the difference to a released sub-pattern; group
 * contrasts per group; small groups refused), ledger entries; and the plain
 * event-table path equal to the models.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStudySource, tableSource, type StudySource } from '../../../analyses/core/index.js';
import { comparePatterns, minePatterns, patternRules, readStoreSequences, DEFAULT_ALPHABET, releasable, isSubPattern } from '../../../analyses/patterns/index.js';
import { readLedger } from '../../../engine/ledger/ledger.js';
import type { CohortStore } from '../../../engine/store.js';
import { buildSequenceDatabase, mineFrequentSequences } from '../../../models/patterns/index.js';
import { patternStore } from './store-fixture.js';

let store: CohortStore;
beforeAll(async () => {
  store = await patternStore();
}, 60_000);
afterAll(() => store.close());

async function withStudy<T>(study: string, fn: (s: StudySource) => Promise<T>): Promise<T> {
  const s = await openStudySource(store, study);
  try {
    return await fn(s);
  } finally {
    s.session.close();
  }
}

/** Events of one patient as [day, item] pairs. */
function eventsOf(e: { id: string[]; day: Float64Array; item: string[] }, p: string): [number, string][] {
  return e.id.flatMap((id, i) => (id === p ? [[e.day[i] as number, e.item[i] as string] as [number, string]] : []));
}

const IFN = 'interferon beta-1a';

describe('sequences from the store', () => {
  it('builds each patient sequence of the default alphabet as worked out by hand; the revoked patient is not read', async () => {
    const s = await withStudy('ROW', (src) => readStoreSequences(src.session, DEFAULT_ALPHABET));
    expect(s.ids).toHaveLength(18);
    expect(s.ids).not.toContain('M11');
    expect(s.events.id).not.toContain('M11');
    expect(eventsOf(s.events, 'M01')).toEqual([
      [10, 'event:relapse'],
      [20, `start:${IFN}`],
      [100, `stop:${IFN}`],
      [130, 'start:ocrelizumab'],
      [130, `switch:${IFN}>ocrelizumab`],
      [200, 'edss:up'],
    ]);
    expect(eventsOf(s.events, 'M07')).toEqual([[10, 'event:relapse'], [20, `start:${IFN}`], [200, 'edss:down']]);
    expect(eventsOf(s.events, 'M12')).toEqual([[50, 'event:mri_activity']]);
    expect(eventsOf(s.events, 'M13')).toEqual([]);
    expect(eventsOf(s.events, 'B1')).toEqual([[300, 'ER:positive>negative']]);
    expect(eventsOf(s.events, 'P1')).toEqual([[200, 'psa:rising']]);
  });

  it('is configurable: therapy by class, visits, a wider PSA rise, a diagnosis', async () => {
    const s = await withStudy('ROW', (src) => readStoreSequences(src.session, { families: ['therapy', 'visits', 'markers'], therapyBy: 'class', switchGapDays: 10, psaRise: 0.1 }, ['multiple_sclerosis', 'prostate_cancer']));
    expect(s.ids).toHaveLength(17);
    expect(eventsOf(s.events, 'M01')).toEqual([[20, 'start:dmt_moderate'], [100, 'stop:dmt_moderate'], [130, 'start:dmt_high'], [200, 'edss:up']]);
    expect(eventsOf(s.events, 'M13')).toEqual([[5, 'visit:followup']]);
    expect(eventsOf(s.events, 'P1')).toEqual([[100, 'psa:rising'], [200, 'psa:rising']]);
    // DMT efficacy classes by the DGN 2021 map ('Interferon beta-1a' normalized to interferon_beta_1a)
    const e = await withStudy('ROW', (src) => readStoreSequences(src.session, { ...DEFAULT_ALPHABET, families: ['therapy'], therapyBy: 'efficacy' }));
    expect(eventsOf(e.events, 'M01')).toEqual([[20, 'start:dmt_moderate'], [100, 'stop:dmt_moderate'], [130, 'start:dmt_high'], [130, 'switch:dmt_moderate>dmt_high']]);
  });
});

describe('disclosure rules', () => {
  it('support, complement and the difference to a released sub-pattern', () => {
    const n = 18;
    const rows = [
      { itemsets: [[0]], counts: [10], sizes: [n] },
      { itemsets: [[1]], counts: [6], sizes: [n] },
      { itemsets: [[0], [1]], counts: [6], sizes: [n] },
      { itemsets: [[2]], counts: [4], sizes: [n] },
      { itemsets: [[3]], counts: [16], sizes: [n] },
    ];
    // <0,1> differs from released <0> by 4 < 5: withheld; <2> below 5; <3> complement 2
    expect(releasable(rows.sort((a, b) => b.counts[0]! - a.counts[0]!), 5)).toEqual([false, true, true, false, false]);
    expect(isSubPattern([[0], [1]], [[0, 2], [3], [1]])).toBe(true);
    // the look-up of enumerated sub-patterns equals a scan of every released pattern (random patterns, incl. one of 15 items)
    let seed = 7;
    const rand = (k: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed % k);
    for (let trial = 0; trial < 20; trial++) {
      const seen = new Set<string>();
      const pats = Array.from({ length: 60 }, () => {
        const itemsets = Array.from({ length: 1 + rand(3) }, () => [...new Set(Array.from({ length: 1 + rand(2) }, () => rand(4)))].sort((a, b) => a - b));
        return { itemsets, counts: [5 + rand(20), rand(10)], sizes: [40, 20] };
      }).filter((p) => !seen.has(JSON.stringify(p.itemsets)) && seen.add(JSON.stringify(p.itemsets)));
      pats.push({ itemsets: [[0, 1, 2, 3, 4], [0, 1, 2, 3, 4], [0, 1, 2, 3, 4]], counts: [6, 3], sizes: [40, 20] });
      pats.sort((a, b) => b.counts[0]! - a.counts[0]!);
      const released: typeof pats = [];
      const brute = pats.map((q) => {
        const bad = q.counts.some((c, k) => (c > 0 && c < 5) || (q.sizes[k]! - c > 0 && q.sizes[k]! - c < 5));
        const diff = released.some((p) => isSubPattern(p.itemsets, q.itemsets) && q.counts.some((c, k) => p.counts[k]! - c > 0 && p.counts[k]! - c < 5));
        if (bad || diff) return false;
        released.push(q);
        return true;
      });
      expect(releasable(pats, 5)).toEqual(brute);
    }
    expect(isSubPattern([[0, 1]], [[0], [1]])).toBe(false);
  });
});

describe('patterns mine, rules, compare on a study', () => {
  const mining = { minSupport: { count: 4 } };

  it('mine: releases patterns of at least 5 patients, withholds a small difference, records the run', async () => {
    const before = (await readLedger(store)).length;
    const r = await withStudy('AGG', (src) => minePatterns(src, { mining, diagnosis: ['multiple_sclerosis'] }, { parameters: { flags: { study: 'AGG' } } }));
    const shown = new Map(r.result.patterns.map((p) => [JSON.stringify(p.pattern), p.support]));
    expect(r.result.sequences).toBe(16);
    expect(shown.get('[["event:relapse"]]')).toBe(10);
    expect(shown.get(`[["switch:${IFN}>ocrelizumab"]]`)).toBe(6); // 7 with the revoked patient
    expect(shown.has('[["edss:down"]]')).toBe(false); // support 4 < 5
    expect(shown.has(`[["event:relapse"],["switch:${IFN}>ocrelizumab"]]`)).toBe(false); // 10 - 6 = 4 patients by difference
    expect(r.result.withheld).toBeGreaterThan(0);
    for (const p of r.result.patterns) expect(p.support).toBeGreaterThanOrEqual(5);
    expect(r.disclosure).toMatchObject({ threshold: 5, access: 'aggregate' });
    const entries = await readLedger(store);
    expect(entries).toHaveLength(before + 1);
    expect(r.ledgerEntry).toMatchObject({ analysis: 'patterns mine', studyId: 'AGG', parameters: { flags: { study: 'AGG' }, table: 'sequences' }, resultSummary: { sequences: 16, released: r.result.patterns.length } });
    expect(r.ledgerEntry!.pseudonyms).toHaveLength(16);
    expect(r.ledgerEntry!.pseudonyms).not.toContain('M11');
    expect(JSON.stringify(r.result)).not.toMatch(/M0|M1/);
  });

  it('mine under a large minimum cell count: nothing released, counts hidden, still recorded', async () => {
    const r = await withStudy('BIG', (src) => minePatterns(src, { mining }));
    expect(r.result).toMatchObject({ patterns: [], sequences: null, minSupport: null });
    expect(r.ledgerEntry).toMatchObject({ analysis: 'patterns mine', studyId: 'BIG' });
  });

  it('rules: only rules whose pattern, antecedent and consequent are released', async () => {
    const r = await withStudy('AGG', (src) => patternRules(src, { mining, diagnosis: ['multiple_sclerosis'] }));
    const texts = r.result.rules.map((x) => `${JSON.stringify(x.antecedent)}=>${JSON.stringify(x.consequent)}`);
    expect(texts).toContain(`[["stop:${IFN}"]]=>[["start:ocrelizumab"]]`);
    expect(texts).not.toContain(`[["start:${IFN}"]]=>[["stop:${IFN}"]]`); // 10 - 6 = 4 by difference
    expect(texts).not.toContain(`[["event:relapse"]]=>[["switch:${IFN}>ocrelizumab"]]`);
    for (const x of r.result.rules) expect(Math.min(x.support, x.antecedentSupport, x.consequentSupport)).toBeGreaterThanOrEqual(5);
    expect(r.ledgerEntry).toMatchObject({ analysis: 'patterns rules', studyId: 'AGG' });
  });

  it('compare by site: a pattern with a small group cell withheld, a small group refused with nothing recorded', async () => {
    const r = await withStudy('AGG', (src) => comparePatterns(src, { mining, diagnosis: ['multiple_sclerosis'], groupBy: 'site' }));
    expect(r.result.groups).toEqual([{ group: 'S1', sequences: 5 }, { group: 'S2', sequences: 5 }, { group: 'S3', sequences: 6 }]);
    const byKey = new Map(r.result.patterns.map((p) => [JSON.stringify(p.pattern), p]));
    expect(byKey.get('[["event:relapse"]]')?.groups.map((g) => g.support)).toEqual([5, 5, 0]);
    expect(byKey.has(`[["switch:${IFN}>ocrelizumab"]]`)).toBe(false); // S2 has 1
    expect(r.result.withheld).toBeGreaterThan(0);
    expect(r.ledgerEntry).toMatchObject({ analysis: 'patterns compare', studyId: 'AGG', resultSummary: { groups: r.result.groups } });
    const before = (await readLedger(store)).length;
    await expect(withStudy('AGG', (src) => comparePatterns(src, { mining, groupBy: 'diagnosis' }))).rejects.toMatchObject({ code: 'E_ACCESS' });
    expect((await readLedger(store)).length).toBe(before);
    await expect(withStudy('AGG', (src) => comparePatterns(src, { mining, groups: 'g.csv' }))).rejects.toThrow(/groupBy/);
  });
});

describe('patterns on a plain event table', () => {
  it('mine equals the models, with no ledger entry and no disclosure', async () => {
    const events = { id: ['a', 'a', 'b', 'b', 'c'], day: Float64Array.of(0, 5, 0, 9, 3), item: ['x', 'y', 'x', 'y', 'x'] };
    const r = await minePatterns(tableSource(events, 'ev'), { mining: { minSupport: '2' } });
    const m = mineFrequentSequences(buildSequenceDatabase(events).database, { minSupport: { count: 2 } });
    expect(r.result.patterns.map((p) => p.support)).toEqual(m.patterns.map((p) => p.support));
    expect(r.result.patterns[0]).toEqual({ pattern: [['x']], support: 3, share: 1 });
    expect(r.ledgerEntry).toBeNull();
    expect(r.disclosure).toBeNull();
    await expect(minePatterns(tableSource(events), { mining: { minSupport: '1.5' } })).rejects.toThrow(/share must be in/);
    await expect(minePatterns(tableSource({ id: ['a'] }), { mining: { minSupport: '1' } })).rejects.toThrow(/need columns id/);
  });
});
