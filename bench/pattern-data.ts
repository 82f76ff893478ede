/**
 * Seeded synthetic event sequences for the pattern-mining benchmark
 * (bench/patterns.ts), written straight into the typed-array layout of
 * models/patterns/sequence-database.ts so that 10^6 patients fit in memory.
 *
 * Per patient (sequence):
 * - the number of itemsets is 30 + a uniform integer in 0..20 (mean 40);
 * - the first itemset is on day 0, each next one 1 + floor(Exp(mean 29)) days
 *   later (mean gap 30 days: about 3.3 years of follow-up);
 * - an itemset holds 1 item, a second with probability `secondItem` (0.3),
 *   a third with probability `thirdItem` (0.1) given a second (mean 1.33);
 * - items are drawn from an alphabet of `alphabet` (50) items with Zipf-like
 *   frequencies, P(item of rank r) proportional to 1 / r^s (s = `zipf`,
 *   default 1), distinct within an itemset (redrawn on a repeat).
 * Items are named `e01`..`e50` so that code order is rank order.
 * Uniform items would make millions of patterns frequent at a 1 % support;
 * with Zipf frequencies the common items dominate, as event and therapy codes
 * do in registries.
 *
 * Randomness: util/random.ts seededRandom(seed); the same seed gives the same
 * database on every machine.
 */
import type { SequenceDatabase } from '../models/patterns/sequence-database.js';
import { poisson, seededRandom } from '../util/random.js';

/** Options of {@link generatePatternData}. */
export interface PatternDataOptions {
  patients: number;
  alphabet?: number;
  zipf?: number;
  secondItem?: number;
  thirdItem?: number;
  seed?: number;
  /** 'personal' (default): each patient's items come from their own few event types; 'global': every item from the whole alphabet. */
  mode?: 'personal' | 'global';
  /** Mean number of event types per patient in 'personal' mode (default 3). */
  typesMean?: number;
}

/**
 * The benchmark database (file header).
 * @example generatePatternData({ patients: 1000 }).ids.length // => 1000
 */
export function generatePatternData(options: PatternDataOptions): SequenceDatabase {
  const { patients } = options;
  const A = options.alphabet ?? 50;
  const s = options.zipf ?? 1;
  const p2 = options.secondItem ?? 0.3;
  const p3 = options.thirdItem ?? 0.1;
  const personal = (options.mode ?? 'personal') === 'personal';
  const typesMean = options.typesMean ?? 3;
  const rand = seededRandom(options.seed ?? 16);
  const cumulative = new Float64Array(A);
  let total = 0;
  for (let r = 0; r < A; r++) cumulative[r] = total += 1 / (r + 1) ** s;
  const draw = (): number => {
    const u = rand() * total;
    let lo = 0;
    let hi = A - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! > u) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
  // Buffers sized for the means (40 itemsets, 1.4 items each), grown when full.
  const sequenceStart = new Int32Array(patients + 1);
  let itemsetDay: Int32Array = new Int32Array(patients * 40 + 64);
  let itemsetStart: Int32Array = new Int32Array(patients * 40 + 65);
  let items: Int32Array = new Int32Array(patients * 56 + 192);
  const grow = (a: Int32Array): Int32Array => {
    const b = new Int32Array(Math.ceil(a.length * 1.25));
    b.set(a);
    return b;
  };
  let g = 0;
  let k = 0;
  const set: number[] = [];
  const types: number[] = [];
  const typeCum: number[] = [];
  for (let p = 0; p < patients; p++) {
    sequenceStart[p] = g;
    // The patient's event types: 1 + Poisson(typesMean - 1) distinct items, drawn with Zipf weights.
    types.length = 0;
    if (personal) {
      const m = Math.min(A, 1 + poisson(rand, typesMean - 1));
      while (types.length < m) {
        const c = draw();
        if (!types.includes(c)) types.push(c);
      }
      typeCum.length = 0;
      let t = 0;
      for (const c of types) typeCum.push((t += 1 / (c + 1) ** s));
    }
    const drawItem = (): number => {
      if (!personal) return draw();
      const u = rand() * (typeCum[typeCum.length - 1] as number);
      let i = 0;
      while ((typeCum[i] as number) <= u) i++;
      return types[i] as number;
    };
    const n = 30 + Math.floor(rand() * 21);
    let day = 0;
    for (let i = 0; i < n; i++) {
      if (i > 0) day += 1 + Math.floor(-29 * Math.log(1 - rand()));
      const size = Math.min(rand() < p2 ? (rand() < p3 ? 3 : 2) : 1, personal ? types.length : A);
      set.length = 0;
      while (set.length < size) {
        const c = drawItem();
        if (!set.includes(c)) set.push(c);
      }
      set.sort((a, b) => a - b);
      if (g + 2 > itemsetDay.length) {
        itemsetDay = grow(itemsetDay);
        itemsetStart = grow(itemsetStart);
      }
      if (k + 3 > items.length) items = grow(items);
      itemsetStart[g] = k;
      itemsetDay[g] = day;
      for (const c of set) items[k++] = c;
      g++;
    }
  }
  sequenceStart[patients] = g;
  itemsetStart[g] = k;
  const ids: string[] = new Array<string>(patients);
  for (let p = 0; p < patients; p++) ids[p] = `p${p}`;
  return {
    ids,
    alphabet: Array.from({ length: A }, (_, r) => `e${String(r + 1).padStart(2, '0')}`),
    sequenceStart,
    itemsetDay: itemsetDay.slice(0, g),
    itemsetStart: itemsetStart.slice(0, g + 1),
    items: items.slice(0, k),
  };
}
