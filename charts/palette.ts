/**
 * Colour palette of the figures: Okabe & Ito's eight colours, distinguishable
 * under the common forms of colour-vision deficiency.
 *
 * Reference: Okabe M, Ito K (2008) "Color Universal Design (CUD): how to make
 * figures and presentations that are friendly to colorblind people",
 * https://jfly.uni-koeln.de/color/ (the order below puts black last so that
 * curves start with the most saturated hues).
 */

/** Okabe–Ito colours: orange, sky blue, bluish green, yellow, blue, vermillion, reddish purple, black. */
export const OKABE_ITO: readonly string[] = [
  '#E69F00',
  '#56B4E9',
  '#009E73',
  '#F0E442',
  '#0072B2',
  '#D55E00',
  '#CC79A7',
  '#000000',
];

/**
 * Default curve palette: Okabe–Ito reordered so that the first colours have
 * good contrast on white (blue, vermillion, bluish green, reddish purple, orange,
 * sky blue, black; yellow last as it is faint on white).
 */
export const DEFAULT_PALETTE: readonly string[] = [
  '#0072B2',
  '#D55E00',
  '#009E73',
  '#CC79A7',
  '#E69F00',
  '#56B4E9',
  '#000000',
  '#F0E442',
];

/** Neutral grey of reference lines and gridlines. */
export const REFERENCE_GREY = '#7F7F7F';

/**
 * Colour `i` of a palette, cycling when there are more series than colours.
 * @example colorAt(DEFAULT_PALETTE, 8) // => '#0072B2'
 */
export function colorAt(palette: readonly string[], i: number): string {
  if (palette.length === 0) return DEFAULT_PALETTE[i % DEFAULT_PALETTE.length]!;
  return palette[((i % palette.length) + palette.length) % palette.length]!;
}

/**
 * An `rgba(...)` string for a `#rrggbb` (or `#rgb`) colour with opacity `alpha`;
 * other colour strings are returned unchanged (plotly then applies no alpha).
 * @example withAlpha('#0072B2', 0.2) // => 'rgba(0,114,178,0.2)'
 */
export function withAlpha(color: string, alpha: number): string {
  let hex = color.trim();
  if (!/^#([0-9a-f]{3}|[0-9a-f]{6})$/i.test(hex)) return color;
  hex = hex.slice(1);
  if (hex.length === 3) hex = hex.split('').map((c) => c + c).join('');
  const r = parseInt(hex.slice(0, 2), 16);
  const g = parseInt(hex.slice(2, 4), 16);
  const b = parseInt(hex.slice(4, 6), 16);
  return `rgba(${r},${g},${b},${alpha})`;
}
