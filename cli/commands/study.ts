import { listStudies, publishResult, registerStudy, showStudy, STUDY_ACCESS_LEVELS, type Study, type StudyInput } from '../../analyses/admin/study.js';
import { UsageError } from '../../util/errors.js';
import { checkFlags, choiceFlag, hasFlag, numberFlag, requiredFlag, stringFlag } from '../args.js';
import type { Command } from '../command.js';
import { dbFlag } from '../io.js';
import { jsonText, textTable } from '../output.js';

const SUB = ['register', 'list', 'show', 'publish'] as const;

/** The access level in words, as `study show` and `study list` print it. */
export function accessText(s: Pick<Study, 'access' | 'accessMigrated'>): string {
  if (s.access === 'aggregate') return 'aggregate (only disclosure-controlled aggregates leave)';
  return s.accessMigrated ? 'row-level (migrated: registered before access levels)' : 'row-level (pseudonymized rows may be exported, each export recorded)';
}

export const studyCommand: Command = {
  name: 'study',
  summary: 'Study registry: register a study (question, purpose, approval, disclosure threshold), list, show, publish results',
  help: `Usage: midia study register --db FILE --id ID --title T --question Q --responsible NAME --purpose P --approval REF [flags]
       midia study list --db FILE [--json]
       midia study show --db FILE ID [--json]
       midia study publish --db FILE --study ID --title T --summary S --published-at DATE [--url URL]

Every analysis of a cohort database runs for a registered study (--study ID on
describe, query, table, timeline, km, cox, ...): the study's purpose decides
which patients' consent admits them, its threshold the disclosure control of
every output, its access level what may leave the engine, and each run is
recorded under it in the data-use ledger. Studies are never changed after
registration; published results are appended and shown to patients by
'midia ledger for-patient'.

Access levels (docs/access-levels.md):
  aggregate   the default for new studies: only disclosure-controlled aggregates
              leave (survival curves and models as --db outputs, 'midia query'
              only for counts, sums and means of groups of at least the minimum
              cell count); 'midia table', 'midia timeline', row-level SQL and
              per-patient outputs (ms outcomes rows, ms cluster --assignments)
              are refused
  row-level   approved for pseudonymized row-level research data: row-level
              outputs are allowed and each export is recorded in the ledger
              with its row count (the synthetic study of 'midia generate' is
              registered so). Studies registered before access levels existed
              were migrated as row-level, and 'study show' says so.

register flags:
  --id ID                   1-64 letters, digits, '.', '_', '-'
  --title T, --question Q   the research question, in words a patient can read
  --responsible NAME        person responsible
  --purpose P               consent purpose: research-general (MII Broad Consent) or study:<id>
  --approval REF            ethics approval reference
  --min-cell-count N        smallest count shown in outputs (default 5)
  --allow-individual-times  outputs may show individual event times (default: no)
  --accepts-broad-consent   with --purpose study:<id>: patients with general research
                            consent and no study-specific decision are admitted (default: no)
  --access LEVEL            aggregate (default) | row-level
publish flags:
  --study ID --title T --summary S --published-at DATE (ISO 8601) [--url URL]
`,
  async run(args, io) {
    const sub = args.positional[0];
    if (!sub || !(SUB as readonly string[]).includes(sub)) throw new UsageError(`midia study needs a sub-command: ${SUB.join(', ')}`);
    const json = hasFlag(args, 'json');
    if (sub === 'register') {
      checkFlags(args, ['db', 'id', 'title', 'question', 'responsible', 'purpose', 'approval', 'min-cell-count', 'allow-individual-times', 'accepts-broad-consent', 'access']);
      const input: StudyInput = {
        id: requiredFlag(args, 'id'),
        title: requiredFlag(args, 'title'),
        question: requiredFlag(args, 'question'),
        responsible: requiredFlag(args, 'responsible'),
        purpose: requiredFlag(args, 'purpose'),
        approval: requiredFlag(args, 'approval'),
        allowIndividualTimes: hasFlag(args, 'allow-individual-times'),
        acceptsBroadConsent: hasFlag(args, 'accepts-broad-consent'),
        access: choiceFlag(args, 'access', STUDY_ACCESS_LEVELS, 'aggregate'),
      };
      const min = numberFlag(args, 'min-cell-count');
      if (min !== undefined) input.minCellCount = min;
      const s = await registerStudy(dbFlag(args), input);
      io.stdout.write(json ? jsonText(s) : `registered study ${s.id}: ${s.title} (purpose ${s.purpose}, minimum cell count ${s.minCellCount}, access ${s.access})\n`);
      return 0;
    }
    if (sub === 'publish') {
      checkFlags(args, ['db', 'study', 'title', 'summary', 'url', 'published-at']);
      const input = { title: requiredFlag(args, 'title'), summary: requiredFlag(args, 'summary'), publishedAt: requiredFlag(args, 'published-at') } as { title: string; summary: string; publishedAt: string; url?: string };
      const url = stringFlag(args, 'url');
      if (url !== undefined) input.url = url;
      const p = await publishResult(dbFlag(args), requiredFlag(args, 'study'), input);
      io.stdout.write(json ? jsonText(p) : `published for study ${p.studyId}: ${p.title} (${p.publishedAt})\n`);
      return 0;
    }
    checkFlags(args, ['db']);
    const db = dbFlag(args);
    if (sub === 'list') {
      const studies = await listStudies(db);
      if (json) io.stdout.write(jsonText(studies));
      else io.stdout.write(textTable(['id', 'title', 'purpose', 'responsible', 'approval', 'min cell', 'access', 'registered'], studies.map((s) => [s.id, s.title, s.purpose, s.responsible, s.approval, s.minCellCount, s.accessMigrated ? `${s.access} (migrated)` : s.access, s.registeredAt])));
      return 0;
    }
    const id = args.positional[1];
    if (!id) throw new UsageError('midia study show needs a study ID');
    const { study: s, published } = await showStudy(db, id);
    if (json) io.stdout.write(jsonText({ ...s, published }));
    else {
      io.stdout.write(`${s.id}: ${s.title}\nquestion:     ${s.question}\nresponsible:  ${s.responsible}\npurpose:      ${s.purpose}${s.acceptsBroadConsent ? ' (or broad consent)' : ''}\napproval:     ${s.approval}\ndisclosure:   minimum cell count ${s.minCellCount}, individual times ${s.allowIndividualTimes ? 'allowed' : 'not shown'}\naccess:       ${accessText(s)}\nregistered:   ${s.registeredAt}\n`);
      for (const p of published) io.stdout.write(`published ${p.publishedAt}: ${p.title}: ${p.summary}${p.url ? ` <${p.url}>` : ''}\n`);
    }
    return 0;
  },
};
