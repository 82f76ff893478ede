/**
 * The survival analyses (README.md in this folder): each takes a data source
 * (analyses/core) and its options, and returns the result with warnings, what
 * disclosure control did and the ledger entry. `x(source, options)` validates
 * the options (zod); `runX(source, parsed)` takes them already parsed.
 */
export { km, runKm, discloseKm, kmFitted, type KmResult, type KmFitted, type SurvivalAtTimes } from './km.js';
export { logrank, runLogrank, type LogrankResult, type PairwiseLogrank, type DisclosedLogrankGroup } from './logrank.js';
export { rmst, runRmst, type RmstResult, type RmstTable, type RmstGroupRow } from './rmst.js';
export { cox, runCox, fitCox, type CoxResult } from './cox.js';
export { zph, runZph, fitZph, type ZphResult, type ZphFitted } from './zph.js';
export { cif, runCif, fitCif, discloseCif, defaultPrintTimes, type CifResult, type CifTable, type DisclosedCifTable } from './cif.js';
export { finegray, runFinegray, type FinegrayResult } from './finegray.js';
export { aft, runAft, type AftResult } from './aft.js';
export { lmm, runLmm, discloseLmm, type LmmResult, type DisclosedLmmJSON } from './lmm.js';
export { coxnet, runCoxnet, type CoxnetResult } from './coxnet.js';
export { mstate, runMstate, type MstateResult, type DisclosedAalenJohansen, type MstateOptionsInput, type MstateOptionsParsed } from './mstate.js';
export { figure, runFigure, buildFigure, FIGURE_KINDS, type FigureKind, type FigureRequest, type FigureResult } from './figure.js';
export { checkFactorVariables, formulaVariables } from './factor-variables.js';
export type {
  KmOptionsInput,
  KmOptionsParsed,
  LogrankOptionsInput,
  LogrankOptionsParsed,
  RmstOptionsInput,
  RmstOptionsParsed,
  CoxOptionsInput,
  CoxOptionsParsed,
  ZphOptionsInput,
  ZphOptionsParsed,
  CifOptionsInput,
  CifOptionsParsed,
  FinegrayOptionsInput,
  FinegrayOptionsParsed,
  AftOptionsInput,
  AftOptionsParsed,
  LmmOptionsInput,
  LmmOptionsParsed,
  CoxnetOptionsInput,
  CoxnetOptionsParsed,
  FigureOptionsInput,
} from './options.js';
