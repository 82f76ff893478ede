/** Small hand-written figure specs for the render tests (no dependence on the chart builders). */
import type { FigureSpec } from '../../charts/types.js';

/** Two step curves and a bar trace: three traces, axis titles, a title containing markup characters. */
export function stepFigure(): FigureSpec {
  return {
    data: [
      { type: 'scatter', mode: 'lines', name: 'ER < 10', x: [0, 1, 2, 3], y: [1, 0.9, 0.7, 0.6], line: { shape: 'hv' } },
      { type: 'scatter', mode: 'lines', name: 'ER >= 10', x: [0, 1, 2, 3], y: [1, 0.95, 0.85, 0.8], line: { shape: 'hv' } },
      { type: 'bar', name: 'at risk', x: [0, 1, 2, 3], y: [40, 30, 20, 10], xaxis: 'x', yaxis: 'y2' },
    ],
    layout: {
      title: { text: 'Survival by ER </script> & "quotes"' },
      xaxis: { title: { text: 'Years' } },
      yaxis: { title: { text: 'Survival probability' }, range: [0, 1], domain: [0.3, 1] },
      yaxis2: { domain: [0, 0.2], anchor: 'x' },
    },
    meta: { kind: 'test-steps', title: 'Survival by ER' },
  };
}

/** A one-trace figure. */
export function pointFigure(title: string): FigureSpec {
  return {
    data: [{ type: 'scatter', mode: 'markers', name: 'points', x: [1, 2, 3], y: [3, 1, 2] }],
    layout: { title: { text: title }, xaxis: { title: { text: 'x' } }, yaxis: { title: { text: 'y' } } },
    meta: { kind: 'test-points', title },
  };
}
