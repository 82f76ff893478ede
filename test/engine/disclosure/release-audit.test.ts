/**
 * Consistent suppression across releases (engine/disclosure/release-audit.ts):
 * worked cases (the km ~ site / km ~ site + sex difference attack, a release
 * after one revocation, complementary suppression within one table) and a
 * property test against an independent brute-force oracle that works on
 * patients instead of atoms, with rational-free float elimination.
 */
import { describe, expect, it } from 'vitest';
import { auditRelease, type CandidateCell, type PriorCell } from '../../../engine/disclosure/release-audit.js';
import { UsageError } from '../../../util/errors.js';

const ids = (prefix: string, n: number): string[] => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

describe('auditRelease: worked cases', () => {
  // site A: 10 women + 3 men; site B: 20 women + 20 men.
  const Af = ids('Af', 10);
  const Am = ids('Am', 3);
  const Bf = ids('Bf', 20);
  const Bm = ids('Bm', 20);
  const all = [...Af, ...Am, ...Bf, ...Bm];

  it('hides site=A, sex=female when site=A was released before (the difference would be the 3 men)', () => {
    const prior: PriorCell[] = [{ pseudonyms: all }, { pseudonyms: [...Af, ...Am] }, { pseudonyms: [...Bf, ...Bm] }];
    const finer: CandidateCell[] = [
      { label: 'all', pseudonyms: all },
      { label: 'B,f', pseudonyms: Bf },
      { label: 'B,m', pseudonyms: Bm },
      { label: 'A,f', pseudonyms: Af },
      { label: 'A,m', pseudonyms: Am },
    ];
    const r = auditRelease(prior, finer, { threshold: 5 });
    expect(r.decisions.map((d) => [d.label, d.released, d.reason])).toEqual([
      ['all', true, null],
      ['B,f', true, null],
      ['B,m', true, null],
      ['A,f', false, 'difference'],
      ['A,m', false, 'small'],
    ]);
    // Without the earlier release A,f is still hidden: the population minus B,f, B,m and A,f would be the
    // 3 men of site A (complementary suppression within one table).
    const alone = auditRelease([], finer, { threshold: 5 });
    expect(alone.released).toEqual(['all', 'B,f', 'B,m']);
  });

  it('hides the coarse table when the finer one came first (the order of the attack does not matter)', () => {
    const prior: PriorCell[] = [{ pseudonyms: all }, { pseudonyms: Bf }, { pseudonyms: Bm }];
    const r = auditRelease(prior, [
      { label: 'all', pseudonyms: all },
      { label: 'B', pseudonyms: [...Bf, ...Bm] },
      { label: 'A', pseudonyms: [...Af, ...Am] },
    ], { threshold: 5 });
    // B = Bf + Bm adds nothing new; A = all - B is derivable already and has 13 patients: released.
    expect(r.released).toEqual(['all', 'B', 'A']);
    // But with A,f released before, A would reveal A,m.
    const r2 = auditRelease([...prior, { pseudonyms: Af }], [{ label: 'A', pseudonyms: [...Af, ...Am] }], { threshold: 5 });
    expect(r2.decisions[0]).toMatchObject({ released: false, reason: 'difference' });
  });

  it('withholds a re-release after one revocation, and re-releases unchanged cells', () => {
    const before: PriorCell[] = [{ pseudonyms: all }, { pseudonyms: [...Af, ...Am] }, { pseudonyms: [...Bf, ...Bm] }];
    const revoked = Af[0]!;
    const after = (xs: string[]) => xs.filter((p) => p !== revoked);
    const r = auditRelease(before, [
      { label: 'all', pseudonyms: after(all) },
      { label: 'B', pseudonyms: [...Bf, ...Bm] },
      { label: 'A', pseudonyms: after([...Af, ...Am]) },
    ], { threshold: 5 });
    expect(r.decisions.map((d) => [d.label, d.released])).toEqual([
      ['all', false],
      ['B', true],
      ['A', false],
    ]);
    // The same table again, nothing changed: everything released.
    expect(auditRelease(before, [{ label: 'all', pseudonyms: all }, { label: 'A', pseudonyms: [...Af, ...Am] }], { threshold: 5 }).released).toEqual(['all', 'A']);
  });

  it('does not suppress a table that only splits an earlier cell into small pieces without isolating any', () => {
    // Released: site (A has 13). New: sex over the whole population; A,m and A,f cannot be separated.
    const prior: PriorCell[] = [{ pseudonyms: all }, { pseudonyms: [...Af, ...Am] }, { pseudonyms: [...Bf, ...Bm] }];
    const r = auditRelease(prior, [
      { label: 'all', pseudonyms: all },
      { label: 'f', pseudonyms: [...Af, ...Bf] },
      { label: 'm', pseudonyms: [...Am, ...Bm] },
    ], { threshold: 5 });
    expect(r.released).toEqual(['all', 'f', 'm']);
  });

  it('does not mutate its inputs and refuses a bad threshold', () => {
    const prior = Object.freeze([Object.freeze({ pseudonyms: Object.freeze([...Af]) })]);
    const cand = Object.freeze([Object.freeze({ label: 'x', pseudonyms: Object.freeze([...Af]) })]);
    expect(auditRelease(prior, cand, { threshold: 5 }).released).toEqual(['x']);
    expect(() => auditRelease([], [], { threshold: 0 })).toThrow(UsageError);
  });

  it('treats what it cannot verify within maxSubsets as not releasable', () => {
    // X = X1 + X2 (3 + 3 patients) was released; Y = X1 + L splits it. No group under 5 is derivable
    // (only X1 + X2 = 6 is), but showing that takes two membership tests.
    const X1 = ids('x', 3);
    const X2 = ids('y', 3);
    const L = ids('L', 20);
    const prior: PriorCell[] = [{ pseudonyms: [...X1, ...X2] }];
    const cand: CandidateCell[] = [{ label: 'Y', pseudonyms: [...X1, ...L] }];
    expect(auditRelease(prior, cand, { threshold: 5 }).decisions[0]).toMatchObject({ released: true, reason: null });
    expect(auditRelease(prior, cand, { threshold: 5, maxSubsets: 1 }).decisions[0]).toMatchObject({ released: false, reason: 'difference' });
  });
});

/** Oracle: is some set of 1..k-1 patients' indicator in the span of the cells (patient coordinates, float elimination)? */
function oracleReveals(cells: readonly (readonly string[])[], k: number): boolean {
  const patients = [...new Set(cells.flat())].sort();
  const index = new Map(patients.map((p, i) => [p, i]));
  const m = patients.length;
  const rows = cells.map((c) => {
    const v = new Array<number>(m).fill(0);
    for (const p of c) v[index.get(p)!] = 1;
    return v;
  });
  const rank = (rs: number[][]): number => {
    const a = rs.map((r) => [...r]);
    let rk = 0;
    for (let col = 0; col < m && rk < a.length; col++) {
      let piv = -1;
      for (let i = rk; i < a.length; i++) if (Math.abs(a[i]![col]!) > 1e-9) { piv = i; break; }
      if (piv < 0) continue;
      [a[rk], a[piv]] = [a[piv]!, a[rk]!];
      for (let i = 0; i < a.length; i++) {
        if (i === rk) continue;
        const f = a[i]![col]! / a[rk]![col]!;
        if (f !== 0) for (let j = col; j < m; j++) a[i]![j]! -= f * a[rk]![j]!;
      }
      rk++;
    }
    return rk;
  };
  const base = rank(rows);
  for (let mask = 1; mask < 1 << m; mask++) {
    let size = 0;
    for (let i = 0; i < m; i++) if (mask & (1 << i)) size++;
    if (size >= k) continue;
    const u = Array.from({ length: m }, (_, i) => (mask & (1 << i) ? 1 : 0));
    if (rank([...rows, u]) === base) return true;
  }
  return false;
}

/** A seeded generator (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('auditRelease: property test against a brute-force oracle', () => {
  it('never releases a derivable small group, and suppresses a candidate only when adding it would reveal one', () => {
    const rand = rng(20261208);
    let suppressedByDifference = 0;
    for (let trial = 0; trial < 150; trial++) {
      const m = 6 + Math.floor(rand() * 7); // 6..12 patients
      const k = 2 + Math.floor(rand() * 3); // threshold 2..4
      const patients = ids('p', m);
      const randomCell = (): string[] => patients.filter(() => rand() < 0.55);
      const released: (readonly string[])[] = [];
      for (let t = 0; t < 3; t++) {
        const cands: CandidateCell[] = Array.from({ length: 3 }, (_, i) => ({ label: `c${i}`, pseudonyms: randomCell() }));
        const audit = auditRelease(released.map((pseudonyms) => ({ pseudonyms })), cands, { threshold: k });
        const sofar = [...released];
        for (const [i, d] of audit.decisions.entries()) {
          const cell = cands[i]!.pseudonyms;
          if (d.released) sofar.push(cell);
          else if (d.reason === 'difference') {
            suppressedByDifference++;
            expect(oracleReveals([...sofar, cell], k)).toBe(true);
          } else expect(d.n > 0 && d.n < k).toBe(true);
        }
        expect(oracleReveals(sofar, k)).toBe(false);
        released.splice(0, released.length, ...sofar);
      }
    }
    expect(suppressedByDifference).toBeGreaterThan(20);
  });
});
