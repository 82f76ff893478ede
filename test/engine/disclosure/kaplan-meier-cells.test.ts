/** The cells of a Kaplan-Meier release: the population and each curve's patients, rows assigned as kaplanMeier assigns them. */
import { describe, expect, it } from 'vitest';
import { kaplanMeierCells, POPULATION_CELL } from '../../../engine/disclosure/kaplan-meier-cells.js';
import { kaplanMeier } from '../../../models/survival/index.js';
import { AccessDeniedError } from '../../../util/errors.js';

const data = {
  pseudonym: ['a', 'b', 'c', 'd', 'e', 'f', 'a'],
  time: Float64Array.from([5, 8, 3, 9, 2, NaN, 7]),
  status: Float64Array.from([1, 0, 1, 1, 0, 1, 1]),
  site: ['N', 'S', 'N', 'S', null, 'N', 'N'],
};

describe('kaplanMeierCells', () => {
  it('gives the population first, then the curves by size, with the fit\'s labels; rows with a missing value are left out', () => {
    const cells = kaplanMeierCells('Surv(time, status) ~ site', data);
    const fit = kaplanMeier('Surv(time, status) ~ site', data);
    expect(cells.map((c) => c.label)).toEqual([POPULATION_CELL, 'site=N', 'site=S']);
    expect(fit.labels.sort()).toEqual(['site=N', 'site=S']);
    // 'e' has no site and 'f' no time; 'a' has two rows (counted once).
    expect(cells.map((c) => [...c.pseudonyms].sort())).toEqual([['a', 'b', 'c', 'd'], ['a', 'c'], ['b', 'd']]);
    expect(kaplanMeierCells('Surv(time, status) ~ 1', data).map((c) => c.label)).toEqual([POPULATION_CELL, 'all']);
  });

  it('refuses a table without pseudonyms (its release could not be checked)', () => {
    const { pseudonym: _drop, ...rest } = data;
    expect(() => kaplanMeierCells('Surv(time, status) ~ site', rest)).toThrow(AccessDeniedError);
  });
});
