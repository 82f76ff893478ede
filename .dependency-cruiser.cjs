/**
 * The layering rules (docs/layering.md), checked by `npm run lint:deps` (part of `npm test`).
 *
 * Paths are relative to the directory depcruise runs in (the repository root; the test in
 * test/layering.test.ts also runs it on the fixture tree under test/fixtures/layering/).
 * The public entry points are the index.ts files that package.json "exports" names, read from
 * the package.json of that directory, so the rule follows the exports map. No exception list:
 * a forbidden import is fixed in the importing file, not here.
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const SURFACES = ['cli', 'server', 'notebooks'];

/** The .ts sources behind package.json "exports" ("./dist/engine/index.js" -> "engine/index.ts"). */
function publicEntryPoints(dir) {
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
  const out = new Set();
  for (const target of Object.values(manifest.exports ?? {})) {
    const file = typeof target === 'string' ? target : target && target.import;
    if (typeof file !== 'string') continue;
    const m = /^\.\/dist\/(.+)\.js$/.exec(file);
    if (m) out.add(`${m[1]}.ts`);
  }
  return [...out].sort();
}

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
// the package.json of the directory depcruise runs in (the repository root, or the fixture tree), else this file's
const entries = publicEntryPoints(fs.existsSync(path.join(process.cwd(), 'package.json')) ? process.cwd() : __dirname);
const publicEntry = entries.map((f) => `^${escape(f)}$`);
const anySurface = `^(${SURFACES.join('|')})/`;

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'surface-imports-internals',
      comment:
        'cli/, server/ and notebooks/ import only analyses/, charts/, render/, util/, their own folder and the ' +
        'public entry points (index.ts files named in package.json "exports"): engine/ and models/ internals go through analyses/.',
      severity: 'error',
      from: { path: anySurface },
      to: {
        path: '^(engine|models|datasets|bench|test)/|^index\\.ts$',
        pathNot: publicEntry,
      },
    },
    {
      name: 'surface-imports-other-surface',
      comment: 'a surface reaches another surface only through its public entry point (e.g. server/index.ts).',
      severity: 'error',
      from: { path: anySurface },
      to: { path: anySurface, pathNot: ['^$1/', ...publicEntry] },
    },
    {
      name: 'analyses-imports-surface',
      comment: 'analyses/ may import engine/, models/, charts/, render/ and util/, never a surface (cli/, server/, notebooks/).',
      severity: 'error',
      from: { path: '^analyses/' },
      to: { path: `${anySurface}|^(bench|test)/` },
    },
    {
      name: 'models-imports-engine-or-surface',
      comment: 'models/ is numerics on typed arrays: it imports neither engine/ nor analyses/ nor any surface.',
      severity: 'error',
      from: { path: '^models/' },
      to: { path: `^(engine|analyses|bench|test)/|${anySurface}|^index\\.ts$` },
    },
    {
      name: 'charts-imports-engine-or-surface',
      comment: 'charts/ builds figure specs from results: it may import models/, never engine/, analyses/ or a surface.',
      severity: 'error',
      from: { path: '^charts/' },
      to: { path: `^(engine|analyses|bench|test)/|${anySurface}|^index\\.ts$` },
    },
    {
      name: 'engine-imports-surface',
      comment: 'engine/ (the data layer) imports no surface and not analyses/.',
      severity: 'error',
      from: { path: '^engine/' },
      to: { path: `^(analyses|bench|test)/|${anySurface}|^index\\.ts$` },
    },
    {
      name: 'render-imports-surface',
      comment: 'render/ (HTML and PNG output) imports no surface.',
      severity: 'error',
      from: { path: '^render/' },
      to: { path: `${anySurface}|^(bench|test)/` },
    },
    {
      name: 'no-circular',
      comment: 'no import circles (type-only imports included): move the shared piece to a third module.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist)/|\\.d\\.ts$' },
    // type-only imports count: `import type` is a dependency of the layer too
    tsPreCompilationDeps: true,
    moduleSystems: ['es6', 'cjs'],
    cache: false,
    progress: { type: 'none' },
  },
};
