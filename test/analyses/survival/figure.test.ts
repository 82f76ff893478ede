/**
 * analyses/survival/figure.ts: a figure of a plain table draws the whole fit;
 * of a study, what the analysis discloses, recorded as `figure` (km strata in
 * the release register as `figure km`), or refused before anything is recorded.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableSource } from '../../../analyses/core/index.js';
import { buildFigure, figure } from '../../../analyses/survival/figure.js';
import { releasedCells } from '../../../engine/disclosure/release-register.js';
import { AccessDeniedError, UsageError } from '../../../util/errors.js';
import { readCsvColumns } from '../../helpers/read-csv.js';
import { BC, BC_COMPETING, ledger, survivalStudyStore, withStudy, type SurvivalStudyStore } from './study-fixture.js';

let s: SurvivalStudyStore;
beforeAll(async () => {
  s = await survivalStudyStore();
}, 120_000);
afterAll(() => s.store.close());

const gbsg = readCsvColumns('datasets/gbsg.csv');

describe('figure of a plain table', () => {
  it('is the chart of the whole fit, the same as buildFigure; no ledger entry', async () => {
    const r = await figure(tableSource(gbsg), { kind: 'km', formula: 'Surv(rfstime, status) ~ hormon', timeUnit: 'days' });
    expect(r.result.kind).toBe('km');
    expect(r.result.spec).toEqual(buildFigure({ kind: 'km', formula: 'Surv(rfstime, status) ~ hormon', timeUnit: 'days' }, gbsg));
    expect(r.result.spec.meta?.kind).toBe('kaplan-meier');
    expect(r.ledgerEntry).toBeNull();
    await expect(figure(tableSource(gbsg), { kind: 'pie' as never, formula: 'x' })).rejects.toThrow(/figure: invalid options: kind/);
    await expect(figure(tableSource(gbsg), { kind: 'zph', formula: 'Surv(rfstime, status) ~ hormon', term: 'nope' })).rejects.toBeInstanceOf(UsageError);
  });
});

describe('figure of a study', () => {
  it('km: the disclosed strata on the grid, recorded as figure, released as figure km', async () => {
    const before = (await ledger(s.store)).length;
    const r = await withStudy(s.store, 'AGG', (src) => figure(src, { kind: 'km', formula: 'Surv(time, status) ~ grade', data: BC }));
    expect(r.result.spec.meta?.kind).toBe('kaplan-meier-disclosed');
    expect(r.ledgerEntry).toMatchObject({ analysis: 'figure', studyId: 'AGG' });
    expect((await ledger(s.store)).length).toBe(before + 1);
    const released = await releasedCells(s.store, 'AGG');
    expect(released.at(-1)?.analysis).toBe('figure km');
    const title = r.result.spec.layout.title?.text ?? '';
    expect(title).toMatch(/steps of at least 5 events/);
    for (const p of s.pseudonyms) expect(JSON.stringify(r.result.spec)).not.toContain(p);
  });

  it('refuses before recording: km with every stratum hidden, cox-forest on too few events, zph under aggregate access', async () => {
    const before = (await ledger(s.store)).length;
    await expect(withStudy(s.store, 'BIG', (src) => figure(src, { kind: 'km', formula: 'Surv(time, status) ~ grade', data: BC }))).rejects.toThrow(/every stratum is hidden/);
    await expect(withStudy(s.store, 'BIG', (src) => figure(src, { kind: 'cox-forest', formula: 'Surv(time, status) ~ age', data: BC }))).rejects.toThrow(/rests on fewer than 1000 rows/);
    await expect(withStudy(s.store, 'BIG', (src) => figure(src, { kind: 'coxnet-path', formula: 'Surv(time, status) ~ age + grade', nlambda: 10, data: BC }))).rejects.toBeInstanceOf(AccessDeniedError);
    await expect(withStudy(s.store, 'AGG', (src) => figure(src, { kind: 'zph', formula: 'Surv(time, status) ~ age', data: BC }))).rejects.toThrow(/row-level output, refused for study AGG/);
    expect((await ledger(s.store)).length).toBe(before);
  });

  it('zph under row-level access, cif on the grid, cox-forest: drawn and recorded', async () => {
    const zph = await withStudy(s.store, 'ROW', (src) => figure(src, { kind: 'zph', formula: 'Surv(time, status) ~ age', data: BC }));
    expect(zph.ledgerEntry?.resultSummary).toMatchObject({ access: 'row-level' });
    expect((zph.ledgerEntry?.resultSummary as { rows: number }).rows).toBeGreaterThan(0);
    const cif = await withStudy(s.store, 'AGG', (src) => figure(src, { kind: 'cif', formula: 'Surv(time, status) ~ 1', data: BC_COMPETING }));
    const grid = (cif.ledgerEntry?.resultSummary as { gridWidth: number }).gridWidth;
    expect(grid).toBeGreaterThan(0);
    const curves = cif.result.spec.data.filter((t) => t.type === 'scatter' && t.mode === 'lines');
    expect(curves.length).toBeGreaterThan(0);
    const forest = await withStudy(s.store, 'AGG', (src) => figure(src, { kind: 'cox-forest', formula: 'Surv(time, status) ~ age + grade', data: BC }));
    expect(forest.result.spec.meta?.kind).toBe('forest-cox');
    expect(forest.ledgerEntry).toMatchObject({ analysis: 'figure', resultSummary: { terms: [{ term: 'age' }, { term: 'grade' }] } });
  });
});
