/**
 * `midia patterns mine|rules|compare --sequences FILE`: the mine --json
 * contract on Zaki's SPADE example database (Machine Learning 42, 2001; event
 * ids 10-25 written as days after 2000-01-01), min support as count and share,
 * the constraints, closed and maximal, CSV and Parquet input, bad input named
 * by file, row and field (exit 2), usage errors (exit 1), rules and the group
 * contrast as JSON and text.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isoFromDays, daysFromIso } from '../../util/dates.js';
import { runCliCaptured } from '../helpers/run-cli.js';
import { bruteForceClosedMaximal, bruteForceFrequent, plainSequences } from '../models/patterns/brute-force.js';

const cli = (...argv: string[]) => runCliCaptured(argv);

const ZAKI = `1 10 C D
1 15 A B C
1 20 A B F
1 25 A C D F
2 15 A B F
2 20 E
3 10 A B F
4 10 D G H
4 20 B F
4 25 A G H`;
const BASE = daysFromIso('2000-01-01');
const ZAKI_ROWS = ZAKI.split('\n').flatMap((l) => {
  const [id, t, ...items] = l.split(' ');
  return items.map((item) => ({ id: id as string, day: BASE + Number(t), item }));
});

/** The 18 frequent sequences at min support 2 in the contract's order: support desc, fewer itemsets, fewer items, code points. */
const ZAKI_EXPECTED: { pattern: string[][]; support: number; share: number }[] = (
  [
  [[['A']], 4], [[['B']], 4], [[['F']], 4], [[['B', 'F']], 4],
  [[['A', 'B']], 3], [[['A', 'F']], 3], [[['A', 'B', 'F']], 3],
  [[['D']], 2],
  [[['B'], ['A']], 2], [[['D'], ['A']], 2], [[['D'], ['B']], 2], [[['D'], ['F']], 2], [[['F'], ['A']], 2],
  [[['B', 'F'], ['A']], 2], [[['D'], ['B', 'F']], 2],
  [[['D'], ['B'], ['A']], 2], [[['D'], ['F'], ['A']], 2],
  [[['D'], ['B', 'F'], ['A']], 2],
  ] as [string[][], number][]
).map(([pattern, support]) => ({ pattern, support, share: support / 4 }));

let dir: string;
let zakiCsv: string;
let zakiParquet: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'midia-patterns-'));
  zakiCsv = join(dir, 'zaki.csv');
  // rows deliberately out of order, with an extra column
  const lines = ZAKI_ROWS.map((r) => `${r.id},${isoFromDays(r.day)},${r.item},x`).reverse();
  writeFileSync(zakiCsv, `id,date,item,note\n${lines.join('\n')}\n`);
  zakiParquet = join(dir, 'zaki.parquet');
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  await conn.run(`COPY (SELECT CAST(id AS VARCHAR) AS id, CAST(date AS DATE) AS date, item FROM read_csv('${zakiCsv}', all_varchar = true)) TO '${zakiParquet}' (FORMAT parquet)`);
  conn.closeSync();
  instance.closeSync();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('midia patterns mine --json (contract)', () => {
  it("prints Zaki's 18 frequent sequences at --min-support 2, one line, in the contract's order", async () => {
    const r = await cli('patterns', 'mine', '--sequences', zakiCsv, '--min-support', '2', '--json');
    expect(r.code).toBe(0);
    expect(r.out.endsWith('}\n')).toBe(true);
    expect(r.out.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(r.out)).toEqual({ patterns: ZAKI_EXPECTED, sequences: 4 });
    expect(r.out.startsWith('{"patterns":[{"pattern":[["A"]],"support":4,"share":1},')).toBe(true);
  });

  it('a share has a decimal point: 0.4 -> ceil(1.6) = 2, 0.5 -> 2, 1.0 -> all 4 sequences', async () => {
    for (const s of ['0.4', '0.5', '.5']) expect(JSON.parse((await cli('patterns', 'mine', '--sequences', zakiCsv, '--min-support', s, '--json')).out).patterns).toEqual(ZAKI_EXPECTED);
    const all = JSON.parse((await cli('patterns', 'mine', '--sequences', zakiCsv, '--min-support', '1.0', '--json')).out);
    expect(all.patterns).toEqual(ZAKI_EXPECTED.filter((p) => p.support === 4));
    // the count 1 is not the share 1.0: every pattern of support >= 1
    const one = JSON.parse((await cli('patterns', 'mine', '--sequences', zakiCsv, '--min-support', '1', '--json')).out);
    expect(one.patterns.length).toBeGreaterThan(18);
  });

  it('reads the same from Parquet (DATE column)', async () => {
    const r = await cli('patterns', 'mine', '--sequences', zakiParquet, '--min-support', '2', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual({ patterns: ZAKI_EXPECTED, sequences: 4 });
  });

  it('--max-length counts itemsets, --max-size items per itemset', async () => {
    const len = JSON.parse((await cli('patterns', 'mine', '--sequences', zakiCsv, '--min-support', '2', '--max-length', '2', '--json')).out);
    expect(len.patterns).toEqual(ZAKI_EXPECTED.filter((p) => p.pattern.length <= 2));
    const size = JSON.parse((await cli('patterns', 'mine', '--sequences', zakiCsv, '--min-support', '2', '--max-size', '1', '--json')).out);
    expect(size.patterns).toEqual(ZAKI_EXPECTED.filter((p) => p.pattern.every((s) => s.length <= 1)));
  });

  it('gap and window constraints in days, bounds inclusive, agree with the exhaustive oracle', async () => {
    const plain = plainSequences(ZAKI_ROWS).sequences;
    for (const [flag, value, key] of [['--max-gap', '5', 'maxGap'], ['--max-gap', '4', 'maxGap'], ['--min-gap', '10', 'minGap'], ['--max-window', '10', 'maxWindow'], ['--max-window', '15', 'maxWindow']] as const) {
      const r = JSON.parse((await cli('patterns', 'mine', '--sequences', zakiCsv, '--min-support', '2', flag, value, '--json')).out);
      const want = bruteForceFrequent(plain, 2, { [key]: Number(value) });
      expect(new Map(r.patterns.map((p: { pattern: string[][]; support: number }) => [p.pattern.map((s) => s.join(',')).join('|'), p.support])), `${flag} ${value}`).toEqual(want);
    }
    // inclusive: D (day 10) -> B,F (day 20) -> A (day 25) in customer 4 spans exactly 15 days
    const w15 = JSON.parse((await cli('patterns', 'mine', '--sequences', zakiCsv, '--min-support', '2', '--max-window', '15', '--json')).out);
    expect(w15.patterns).toContainEqual({ pattern: [['D'], ['B', 'F'], ['A']], support: 2, share: 0.5 });
  });

  it('--closed and --maximal', async () => {
    const closed = JSON.parse((await cli('patterns', 'mine', '--sequences', zakiCsv, '--min-support', '2', '--closed', '--json')).out);
    expect(closed.patterns.map((p: { pattern: string[][] }) => p.pattern)).toEqual([[['A']], [['B', 'F']], [['A', 'B', 'F']], [['D'], ['B', 'F'], ['A']]]);
    const maximal = JSON.parse((await cli('patterns', 'mine', '--sequences', zakiCsv, '--min-support', '2', '--maximal', '--json')).out);
    expect(maximal.patterns.map((p: { pattern: string[][] }) => p.pattern)).toEqual([[['A', 'B', 'F']], [['D'], ['B', 'F'], ['A']]]);
    const oracle = bruteForceClosedMaximal(bruteForceFrequent(plainSequences(ZAKI_ROWS).sequences, 2, {}));
    expect(closed.patterns).toHaveLength(oracle.closed.size);
    expect(maximal.patterns).toHaveLength(oracle.maximal.size);
  });

  it('items within an itemset in code-point order, also beyond the BMP', async () => {
    const f = join(dir, 'unicode.csv');
    writeFileSync(f, 'id,date,item\n1,2020-01-01,\u{1F600}\n1,2020-01-01,\uFFFD\n1,2020-01-01,z\n2,2020-03-01,z\n2,2020-03-01,\u{1F600}\n2,2020-03-01,\uFFFD\n');
    const r = JSON.parse((await cli('patterns', 'mine', '--sequences', f, '--min-support', '2', '--max-size', '3', '--json')).out);
    expect(r.patterns.at(-1)).toEqual({ pattern: [['z', '\uFFFD', '\u{1F600}']], support: 2, share: 1 });
  });

  it('prints a text table without --json, and --top limits the listing', async () => {
    const r = await cli('patterns', 'mine', '--sequences', zakiCsv, '--min-support', '2', '--top', '4');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^4 sequences; minimum support 2 \(2 sequences\)/);
    expect(r.out).toMatch(/pattern\s+support\s+share/);
    expect(r.out).toContain('<{B, F}>');
    expect(r.out).not.toContain('<{A, B}>');
  });

  it('no frequent pattern: an empty list; --help states the contract', async () => {
    const r = await cli('patterns', 'mine', '--sequences', zakiCsv, '--min-support', '5', '--json');
    expect(r.code).toBe(0);
    expect(r.out).toBe('{"patterns":[],"sequences":4}\n');
    const help = await cli('patterns', '--help');
    expect(help.out).toContain('{"patterns":[{"pattern":[["a"],["b","c"]],"support":12,"share":0.24}],"sequences":50}');
  });

  it('--figure writes the support bars as HTML', async () => {
    const out = join(dir, 'patterns.html');
    const r = await cli('patterns', 'mine', '--sequences', zakiCsv, '--min-support', '2', '--figure', out, '--json');
    expect(r.code).toBe(0);
    expect(existsSync(out)).toBe(true);
    const html = readFileSync(out, 'utf8');
    expect(html).toContain('{D}, {B, F}, {A}');
    expect(html).toContain('Frequent patterns (4 sequences)');
  });
});

describe('bad input: DataValidationError naming file, row and field (exit 2); usage errors (exit 1)', () => {
  const write = (name: string, text: string): string => {
    const f = join(dir, name);
    writeFileSync(f, text);
    return f;
  };

  it('a missing column', async () => {
    const f = write('nocol.csv', 'id,date\n1,2020-01-01\n');
    const r = await cli('patterns', 'mine', '--sequences', f, '--min-support', '1', '--json');
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${f}, row 0, field 'item': missing column 'item'`);
    expect(r.out).toBe('');
  });

  it('a bad date, a missing id and a missing item, each with its row', async () => {
    const f = write('bad.csv', 'id,date,item\n1,2020-01-01,a\n1,2020-02-30,b\n,2020-03-01,c\n2,2020-03-01,\n3,01.02.2020,d\n');
    const r = await cli('patterns', 'mine', '--sequences', f, '--min-support', '1');
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${f}, row 2, field 'date': not an ISO date (YYYY-MM-DD): '2020-02-30'`);
    expect(r.err).toContain(`${f}, row 3, field 'id': missing id`);
    expect(r.err).toContain(`${f}, row 4, field 'item': missing item`);
    expect(r.err).toContain(`${f}, row 5, field 'date'`);
  });

  it('an empty file (header only, or nothing at all)', async () => {
    const header = write('empty.csv', 'id,date,item\n');
    const r = await cli('patterns', 'mine', '--sequences', header, '--min-support', '1');
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${header}, row 0: the file has no rows`);
    const nothing = write('nothing.csv', '');
    expect((await cli('patterns', 'mine', '--sequences', nothing, '--min-support', '1')).code).toBe(2);
  });

  it('usage errors', async () => {
    const cases: [string[], RegExp][] = [
      [['patterns', 'mine', '--sequences', zakiCsv], /--min-support is required/],
      [['patterns', 'mine', '--sequences', zakiCsv, '--min-support', '1e3'], /count \(e\.g\. 30\) or a share/],
      [['patterns', 'mine', '--sequences', zakiCsv, '--min-support', '1.5'], /share must be in \(0, 1\]/],
      [['patterns', 'mine', '--sequences', zakiCsv, '--min-support', '2', '--closed', '--maximal'], /--closed or --maximal, not both/],
      [['patterns', 'mine', '--sequences', zakiCsv, '--min-support', '2', '--max-length', '0'], /--max-length must be a whole number >= 1/],
      [['patterns', 'mine', '--sequences', zakiCsv, '--min-support', '2', '--max-gap', '2.5'], /--max-gap must be a whole number/],
      [['patterns', 'mine', '--sequences', zakiCsv, '--min-support', '2', '--min-gap', '9', '--max-gap', '3'], /larger than --max-gap/],
      [['patterns', 'mine', '--db', 'x.duckdb', '--study', 'S', '--min-support', '2'], /No such database: x\.duckdb/],
      [['patterns', 'mine', '--sequences', zakiCsv, '--db', 'x.duckdb', '--study', 'S', '--min-support', '2'], /either --sequences FILE or --db/],
      [['patterns', 'mine', '--sequences', zakiCsv, '--min-support', '2', '--alphabet', 'events'], /--alphabet builds sequences from a cohort database/],
      [['patterns', 'mine', '--sequences', join(dir, 'none.csv'), '--min-support', '2'], /No such file/],
      [['patterns', 'mine', '--sequences', zakiCsv, '--min-support', '2', '--figure', 'x.pdf'], /--figure must end in .html or .png/],
      [['patterns', 'mine', '--sequences', zakiCsv, '--min-support', '2', '--maxgap', '3'], /Unknown flag --maxgap/],
      [['patterns', 'explore'], /sub-command: mine, rules, compare/],
    ];
    for (const [argv, msg] of cases) {
      const r = await cli(...argv);
      expect(r.code, argv.join(' ')).toBe(1);
      expect(r.err, argv.join(' ')).toMatch(msg);
    }
  });

  it('too many patterns is a model error (exit 2) naming the limit', async () => {
    const r = await cli('patterns', 'mine', '--sequences', zakiCsv, '--min-support', '1', '--max-patterns', '10');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/more than 10 frequent patterns/);
  });
});

describe('midia patterns rules', () => {
  it('--json: rules with support, confidence, lift', async () => {
    const r = await cli('patterns', 'rules', '--sequences', zakiCsv, '--min-support', '2', '--min-confidence', '0.9', '--json');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out);
    expect(doc).toMatchObject({ sequences: 4, minSupport: 2, minConfidence: 0.9, consequent: 'any' });
    expect(doc.rules).toContainEqual({ antecedent: [['D']], consequent: [['B', 'F'], ['A']], support: 2, share: 0.5, confidence: 1, lift: 2, antecedentSupport: 2, consequentSupport: 2 });
    expect(doc.rules.every((q: { confidence: number }) => q.confidence >= 0.9)).toBe(true);
    const last = JSON.parse((await cli('patterns', 'rules', '--sequences', zakiCsv, '--min-support', '2', '--consequent', 'last', '--json')).out);
    expect(last.rules).toHaveLength(10);
    const text = await cli('patterns', 'rules', '--sequences', zakiCsv, '--min-support', '2');
    expect(text.out).toContain('<{D}> => <{B, F}, {A}>');
  });
});

describe('midia patterns compare', () => {
  let events: string;
  let groups: string;
  beforeAll(() => {
    // The hand case of test/models/patterns/discriminating-patterns.test.ts: A (a1-a10), B (b1-b10);
    // plus c1, an id with events but no group (left out with a warning), and b11, in the groups file without events.
    const lines: string[] = [];
    for (let i = 1; i <= 10; i++) {
      lines.push(`a${i},2020-01-01,dmt`);
      if (i <= 8) lines.push(`a${i},2020-04-10,relapse`);
      if (i <= 3) lines.push(`a${i},2020-07-19,x`);
      lines.push(`b${i},2020-01-01,dmt`);
      if (i <= 2) lines.push(`b${i},2020-04-10,relapse`);
    }
    lines.push('c1,2020-01-01,dmt');
    events = join(dir, 'cmp-events.csv');
    writeFileSync(events, `id,date,item\n${lines.join('\n')}\n`);
    groups = join(dir, 'cmp-groups.csv');
    writeFileSync(groups, `id,group\n${[...Array.from({ length: 10 }, (_, i) => `a${i + 1},A`), ...Array.from({ length: 11 }, (_, i) => `b${i + 1},B`)].join('\n')}\n`);
  });

  it('--json: group sizes, per-group supports and complements, tests, q, odds ratios', async () => {
    const r = await cli('patterns', 'compare', '--sequences', events, '--groups', groups, '--min-support', '3', '--json');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out);
    expect(doc.groups).toEqual([{ group: 'A', sequences: 10 }, { group: 'B', sequences: 11 }]);
    expect(doc).toMatchObject({ reference: 'A', sequences: 21, minSupport: 3, test: 'auto', adjust: 'BH' });
    expect(doc.warnings).toContain('1 event(s) of ids not in the --groups file left out');
    const relapse = doc.patterns.find((p: { pattern: string[][] }) => JSON.stringify(p.pattern) === '[["relapse"]]');
    expect(relapse.groups).toEqual([
      expect.objectContaining({ group: 'A', support: 8, absent: 2, share: 0.8 }),
      expect.objectContaining({ group: 'B', support: 2, absent: 9 }),
    ]);
    // [[8, 2], [2, 9]]: expected with = 10 x 10 / 21 = 4.76 in A (< 5): Fisher
    expect(relapse.test).toBe('fisher');
    expect(relapse.oddsRatios).toEqual([expect.objectContaining({ group: 'B', reference: 'A', haldane: false })]);
    expect(relapse.oddsRatios[0].estimate).toBeCloseTo((2 * 2) / (9 * 8), 12);
    const dmt = doc.patterns.find((p: { pattern: string[][] }) => JSON.stringify(p.pattern) === '[["dmt"]]');
    // b11 has no events: dmt is in 20 of 21 sequences, so it is tested
    expect(dmt.support).toBe(20);
    expect(dmt.groups[1]).toMatchObject({ support: 10, absent: 1 });
  });

  it('--reference, --max-q, --test chisq, text output and the forest figure', async () => {
    const ref = JSON.parse((await cli('patterns', 'compare', '--sequences', events, '--groups', groups, '--min-support', '3', '--reference', 'B', '--json')).out);
    expect(ref.reference).toBe('B');
    const relapse = ref.patterns.find((p: { pattern: string[][] }) => JSON.stringify(p.pattern) === '[["relapse"]]');
    expect(relapse.oddsRatios[0].estimate).toBeCloseTo((8 * 9) / (2 * 2), 12);
    const strict = JSON.parse((await cli('patterns', 'compare', '--sequences', events, '--groups', groups, '--min-support', '3', '--max-q', '0.05', '--json')).out);
    expect(strict.patterns.every((p: { q: number }) => p.q <= 0.05)).toBe(true);
    const chi = await cli('patterns', 'compare', '--sequences', events, '--groups', groups, '--min-support', '3', '--test', 'chisq', '--json');
    expect(JSON.parse(chi.out).patterns.filter((p: { test: string }) => p.test === 'fisher')).toHaveLength(0);
    expect(chi.err).toMatch(/expected count below 5/);
    const out = join(dir, 'forest.html');
    const text = await cli('patterns', 'compare', '--sequences', events, '--groups', groups, '--min-support', '3', '--figure', out);
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/groups A \(10\), B \(11\); reference A/);
    expect(text.out).toMatch(/OR B vs A \(95% CI\)/);
    expect(readFileSync(out, 'utf8')).toContain('Discriminating patterns: B vs A');
    const bad = await cli('patterns', 'compare', '--sequences', events, '--groups', groups, '--min-support', '3', '--reference', 'C');
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/--reference C is not a group/);
  });

  it('--maximal tests the maximal patterns only', async () => {
    const all = JSON.parse((await cli('patterns', 'compare', '--sequences', events, '--groups', groups, '--min-support', '3', '--json')).out);
    const max = JSON.parse((await cli('patterns', 'compare', '--sequences', events, '--groups', groups, '--min-support', '3', '--maximal', '--json')).out);
    // frequent: <dmt>, <relapse>, <x>, <dmt, relapse>, <dmt, x>, <relapse, x>, <dmt, relapse, x>; maximal: the last
    expect(all.patterns).toHaveLength(7);
    expect(max.patterns.map((p: { pattern: string[][] }) => p.pattern)).toEqual([[['dmt'], ['relapse'], ['x']]]);
    // one test: its q equals its p
    expect(max.patterns[0].q).toBe(max.patterns[0].p);
  });

  it('a group file with a repeated id or a single group is refused', async () => {
    const dup = join(dir, 'dup.csv');
    writeFileSync(dup, 'id,group\na1,A\nb1,B\na1,B\n');
    const r = await cli('patterns', 'compare', '--sequences', events, '--groups', dup, '--min-support', '3');
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${dup}, row 3, field 'id': id 'a1' is listed again (first on row 1)`);
    const one = join(dir, 'one.csv');
    writeFileSync(one, 'id,group\na1,A\n');
    expect((await cli('patterns', 'compare', '--sequences', events, '--groups', one, '--min-support', '3')).err).toMatch(/comparing needs at least two/);
  });
});
