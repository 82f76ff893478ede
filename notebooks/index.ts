/**
 * The notebook entry point (`midia-hub/notebooks`, in a notebook
 * `../dist/notebooks/index.js`): the display helpers that send figures,
 * tables, fits and text to a tslab kernel (./display.ts), and the sink a
 * test may swap in. Everything else a notebook needs comes from the root
 * entry (`../dist/index.js`); README, "Notebooks".
 */
export { show, showTable, showFit, showText, setDisplaySink, type DisplaySink, type ShowOptions } from './display.js';
