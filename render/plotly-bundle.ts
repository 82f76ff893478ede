/**
 * The plotly.js bundle that figures are rendered with, read from the local
 * node_modules (plotly.js-dist-min): hospital networks are closed, so no
 * figure may load scripts from a CDN.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { MidiaError } from '../util/errors.js';

const require = createRequire(import.meta.url);

let cached: string | null = null;

/** Absolute path of `plotly.js-dist-min/plotly.min.js`, resolved as Node resolves packages from this module. */
export function plotlyBundlePath(): string {
  try {
    return require.resolve('plotly.js-dist-min/plotly.min.js');
  } catch (cause) {
    throw new MidiaError('E_RENDER', "Cannot find plotly.js-dist-min/plotly.min.js: install the package ('npm ci')", { cause });
  }
}

/**
 * The minified plotly.js source (about 4.8 MB), read once per process and cached.
 * @throws MidiaError `E_RENDER` when the package is not installed
 * @example readPlotlyBundle().length > 1e6 // => true
 */
export function readPlotlyBundle(): string {
  if (cached === null) cached = readFileSync(plotlyBundlePath(), 'utf8');
  return cached;
}

/** The installed plotly.js version (from the package's package.json). */
export function plotlyVersion(): string {
  const pkg = require('plotly.js-dist-min/package.json') as { version: string };
  return pkg.version;
}
