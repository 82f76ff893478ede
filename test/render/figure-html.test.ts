import { describe, expect, it } from 'vitest';
import { figureFragment, figureHtml, figureId, DEFAULT_PLOTLY_CONFIG } from '../../render/figure-html.js';
import { readPlotlyBundle, plotlyVersion } from '../../render/plotly-bundle.js';
import { escapeHtml, scriptJson } from '../../render/escape.js';
import { pointFigure, stepFigure } from './figure-fixtures.js';

/** Extracts the JSON spec embedded in a figure fragment. */
function embeddedSpec(html: string, id: string): { data: unknown[]; layout: Record<string, unknown>; config: Record<string, unknown> } {
  const m = new RegExp(`<script type="application/json" id="${id}-spec">([^<]*)</script>`).exec(html);
  if (!m) throw new Error('spec script not found');
  return JSON.parse(m[1] as string);
}

describe('figureHtml', () => {
  const spec = stepFigure();
  const frozen = JSON.stringify(spec);
  const html = figureHtml(spec);

  it('inlines the local plotly.js bundle and loads nothing from the network', () => {
    const bundle = readPlotlyBundle();
    expect(bundle.length).toBeGreaterThan(1_000_000);
    expect(html.includes(bundle)).toBe(true);
    expect(html.length).toBeGreaterThan(bundle.length);
    // outside the bundle (which mentions URLs it never loads unless asked, e.g. topojson for maps):
    // no external scripts, styles or images, no CDN references
    const page = html.replace(bundle, '');
    expect(page.length).toBeLessThan(20_000);
    expect(/<script[^>]+src\s*=/i.test(page)).toBe(false);
    expect(/(src|href)\s*=\s*["']?(https?:)?\/\//i.test(page)).toBe(false);
    expect(/https?:\/\//i.test(page)).toBe(false);
    expect(plotlyVersion()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('embeds the spec JSON unchanged and with the default config under the figure config', () => {
    const id = figureId('Survival by ER');
    const embedded = embeddedSpec(html, id);
    expect(embedded.data).toEqual(spec.data);
    expect(embedded.layout).toEqual(spec.layout);
    expect(embedded.config).toEqual({ ...DEFAULT_PLOTLY_CONFIG });
    const withConfig = figureFragment({ ...spec, config: { displaylogo: true, staticPlot: true } }, 'fig-a');
    expect(embeddedSpec(withConfig, 'fig-a').config).toEqual({ responsive: true, displaylogo: true, staticPlot: true });
  });

  it('cannot be broken out of by markup in titles', () => {
    // the title contains '</script>': it must appear only escaped in the script, and escaped in <title>
    const scripts = html.split('<script type="application/json"')[1] as string;
    expect(scripts.slice(0, scripts.indexOf('</script>'))).toContain('\\u003c/script\\u003e');
    expect(figureHtml(spec, { title: '<b>x</b>' })).toContain('<title>&lt;b&gt;x&lt;/b&gt;</title>');
  });

  it('does not modify the spec', () => {
    expect(JSON.stringify(spec)).toBe(frozen);
  });

  it('uses the layout height for the container and unique ids from titles', () => {
    const f = figureFragment({ data: pointFigure('A b').data, layout: { height: 321 } });
    expect(f).toContain('id="fig-figure"');
    expect(f).toContain('min-height:321px');
    expect(figureFragment(pointFigure('Forest plot: HR (95% CI)'))).toContain('id="fig-forest-plot-hr-95-ci"');
    expect(figureFragment(pointFigure('x'))).toContain('data-kind="test-points"');
    expect(f).toContain('data-kind="figure"');
  });
});

describe('escaping', () => {
  it('escapes HTML and script-breaking JSON', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    const text = scriptJson({ a: '</script><!--', b: 'line\u2028sep', n: Number.NaN });
    expect(text).not.toMatch(/[<>\u2028]/);
    expect(JSON.parse(text)).toEqual({ a: '</script><!--', b: 'line\u2028sep', n: null });
  });
});
