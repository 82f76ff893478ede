/** notebooks/display.ts: the bundles it sends (captured through setDisplaySink; no kernel needed). */
import { afterAll, describe, expect, it } from 'vitest';
import { setDisplaySink, show, showFit, showTable, showText } from '../../notebooks/display.js';
import { coxph } from '../../models/survival/index.js';
import { PLOTLY_MIME, type MimeBundle } from '../../render/mime-bundle.js';
import { readPlotlyBundle } from '../../render/plotly-bundle.js';
import { MidiaError } from '../../util/errors.js';
import { readCsvColumns } from '../helpers/read-csv.js';
import { pointFigure, stepFigure } from '../render/figure-fixtures.js';

const sent: MimeBundle[] = [];
const previous = setDisplaySink((b) => sent.push(b));
afterAll(() => setDisplaySink(previous));

describe('display', () => {
  it('show(): plotly JSON, HTML fallback with plotly.js in the first figure only, text', () => {
    sent.length = 0;
    const spec = stepFigure();
    show(spec);
    show(pointFigure('second'));
    show(pointFigure('third'), { inlinePlotly: 'always' });
    expect(sent).toHaveLength(3);
    const [a, b, c] = sent as [MimeBundle, MimeBundle, MimeBundle];
    expect(a[PLOTLY_MIME]).toEqual({ data: spec.data, layout: spec.layout, config: { responsive: true, displaylogo: false } });
    const bundle = readPlotlyBundle();
    expect((a['text/html'] as string).includes(bundle)).toBe(true);
    expect((b['text/html'] as string).includes(bundle)).toBe(false);
    expect((c['text/html'] as string).includes(bundle)).toBe(true);
    expect(b['text/html']).toContain('Plotly.newPlot');
    expect(a['text/plain']).toBe('<Figure test-steps: Survival by ER (3 traces)>');
    const ids = sent.map((x) => /id="([^"]+)" class="midia-figure"/.exec(x['text/html'] as string)?.[1]);
    expect(new Set(ids).size).toBe(3);
  });

  it('showTable() and showText() send HTML and text', () => {
    sent.length = 0;
    showTable({ x: new Float64Array([1.25, Number.NaN]), g: ['a', null] }, { caption: 'T' });
    showText('a < b');
    expect(sent[0]?.['text/html']).toContain('<caption>T</caption>');
    expect(sent[0]?.['text/plain']).toBe('T\n   x   g\n1.25   a\n  NA  NA');
    expect(sent[1]).toEqual({ 'text/html': '<p>a &lt; b</p>', 'text/plain': 'a < b' });
  });

  it('showFit() shows a Cox summary with hazard ratios (values from the fit)', () => {
    sent.length = 0;
    const fit = coxph('Surv(rfstime, status) ~ hormon + age', readCsvColumns('datasets/gbsg.csv'));
    showFit(fit);
    const html = sent[0]?.['text/html'] as string;
    expect(html).toContain('<th>HR</th>');
    expect(html).toContain(`<td>hormon</td><td class="num">${Number((fit.terms[0]?.coef as number).toPrecision(4))}</td><td class="num">${Number((fit.terms[0]?.hr as number).toPrecision(4))}</td>`);
    expect(html).toContain('n = 686');
  });

  it('the default sink refuses outside a tslab kernel', () => {
    setDisplaySink(previous);
    try {
      expect(() => show(pointFigure('x'))).toThrow(MidiaError);
    } finally {
      setDisplaySink((b) => sent.push(b));
    }
  });
});
