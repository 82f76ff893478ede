/**
 * The list of CLI commands, in the order `midia --help` shows them: name and
 * one-line summary here, the command module loaded only when the command runs
 * or shows its help (a dynamic import), so `midia --help` and every command
 * load only what they use (tfjs, fastify, DuckDB, Plotly, ... stay unloaded
 * otherwise).
 *
 * A summary is written twice, here and in its module: test/cli/cli.test.ts
 * checks that they agree, so change both together.
 */
import type { Command } from './command.js';

/** A command known by name and summary; `load()` imports its module. */
export interface CommandEntry {
  /** Name as typed, e.g. `km`. */
  readonly name: string;
  /** One line for the command list (equal to the module's `summary`). */
  readonly summary: string;
  /** Imports the command's module and returns the command. */
  load(): Promise<Command>;
}

export const COMMANDS: readonly CommandEntry[] = [
  { name: 'demo', summary: 'The main job on the embedded default: synthetic cohort in-process, headline analyses, HTML report', load: async () => (await import('./commands/demo.js')).demoCommand },
  { name: 'import', summary: 'Import CSV, Parquet, Arrow, NDJSON or FHIR files into a cohort database', load: async () => (await import('./commands/import.js')).importCommand },
  { name: 'pseudonymize', summary: 'Import identifying data pseudonymized (keyed HMAC or trust-centre pseudonyms); print pseudonyms of ids', load: async () => (await import('./commands/pseudonymize.js')).pseudonymizeCommand },
  { name: 'describe', summary: 'Tables, counts, and variables with missingness of a cohort database or data file', load: async () => (await import('./commands/describe.js')).describeCommand },
  { name: 'query', summary: 'Run SQL on a cohort database (through the access gate) and print a table, CSV, JSON or Arrow', load: async () => (await import('./commands/query.js')).queryCommand },
  { name: 'table', summary: 'Build an analysis table (one row per patient, or counting-process rows) without writing SQL', load: async () => (await import('./commands/table.js')).tableCommand },
  { name: 'timeline', summary: "One patient's events, observations, therapies and visits in date order", load: async () => (await import('./commands/timeline.js')).timelineCommand },
  { name: 'km', summary: 'Kaplan-Meier survival curves with Greenwood intervals and medians (as R survfit)', load: async () => (await import('./commands/km.js')).kmCommand },
  { name: 'logrank', summary: 'Log-rank and Fleming-Harrington G(rho) tests, stratified and pairwise (as R survdiff)', load: async () => (await import('./commands/logrank.js')).logrankCommand },
  { name: 'rmst', summary: 'Restricted mean survival time per group and the two-group difference', load: async () => (await import('./commands/rmst.js')).rmstCommand },
  { name: 'cox', summary: 'Cox proportional-hazards model (as R coxph): Efron/Breslow ties, strata, counting process, cluster, ns(), tt()', load: async () => (await import('./commands/cox.js')).coxCommand },
  { name: 'zph', summary: "Proportional-hazards test of a Cox model (as R cox.zph), per term and global", load: async () => (await import('./commands/zph.js')).zphCommand },
  { name: 'coxnet', summary: 'Elastic-net penalized Cox model (as R glmnet family = "cox"), coefficients at lambda or the CV choice', load: async () => (await import('./commands/coxnet.js')).coxnetCommand },
  { name: 'risk', summary: 'Risk models as JSON artifacts: train (cox|coxnet|rsf), evaluate (C, AUC, Brier), compare (difference in C), predict', load: async () => (await import('./commands/risk.js')).riskCommand },
  { name: 'serve', summary: 'HTTP prediction service for portals: model cards, input schemas, risk predictions, OpenAPI', load: async () => (await import('./commands/serve.js')).serveCommand },
  { name: 'cif', summary: "Cumulative incidence per cause and group with Gray's test (as cmprsk cuminc)", load: async () => (await import('./commands/cif.js')).cifCommand },
  { name: 'finegray', summary: 'Fine-Gray subdistribution hazards model for competing risks (as cmprsk crr)', load: async () => (await import('./commands/finegray.js')).finegrayCommand },
  { name: 'aft', summary: 'Parametric accelerated failure time model (as R survreg): Weibull, exponential, log-normal, log-logistic', load: async () => (await import('./commands/aft.js')).aftCommand },
  { name: 'mstate', summary: 'Multi-state models (as R survival 3.x): Aalen-Johansen state occupation with standard errors, multi-state Cox', load: async () => (await import('./commands/mstate.js')).mstateCommand },
  { name: 'lmm', summary: 'Linear mixed model for trajectories (as lme4 lmer): random intercept and slope per patient, REML or ML', load: async () => (await import('./commands/lmm.js')).lmmCommand },
  { name: 'compare', summary: 'Compare therapies by target trial emulation: clone-censor-weight with a grace period, new users, sequential trials', load: async () => (await import('./commands/compare.js')).compareCommand },
  { name: 'ms', summary: 'Multiple sclerosis: confirmed disability events (cdw), per-patient outcomes, therapy pathways, response clusters, therapy comparisons', load: async () => (await import('./commands/ms.js')).msCommand },
  { name: 'patterns', summary: 'Sequential pattern mining on event sequences: frequent patterns (cSPADE constraints, closed/maximal), rules, discriminating patterns between groups', load: async () => (await import('./commands/patterns.js')).patternsCommand },
  { name: 'figure', summary: 'Draw a figure (km, cox-forest, zph, cif, coxnet-cv, coxnet-path, rsf-importance) to a standalone HTML file or a PNG', load: async () => (await import('./commands/figure.js')).figureCommand },
  { name: 'consent', summary: 'Record and query patient consent (grant, revoke, status, history, FHIR Consent import)', load: async () => (await import('./commands/consent.js')).consentCommand },
  { name: 'study', summary: 'Study registry: register a study (question, purpose, approval, disclosure threshold), list, show, publish results', load: async () => (await import('./commands/study.js')).studyCommand },
  { name: 'ledger', summary: 'Data-use ledger: verify chain and signatures, write signed checkpoints, list analyses, show a patient which studies used their data', load: async () => (await import('./commands/ledger.js')).ledgerCommand },
  { name: 'schema', summary: 'Print the canonical schema (Markdown, JSON or DuckDB DDL)', load: async () => (await import('./commands/schema.js')).schemaCommand },
  { name: 'generate', summary: 'Write the seeded synthetic follow-up cohort (breast, prostate, MS) or the synthetic MS registry as canonical CSV files, with its study and consents', load: async () => (await import('./commands/generate.js')).generateCommand },
];

/**
 * The command of this name, its module loaded, or undefined for an unknown name.
 * @example (await loadCommand('km'))?.help
 */
export async function loadCommand(name: string, commands: readonly CommandEntry[] = COMMANDS): Promise<Command | undefined> {
  return commands.find((c) => c.name === name)?.load();
}
