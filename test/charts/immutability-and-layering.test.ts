/**
 * Builders never modify their inputs (model results hold typed arrays, which
 * cannot be frozen: compare snapshots), and charts/ imports no engine/, analyses/ or surface code
 * (models/ it may import: the normal quantile and the loess smoother live in models/stats;
 * the whole rule set is checked by dependency-cruiser, test/layering.test.ts).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as charts from '../../charts/index.js';
import { kaplanMeier } from '../../models/survival/kaplan-meier/kaplan-meier.js';
import { coxph } from '../../models/survival/cox/cox.js';
import { coxZph } from '../../models/survival/cox/cox-zph.js';
import { cumulativeIncidence } from '../../models/survival/competing-risks/cumulative-incidence.js';
import { lung, mgus2 } from './helpers.js';

const snapshot = (x: unknown): string =>
  JSON.stringify(x, (_k, v: unknown) => (ArrayBuffer.isView(v) ? Array.from(v as unknown as ArrayLike<number>, (n) => (Number.isNaN(n) ? 'NaN' : n)) : v));

describe('charts', () => {
  it('do not mutate model results', () => {
    const d = lung();
    const km = kaplanMeier('Surv(time, status) ~ sex', d);
    const cox = coxph('Surv(time, status) ~ age + sex', d);
    const zph = coxZph(cox.internals);
    const ci = cumulativeIncidence('Surv(etime, event) ~ sex', mgus2());
    const before = [snapshot(km.curves), snapshot(cox.terms), snapshot(zph), snapshot(ci.curves)];
    charts.kaplanMeierFigure(km, { medianLines: true, disclosure: { threshold: 5 } });
    charts.kaplanMeierFigure(km, { fun: 'event' });
    charts.forestFromCox(cox);
    charts.schoenfeldFigures(zph);
    charts.cumulativeIncidenceFigure(ci, { confidenceBands: true });
    expect([snapshot(km.curves), snapshot(cox.terms), snapshot(zph), snapshot(ci.curves)]).toEqual(before);
  });

  it('the barrel exports every builder', () => {
    for (const f of ['kaplanMeierFigure', 'cumulativeIncidenceFigure', 'forestPlot', 'forestFromCox', 'forestFromFineGray', 'schoenfeldFigure',
      'schoenfeldFigures', 'calibrationFigure', 'timeDependentFigure', 'trajectoryFigure', 'sankeyFigure', 'loveFigure', 'patientTimelineFigure']) {
      expect(typeof (charts as Record<string, unknown>)[f]).toBe('function');
    }
  });

  it('charts/ imports neither engine/ nor analyses/ nor a surface (models/ it may)', () => {
    for (const file of readdirSync('charts').filter((f) => f.endsWith('.ts'))) {
      const text = readFileSync(`charts/${file}`, 'utf8');
      const imports = [...text.matchAll(/^(?:import|export)\s+(?:type\s+)?[^;]*?from\s+'([^']+)'/gms)].map((m) => m[1]!);
      for (const path of imports) expect(path, `${file}`).not.toMatch(/(^|\/)(engine|analyses|cli|server|notebooks)\//);
    }
  });
});
