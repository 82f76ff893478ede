/** The charts barrel exports the risk-model and clustering builders (issues 5 and 6). */
import { describe, expect, it } from 'vitest';
import * as charts from '../../charts/index.js';

describe('charts/index', () => {
  it('exports every risk-model and clustering builder', () => {
    for (const f of ['cvCurveFigure', 'coefficientPathFigure', 'importanceFigure', 'predictedSurvivalFigure', 'bicFigure', 'silhouetteFigure', 'clusterProfileFigure']) {
      expect(typeof (charts as Record<string, unknown>)[f], f).toBe('function');
    }
  });
});
