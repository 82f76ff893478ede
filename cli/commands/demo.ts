import { openSession } from '../../engine/access.js';
import { patientTable } from '../../engine/analysis-table.js';
import { describeCohort } from '../../engine/describe.js';
import { CANONICAL_TABLES } from '../../engine/schema.js';
import { CohortStore } from '../../engine/store.js';
import { generateCohort } from '../../datasets/index.js';
import { checkFlags, hasFlag, numberFlag } from '../args.js';
import type { Command } from '../command.js';
import { jsonText, progressBar, textTable } from '../output.js';
import { formatDescription } from './describe.js';

export const demoCommand: Command = {
  name: 'demo',
  summary: 'The main job on the embedded default: build the synthetic cohort in-process and describe it',
  help: `Usage: midia demo [--seed N] [--json]

Generates the seeded synthetic cohort (breast cancer, prostate cancer and MS
patients), imports it into an in-process DuckDB store (no server, no file),
and prints its description and a first time-to-event summary. This is what
'npm start' runs.
`,
  async run(args, io) {
    checkFlags(args, ['seed']);
    const seed = numberFlag(args, 'seed');
    const progress = progressBar(io.stderr, io.showProgress);
    const t0 = performance.now();
    const cohort = generateCohort(seed === undefined ? {} : { seed });
    const store = await CohortStore.open(':memory:');
    try {
      for (const [i, table] of CANONICAL_TABLES.entries()) {
        await store.importRecords(table, cohort[table] as never[], { source: 'synthetic' });
        progress({ step: 'import synthetic cohort', done: i + 1, total: CANONICAL_TABLES.length });
      }
      const session = await openSession(store, { onProgress: progress });
      try {
        const description = await describeCohort(session);
        const endpoints = [
          { diagnosis: 'breast_cancer', label: 'breast cancer: recurrence or death', events: ['local_recurrence', 'regional_recurrence', 'distant_metastasis', 'death'] },
          { diagnosis: 'prostate_cancer', label: 'prostate cancer: biochemical recurrence', events: ['biochemical_recurrence'] },
          { diagnosis: 'multiple_sclerosis', label: 'MS: first relapse', events: ['relapse'] },
        ] as const;
        const summaries = [];
        for (const e of endpoints) {
          const t = await patientTable(session, { diagnosis: e.diagnosis, endpoint: { events: e.events }, timeUnit: 'years' });
          const time = t.time as Float64Array;
          const status = t.status as Float64Array;
          let events = 0;
          let years = 0;
          for (let i = 0; i < time.length; i++) {
            events += status[i] === 1 ? 1 : 0;
            years += time[i] as number;
          }
          summaries.push({ endpoint: e.label, patients: time.length, events, personYears: Math.round(years * 10) / 10, ratePer100: Math.round((events / years) * 1000) / 10 });
        }
        const seconds = (performance.now() - t0) / 1000;
        if (hasFlag(args, 'json')) io.stdout.write(jsonText({ description, endpoints: summaries, seconds }));
        else {
          io.stdout.write(`MIDIA Hub demo: synthetic cohort (seed ${seed ?? 'default'}) in an in-process DuckDB store\n\n`);
          io.stdout.write(formatDescription(description));
          io.stdout.write('\nTime to first event (censored at last follow-up)\n');
          io.stdout.write(textTable(['endpoint', 'patients', 'events', 'person-years', 'rate/100 py'], summaries.map((s) => [s.endpoint, s.patients, s.events, s.personYears, s.ratePer100])));
          io.stdout.write(`\nDone in ${seconds.toFixed(1)} s.\n`);
        }
      } finally {
        session.close();
      }
    } finally {
      await store.close();
    }
    return 0;
  },
};
