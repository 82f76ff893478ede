/** analyses/survival/coxnet.ts: coefficients at lambda or the CV choice, plain; refused under the minimum cell count before anything is recorded. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableSource } from '../../../analyses/core/index.js';
import { coxnet } from '../../../analyses/survival/coxnet.js';
import { coxnetFormula } from '../../../models/risk/coxnet-formula.js';
import { AccessDeniedError, UsageError } from '../../../util/errors.js';
import { readCsvColumns } from '../../helpers/read-csv.js';
import { BC, ledger, oracleTable, survivalStudyStore, withStudy, type SurvivalStudyStore } from './study-fixture.js';

let s: SurvivalStudyStore;
beforeAll(async () => {
  s = await survivalStudyStore();
}, 120_000);
afterAll(() => s.store.close());

const gbsg = readCsvColumns('datasets/gbsg.csv');
const F = 'Surv(rfstime, status) ~ age + nodes + pgr + er';

describe('coxnet', () => {
  it('gives the exact fit at lambda, the interpolated one on request, and the CV choice', async () => {
    const { fit } = coxnetFormula(F, gbsg, { alpha: 0.5 });
    const exact = await coxnet(tableSource(gbsg), { formula: F, alpha: 0.5, lambda: 0.02 });
    expect(exact.result.terms.map((t) => t.coef)).toEqual(Array.from(fit.coefExact(0.02)));
    expect(exact.result).toMatchObject({ n: 686, events: 299, choice: 'given', exact: true, cv: null });
    const interp = await coxnet(tableSource(gbsg), { formula: F, alpha: 0.5, lambda: 0.02, exact: false });
    expect(interp.result.terms.map((t) => t.coef)).toEqual(Array.from(fit.coefAt(0.02)));
    const cv = await coxnet(tableSource(gbsg), { formula: F, alpha: 1, nfolds: 3, seed: 4, nlambda: 20, rule: 'lambda.min' });
    const ref = coxnetFormula(F, gbsg, { alpha: 1, crossValidate: true, nfolds: 3, seed: 4, nlambda: 20 });
    expect(cv.result).toMatchObject({ choice: 'lambda.min', lambda: ref.cv!.lambdaMin, cv: { nfolds: 3, seed: 4 } });
    await expect(coxnet(tableSource(gbsg), { formula: F })).rejects.toThrow(/coxnet: invalid options: lambda: give lambda, or nfolds/);
    await expect(coxnet(tableSource(gbsg), { formula: F, lambda: 0.1, alpha: 2 })).rejects.toBeInstanceOf(UsageError);
  });

  it('under a study: the oracle coefficients and a ledger entry; refused (nothing recorded) under a large minimum cell count', async () => {
    const f = 'Surv(time, status) ~ age + grade';
    const r = await withStudy(s.store, 'AGG', (src) => coxnet(src, { formula: f, lambda: 0.01, data: BC }));
    const { fit } = coxnetFormula(f, await oracleTable(s.store), { alpha: 1 });
    r.result.terms.forEach((t, i) => expect(t.coef).toBeCloseTo(fit.coefExact(0.01)[i]!, 8));
    expect(r.ledgerEntry).toMatchObject({ analysis: 'coxnet', studyId: 'AGG', resultSummary: { lambda: 0.01 } });
    const before = (await ledger(s.store)).length;
    await expect(withStudy(s.store, 'BIG', (src) => coxnet(src, { formula: f, lambda: 0.01, data: BC }))).rejects.toBeInstanceOf(AccessDeniedError);
    expect((await ledger(s.store)).length).toBe(before);
  });
});
