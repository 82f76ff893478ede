/**
 * The `midia ms cdw` contract (issue 6): visits (id, date, edss) and relapses
 * (id, date) CSV files in, {"events":[...]} out. Each patient below is one rule;
 * the expected events are written out by hand from the rules in
 * models/ms/cdw.ts (msprog defaults, band edge 5.5 unless --delta-edge 5.0).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliCaptured, type CliResult } from '../helpers/run-cli.js';

function cli(...argv: string[]): Promise<CliResult> {
  return runCliCaptured(argv);
}

const VISITS = `id,date,edss
1,2022-01-10,5.5
1,2022-04-12,5.5
1,2022-07-12,6.0
1,2022-10-20,6.0
1,2023-01-15,6.0
2,2020-01-01,2.0
2,2020-06-01,2.0
2,2020-09-01,3.0
2,2020-12-15,3.0
3,2020-01-01,1.0
3,2020-03-01,2.0
3,2020-04-01,2.0
3,2020-06-15,1.0
4,2019-01-01,4.0
4,2019-05-01,3.0
4,2019-09-01,3.0
5,2018-01-01,1.0
5,2018-04-01,2.0
5,2018-07-01,2.0
5,2018-10-01,3.0
5,2019-01-01,3.0
6,2018-01-01,3.0
6,2018-04-01,2.0
6,2018-07-01,2.0
6,2018-10-01,3.0
6,2019-01-01,3.0
07,2019-06-01,2.0
07,2019-09-15,2.0
07,2020-01-01,3.0
07,2020-04-01,3.0
07,2020-07-01,
8,2021-01-01,5.5
8,2021-04-11,5.0
8,2021-05-11,6.5
8,2021-07-11,4.5
8,2021-10-11,4.5
9,2020-01-01,3.0
9,2020-04-10,2.0
9,2020-07-19,2.0
9,2020-10-27,3.0
9,2021-02-04,3.0
9,2021-05-15,4.0
9,2021-08-23,4.0
9,2021-12-01,5.0
9,2022-03-11,5.0
9,2022-06-19,6.0
9,2022-09-27,6.0
9,2023-01-05,6.0
`;
const RELAPSES = `id,date
2,2020-08-20
07,2019-08-01
8,2021-05-01
9,2020-10-17
9,2022-01-30
`;

let dir: string;
let visits: string;
let relapses: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'midia-ms-cdw-'));
  visits = join(dir, 'visits.csv');
  relapses = join(dir, 'relapses.csv');
  writeFileSync(visits, VISITS);
  writeFileSync(relapses, RELAPSES);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Ev = { id: string; type: string; kind: string | null; date: string; baselineEdss: number; edss: number; confirmedDate: string };
async function events(...flags: string[]): Promise<Ev[]> {
  const r = await cli('ms', 'cdw', '--visits', visits, '--relapses', relapses, ...flags, '--json');
  expect(r.code, r.err).toBe(0);
  expect(r.out.trim().split('\n')).toHaveLength(1);
  const j = JSON.parse(r.out) as { events: Ev[] };
  expect(Object.keys(j)).toEqual(['events']);
  return j.events;
}

describe('midia ms cdw --json (contract)', () => {
  it('default flags: RAW within 90 days of a relapse, CDI, first events; 5.5 -> 6.0 is not enough with band edge 5.5', async () => {
    const e = await events();
    expect(e).toEqual([
      { id: '2', type: 'CDW', kind: 'RAW', date: '2020-09-01', baselineEdss: 2, edss: 3, confirmedDate: '2020-12-15' },
      { id: '4', type: 'CDI', kind: null, date: '2019-05-01', baselineEdss: 4, edss: 3, confirmedDate: '2019-09-01' },
      { id: '5', type: 'CDW', kind: 'PIRA', date: '2018-04-01', baselineEdss: 1, edss: 2, confirmedDate: '2018-07-01' },
      { id: '6', type: 'CDI', kind: null, date: '2018-04-01', baselineEdss: 3, edss: 2, confirmedDate: '2018-07-01' },
      { id: '07', type: 'CDW', kind: 'PIRA', date: '2020-01-01', baselineEdss: 2, edss: 3, confirmedDate: '2020-04-01' },
      { id: '8', type: 'CDI', kind: null, date: '2021-07-11', baselineEdss: 5.5, edss: 4.5, confirmedDate: '2021-10-11' },
      { id: '9', type: 'CDI', kind: null, date: '2020-04-10', baselineEdss: 3, edss: 2, confirmedDate: '2020-07-19' },
      { id: '9', type: 'CDW', kind: 'PIRA', date: '2021-05-15', baselineEdss: 3, edss: 4, confirmedDate: '2021-08-23' },
    ]);
  });

  it('a change must hold at every visit up to its confirmation, a visit within a relapse influence included (msprog)', async () => {
    // patient 8, msprog bands: 5.5 -> 5.0 (2021-04-11) is an improvement candidate, but the 6.5 of 2021-05-11
    // (10 days after a relapse: never a confirmation, still checked) breaks it; msprog's
    // all(sapply((change_idx + 1):conf_idx[[1]], ...)) confirms only the later 4.5
    const e = await events('--delta-edge', '5.0');
    expect(e.filter((x) => x.id === '8')).toEqual([{ id: '8', type: 'CDI', kind: null, date: '2021-07-11', baselineEdss: 5.5, edss: 4.5, confirmedDate: '2021-10-11' }]);
  });

  it("--events: msprog's options under unambiguous names (patient 9, roving: CDI, RAW, PIRA, unclassified CDW, PIRA)", async () => {
    const of9 = async (sel: string): Promise<string[]> => (await events('--baseline', 'roving', '--events', sel)).filter((x) => x.id === '9').map((x) => `${x.type}:${x.kind ?? '-'}@${x.date}`);
    const [cdi, raw, pira, none, pira2] = ['CDI:-@2020-04-10', 'CDW:RAW@2020-10-27', 'CDW:PIRA@2021-05-15', 'CDW:-@2021-12-01', 'CDW:PIRA@2022-06-19'];
    expect(await of9('multiple')).toEqual([cdi, raw, pira, none, pira2]);
    expect(await of9('first')).toEqual([cdi, raw]);
    expect(await of9('firsteach')).toEqual([cdi, raw]);
    expect(await of9('firstCDW')).toEqual([raw]);
    expect(await of9('firstprog')).toEqual([raw]);
    expect(await of9('firstCDWtype')).toEqual([raw, pira, none]);
    expect(await of9('firstprogtype')).toEqual([raw, pira, none]);
    expect(await of9('firstany')).toEqual([cdi]);
    const bad = await cli('ms', 'cdw', '--visits', visits, '--relapses', relapses, '--events', 'firstprogression');
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/--events must be one of first, firsteach, firstCDW, firstprog, firstCDWtype, firstprogtype, firstany, multiple/);
  });

  it('--delta-edge 5.0 gives the contract example (5.5 -> 6.0 PIRA, confirmed at the next visit)', async () => {
    const e = await events('--delta-edge', '5.0');
    expect(e.filter((x) => x.id === '1')).toEqual([{ id: '1', type: 'CDW', kind: 'PIRA', date: '2022-07-12', baselineEdss: 5.5, edss: 6.0, confirmedDate: '2022-10-20' }]);
  });

  it('--events multiple and --baseline roving: re-baseline after a confirmed improvement', async () => {
    const fixed = await events('--events', 'multiple');
    expect(fixed.filter((x) => x.id === '5').map((x) => [x.date, x.baselineEdss, x.confirmedDate])).toEqual([
      ['2018-04-01', 1, '2018-07-01'],
      ['2018-10-01', 2, '2019-01-01'],
    ]);
    expect(fixed.filter((x) => x.id === '6').map((x) => x.type)).toEqual(['CDI']);
    const roving = await events('--events', 'multiple', '--baseline', 'roving');
    expect(roving.filter((x) => x.id === '6')).toEqual([
      { id: '6', type: 'CDI', kind: null, date: '2018-04-01', baselineEdss: 3, edss: 2, confirmedDate: '2018-07-01' },
      { id: '6', type: 'CDW', kind: 'PIRA', date: '2018-10-01', baselineEdss: 2, edss: 3, confirmedDate: '2019-01-01' },
    ]);
  });

  it('--pira kappos2020: a relapse between reference and onset makes the worsening neither PIRA nor RAW', async () => {
    const e = await events('--pira', 'kappos2020');
    expect(e.find((x) => x.id === '07')?.kind).toBeNull();
    expect(e.find((x) => x.id === '2')?.kind).toBe('RAW');
  });

  it('--confirm-days 168: patient 2 (106 days) is no longer confirmed; patient 3 is never confirmed', async () => {
    const e = await events('--confirm-days', '168');
    expect(e.some((x) => x.id === '2')).toBe(false);
    expect(e.some((x) => x.id === '3')).toBe(false);
    expect((await events()).some((x) => x.id === '3')).toBe(false);
  });

  it('prints a readable table without --json and warns about missing EDSS on stderr', async () => {
    const r = await cli('ms', 'cdw', '--visits', visits, '--relapses', relapses);
    expect(r.code, r.err).toBe(0);
    expect(r.out.split('\n')[0]).toMatch(/^id\s+type\s+kind\s+date\s+baselineEdss\s+edss\s+confirmedDate$/);
    expect(r.out).toMatch(/07\s+CDW\s+PIRA\s+2020-01-01/);
    expect(r.err).toMatch(/warning/);
  });

  it('accepts a relapses file with a header and no rows', async () => {
    const empty = join(dir, 'no-relapses.csv');
    writeFileSync(empty, 'id,date\n');
    const r = await cli('ms', 'cdw', '--visits', visits, '--relapses', empty, '--delta-edge', '5.0', '--json');
    expect(r.code, r.err).toBe(0);
    const e = (JSON.parse(r.out) as { events: Ev[] }).events;
    // without the relapse, patient 2's worsening is PIRA and its 2020-09-01 visit is no longer excluded
    expect(e.find((x) => x.id === '2')).toEqual({ id: '2', type: 'CDW', kind: 'PIRA', date: '2020-09-01', baselineEdss: 2, edss: 3, confirmedDate: '2020-12-15' });
    expect(e.find((x) => x.id === '1')?.kind).toBe('PIRA');
  });

  it('refuses bad flags and bad files', async () => {
    expect((await cli('ms', 'cdw', '--visits', visits, '--relapses', relapses, '--delta-edge', '4.5')).code).toBe(1);
    expect((await cli('ms', 'cdw', '--visits', visits, '--relapses', relapses, '--baseline', 'moving')).code).toBe(1);
    expect((await cli('ms', 'cdw', '--visits', visits)).code).toBe(1);
    expect((await cli('ms', 'nope')).code).toBe(1);
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'id,date,score\n1,2020-01-01,2\n');
    const r = await cli('ms', 'cdw', '--visits', bad, '--relapses', relapses);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/edss/);
    const badDate = join(dir, 'bad-date.csv');
    writeFileSync(badDate, 'id,date,edss\n1,01.02.2020,2\n');
    const d = await cli('ms', 'cdw', '--visits', badDate, '--relapses', relapses);
    expect(d.code).toBe(2);
    expect(d.err).toMatch(/ISO/);
  });
});
