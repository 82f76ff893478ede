/**
 * Speed of the clone-censor-weight analysis (docs/target-trial.md
 * "Performance"): 20,000 synthetic breast cancer patients, structured exercise
 * (started at varying times over two years) and fragility fractures, grace
 * period 180 days, monthly intervals over 5 years (horizon 1826 days): about
 * 2.4 million clone-intervals after cloning.
 *
 * Measured (wall time, one process, shared 2-core machine: see the load line):
 * 1. the point estimates from the rows in memory (trial arrays, censoring
 *    model, clones and weights, risks with robust variance, weighted Cox with
 *    robust variance, the naive model, balance): the initiation strategies of
 *    the `midia compare` contract and sustained strategies (a weight change
 *    every month);
 * 2. the same through a study session on an in-memory DuckDB store
 *    (compareTherapies: SQL load, analysis, disclosure, ledger entry);
 * 3. 200 bootstrap replicates of the risks (patients resampled, censoring
 *    model refitted each time).
 * Peak memory: the process's maximum resident set size.
 *
 * Usage (after `npm run build`): node dist/bench/tte-performance.js [patients=20000] [bootstrap=200]
 */
import { loadavg } from 'node:os';
import { analyseComparison } from '../analyses/compare/compare-analysis.js';
import { compareRecordsFromCohort } from '../analyses/compare/cohort-records.js';
import { resolveCompareOptions } from '../analyses/compare/compare-options.js';
import { compareTherapies } from '../analyses/compare/compare-therapies.js';
import { buildTrial } from '../analyses/compare/trial-data.js';
import { openStudySource } from '../analyses/core/source.js';
import { generateCohort } from '../datasets/synthetic/generate-cohort.js';
import { withSupportiveTherapies } from '../datasets/synthetic/supportive.js';
import { grantConsent } from '../engine/consent/registry.js';
import { CANONICAL_TABLES } from '../engine/schema.js';
import { CohortStore } from '../engine/store.js';
import { registerStudy } from '../engine/study/study-registry.js';
import { cloneCensorWeight } from '../models/causal/clone-censor-weight.js';
import { bootstrapReplicates } from '../models/causal/tte-bootstrap.js';
import { riskContrasts } from '../models/causal/tte-effects.js';
import { intervalOf } from '../models/causal/tte-grid.js';

const N = Number(process.argv[2] ?? 20000);
const B = Number(process.argv[3] ?? 200);
const seconds = (t: bigint) => (Number(process.hrtime.bigint() - t) / 1e9).toFixed(2);
const mb = () => (process.resourceUsage().maxRSS / 1024).toFixed(0);

console.log(`load average ${loadavg().map((x) => x.toFixed(1)).join(' ')} on ${process.arch}, Node ${process.version}`);
let t = process.hrtime.bigint();
const cohort = withSupportiveTherapies(generateCohort({ seed: 4242, breast: N, prostate: 0, ms: 0 }));
console.log(`cohort of ${N} breast cancer patients with supportive therapies generated in ${seconds(t)} s`);
const base = { diagnosis: 'breast_cancer' as const, treatment: 'structured_exercise', graceDays: 180, outcome: ['fracture'], horizonDays: 1826, covariates: ['age', 'NODES', 'GRADE', 'KI67'] };

for (const strategy of ['initiation', 'sustained'] as const) {
  const o = resolveCompareOptions({ ...base, strategy });
  t = process.hrtime.bigint();
  const records = compareRecordsFromCohort(cohort, o);
  const tRecords = seconds(t);
  t = process.hrtime.bigint();
  const a = analyseComparison(records, o);
  const tAnalysis = seconds(t);
  // clone-intervals: grid intervals each clone is followed in (before merging rows of equal weight)
  const built = buildTrial(records, { outcome: o.outcome, horizonDays: o.horizonDays, covariates: o.covariates, eligibility: [], timeUpdated: [], allowedGapDays: o.allowedGapDays, therapies: ['treatment'] });
  const ccw = cloneCensorWeight(built.patients, { graceDays: 180, horizonDays: 1826, strategy });
  let clonesIntervals = 0;
  for (let r = 0; r < ccw.rows.arm.length; r++) clonesIntervals += intervalOf(ccw.grid, ccw.rows.stop[r]!) - intervalOf(ccw.grid, ccw.rows.start[r]! + 1e-9) + 1;
  const hr = a.estimates[2]!;
  console.log(`${strategy}: ${a.n} patients, ${clonesIntervals.toLocaleString('en')} clone-intervals (${ccw.rows.arm.length.toLocaleString('en')} rows after joining equal weights), censoring-model rows ${ccw.initiation.rows.toLocaleString('en')}${ccw.discontinuation ? ` + ${ccw.discontinuation.rows.toLocaleString('en')}` : ''}`);
  console.log(`  point estimates ${tAnalysis} s (records from memory ${tRecords} s): RD ${a.estimates[0]!.estimate?.toFixed(4)}, HR ${hr.estimate?.toFixed(3)} (${hr.lower?.toFixed(3)}-${hr.upper?.toFixed(3)}), naive ${a.naive.estimate?.toFixed(3)}; peak RSS ${mb()} MB`);
}

// through a study session
t = process.hrtime.bigint();
const store = await CohortStore.open(':memory:');
for (const tb of CANONICAL_TABLES) await store.importRecords(tb, cohort[tb] as never[]);
for (const p of cohort.patients) await grantConsent(store, { pseudonym: p.pseudonym, purpose: 'research-general', effectiveAt: new Date('2000-01-01T00:00:00Z') });
await registerStudy(store, { id: 'PERF', title: 'perf', question: 'exercise and fractures', responsible: 'bench', purpose: 'research-general', approval: 'none' });
console.log(`store with consents and study: ${seconds(t)} s`);
t = process.hrtime.bigint();
const source = await openStudySource(store, 'PERF');
const tOpen = seconds(t);
t = process.hrtime.bigint();
const r = await compareTherapies(source, base);
console.log(`compareTherapies through the session (initiation): ${seconds(t)} s (+ ${tOpen} s to open the session); n ${r.result.n}, HR ${r.result.estimates[2]!.estimate?.toFixed(3)}; ledger entry ${r.ledgerEntry?.seq}; peak RSS ${mb()} MB`);
source.session.close();
store.close();

// bootstrap of the risks
const o = resolveCompareOptions(base);
const built = buildTrial(compareRecordsFromCohort(cohort, o), { outcome: o.outcome, horizonDays: o.horizonDays, covariates: o.covariates, eligibility: [], timeUpdated: [], allowedGapDays: o.allowedGapDays, therapies: ['treatment'] });
const n = built.pseudonyms.length;
t = process.hrtime.bigint();
const bs = bootstrapReplicates(
  n,
  (m) => {
    const c = cloneCensorWeight({ ...built.patients, patientWeights: m }, { graceDays: 180, horizonDays: 1826 });
    const rc = riskContrasts(c.rows, n, 1826);
    return { rt: rc.riskTreatment, rc: rc.riskControl, rd: rc.difference.estimate };
  },
  { replicates: B, seed: 1, onProgress: (d, total) => { if (d % 50 === 0) console.error(`  ${d} of ${total}`); } },
);
const v = Array.from(bs.estimates.rd!).filter(Number.isFinite).sort((x, y) => x - y);
console.log(`${B} bootstrap replicates of the risks: ${seconds(t)} s (${bs.failed} failed); RD percentile interval ${v[Math.floor(0.025 * (v.length - 1))]!.toFixed(4)} to ${v[Math.ceil(0.975 * (v.length - 1))]!.toFixed(4)}; peak RSS ${mb()} MB`);
