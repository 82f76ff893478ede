import { describe, expect, it } from 'vitest';
import { npiGroup, npiNodeStage, nottinghamPrognosticIndex, nottinghamPrognosticIndexes } from '../../../models/oncology/index.js';
import { UsageError } from '../../../util/errors.js';
import { readCsvColumns } from '../../helpers/read-csv.js';

describe('Nottingham Prognostic Index', () => {
  it('is 0.2 x size (cm) + grade + node stage, worked by hand', () => {
    expect(nottinghamPrognosticIndex({ sizeCm: 2.5, grade: 2, positiveNodes: 0 })).toBeCloseTo(3.5, 12);
    expect(nottinghamPrognosticIndex({ sizeCm: 1.0, grade: 3, positiveNodes: 3 })).toBeCloseTo(5.2, 12);
    expect(nottinghamPrognosticIndex({ sizeCm: 4.0, grade: 3, positiveNodes: 4 })).toBeCloseTo(6.8, 12);
    expect([0, 1, 3, 4, 20].map(npiNodeStage)).toEqual([1, 2, 2, 3, 3]);
    expect(Number.isNaN(nottinghamPrognosticIndex({ sizeCm: NaN, grade: 2, positiveNodes: 0 }))).toBe(true);
  });

  it('puts the boundaries 3.4 and 5.4 in the lower group despite floating point', () => {
    const atGood = nottinghamPrognosticIndex({ sizeCm: 2.0, grade: 1, positiveNodes: 1 }); // 0.4 + 1 + 2
    expect(npiGroup(atGood)).toBe('good');
    expect(npiGroup(nottinghamPrognosticIndex({ sizeCm: 2.1, grade: 1, positiveNodes: 1 }))).toBe('moderate');
    expect(npiGroup(nottinghamPrognosticIndex({ sizeCm: 2.0, grade: 2, positiveNodes: 4 }))).toBe('moderate'); // 5.4
    expect(npiGroup(5.4000001)).toBe('poor');
    expect(npiGroup(NaN)).toBeNull();
  });

  it('gives 22 good, 363 moderate, 301 poor on survival::gbsg (DOMAIN.md)', () => {
    const t = readCsvColumns('datasets/gbsg.csv');
    const r = nottinghamPrognosticIndexes({ size: t.size as Float64Array, grade: t.grade as Float64Array, nodes: t.nodes as Float64Array });
    expect(r.npi.length).toBe(686);
    const count = (g: string): number => r.group.filter((x) => x === g).length;
    expect([count('good'), count('moderate'), count('poor')]).toEqual([22, 363, 301]);
    // first row of gbsg: size 18 mm, grade 2, 2 nodes -> 0.36 + 2 + 2
    expect(r.npi[0]).toBeCloseTo(4.36, 12);
  });

  it('throws typed errors on invalid input', () => {
    expect(() => nottinghamPrognosticIndex({ sizeCm: 2, grade: 4, positiveNodes: 0 })).toThrow(UsageError);
    expect(() => nottinghamPrognosticIndex({ sizeCm: -1, grade: 2, positiveNodes: 0 })).toThrow(/sizeCm/);
    expect(() => npiNodeStage(1.5)).toThrow(UsageError);
    expect(() => nottinghamPrognosticIndexes({ size: [1], grade: [1, 2], nodes: [0] })).toThrow(/equal lengths/);
  });
});
