/**
 * `midia ms`: multiple sclerosis outcomes and therapy pathways.
 *
 * - `ms cdw`: a scripting contract (docs/ms-outcomes.md; visits and relapses CSV files,
 *   no database): confirmed disability worsening / improvement events.
 * - `ms outcomes`: per-patient CDW/CDI/ARR/NEDA-3 from a cohort database, for a
 *   registered study (consent gate, ledger, disclosure control).
 * - `ms pathways`: DMT episodes, switches and Sankey-ready transitions from a
 *   cohort database, aggregated with small counts suppressed.
 * - `ms cluster` (ms-cluster.ts): therapy-response clusters, quality and
 *   disclosed cluster profiles.
 * - `ms compare` (ms-compare.ts): propensity-score comparison of two DMTs or
 *   classes (IPTW or matching), balance, weighted effects, subgroups.
 */
import { CDW_EVENT_CHOICES, runMsCdw, type DisabilityEvent, type MsCdwOptions } from '../../analyses/ms/cdw.js';
import { runMsOutcomes } from '../../analyses/ms/outcomes.js';
import { runMsPathways } from '../../analyses/ms/pathways.js';
import { PATHWAYS_DEFAULTS } from '../../analyses/ms/pathways-settings.js';
import { UsageError } from '../../util/errors.js';
import { checkFlags, choiceFlag, hasFlag, numberFlag, requiredFlag, stringFlag } from '../args.js';
import type { Command, CommandIO, ParsedArgs } from '../command.js';
import { runParameters } from '../io.js';
import { withMsSource } from '../ms-data.js';
import { compactJsonText, jsonText, textTable, writeLine } from '../output.js';
import { MS_CLUSTER_HELP, runMsClusterCommand } from './ms-cluster.js';
import { MS_COMPARE_HELP, runMsCompareCommand } from './ms-compare.js';

const SUB = ['cdw', 'outcomes', 'pathways', 'cluster', 'compare'] as const;
const CDW_FLAGS = ['baseline', 'confirm-days', 'events', 'pira', 'delta-edge'] as const;


/**
 * CDW options from the flags. Defaults are msprog's (Montobbio, R package
 * msprog) except the band edge (5.5, registry convention): see
 * models/ms/cdw-options.ts. `--delta-edge` accepts exactly 5.0 or 5.5.
 */
export function cdwOptionsFromFlags(args: ParsedArgs): MsCdwOptions {
  const options: MsCdwOptions = {
    baseline: choiceFlag(args, 'baseline', ['fixed', 'roving'] as const, 'fixed'),
    events: choiceFlag(args, 'events', CDW_EVENT_CHOICES, 'first'),
    pira: choiceFlag(args, 'pira', ['muller2023', 'kappos2020'] as const, 'muller2023'),
  };
  const confirm = numberFlag(args, 'confirm-days');
  if (confirm !== undefined) {
    if (!(Number.isInteger(confirm) && confirm > 0)) throw new UsageError(`--confirm-days must be a positive whole number of days, got ${confirm}`);
    options.confirmDays = confirm;
  }
  const edge = numberFlag(args, 'delta-edge');
  if (edge !== undefined) {
    if (edge !== 5 && edge !== 5.5) throw new UsageError(`--delta-edge must be 5.0 or 5.5, got ${stringFlag(args, 'delta-edge')}`);
    options.deltaEdge = edge;
  }
  return options;
}

function eventRows(events: readonly DisabilityEvent[]): (string | number | null)[][] {
  return events.map((e) => [e.id, e.type, e.kind, e.date, e.baselineEdss, e.edss, e.confirmedDate]);
}

async function runCdw(args: ParsedArgs, io: CommandIO): Promise<number> {
  checkFlags(args, ['visits', 'relapses', ...CDW_FLAGS]);
  const visitsFile = requiredFlag(args, 'visits');
  const relapsesFile = requiredFlag(args, 'relapses');
  const r = await runMsCdw({ visitsFile, relapsesFile }, cdwOptionsFromFlags(args));
  for (const w of r.warnings) writeLine(io.stderr, `warning: ${w}`);
  const events = r.result.events;
  if (hasFlag(args, 'json')) io.stdout.write(compactJsonText({ events }));
  else if (events.length === 0) io.stdout.write('No confirmed events.\n');
  else io.stdout.write(textTable(['id', 'type', 'kind', 'date', 'baselineEdss', 'edss', 'confirmedDate'], eventRows(events)));
  return 0;
}

async function runOutcomes(args: ParsedArgs, io: CommandIO): Promise<number> {
  checkFlags(args, ['db', 'study', 'purpose', 'include-onset-relapse', ...CDW_FLAGS]);
  const options = { ...cdwOptionsFromFlags(args), includeOnsetRelapse: hasFlag(args, 'include-onset-relapse') };
  const r = await withMsSource(args, io, (source) => runMsOutcomes(source, options, { parameters: runParameters(args) }));
  const { summary, patients } = r.result;
  if (hasFlag(args, 'json')) {
    io.stdout.write(jsonText({ summary, ...(patients ? { patients } : {}), options: r.result.options, warnings: r.warnings }));
    return 0;
  }
  for (const w of r.warnings) writeLine(io.stderr, `warning: ${w}`);
  const threshold = summary.threshold;
  if (patients) {
    const showDates = patients.some((p) => p.cdwDate !== undefined);
    io.stdout.write(
      textTable(
        ['id', 'cdw', 'kind', 'cdi', 'relapses', 'years', 'arr', 'neda', ...(showDates ? ['cdwDate', 'cdiDate'] : [])],
        patients.map((p) => [p.id, p.cdw, p.cdwKind, p.cdi, p.relapses, p.years, p.arr, p.neda, ...(showDates ? [p.cdwDate ?? null, p.cdiDate ?? null] : [])]),
      ),
    );
    io.stdout.write('\n');
  }
  io.stdout.write(`patients ${summary.patients ?? `<${threshold}`}; with CDW ${summary.withCdw ?? 'suppressed'} (PIRA ${summary.firstCdwPira ?? 'suppressed'}, RAW ${summary.firstCdwRaw ?? 'suppressed'}); with CDI ${summary.withCdi ?? 'suppressed'}\n`);
  if (summary.crudeArr) io.stdout.write(`crude ARR ${summary.crudeArr.rate.toFixed(3)} (95% CI ${summary.crudeArr.lower.toFixed(3)}-${summary.crudeArr.upper.toFixed(3)})\n`);
  return 0;
}

async function runPathways(args: ParsedArgs, io: CommandIO): Promise<number> {
  checkFlags(args, ['db', 'study', 'purpose', 'gap-days', 'switch-gap-days', 'by', 'strategy']);
  const options = {
    strategy: choiceFlag(args, 'strategy', ['harding2019', 'he2020'] as const, PATHWAYS_DEFAULTS.strategy),
    gapDays: numberFlag(args, 'gap-days', PATHWAYS_DEFAULTS.gapDays) as number,
    switchGapDays: numberFlag(args, 'switch-gap-days', PATHWAYS_DEFAULTS.switchGapDays) as number,
    by: choiceFlag(args, 'by', ['drug', 'efficacy', 'dgnClass'] as const, PATHWAYS_DEFAULTS.by),
  };
  const { result } = await withMsSource(args, io, (source) => runMsPathways(source, options, { parameters: runParameters(args) }));
  if (hasFlag(args, 'json')) {
    io.stdout.write(jsonText(result));
    return 0;
  }
  const threshold = result.threshold;
  for (const w of result.warnings) writeLine(io.stderr, `warning: ${w}`);
  const c = (v: number | null): string | number => v ?? `<${threshold}`;
  io.stdout.write(`patients ${c(result.patients)}, episodes ${c(result.episodes)} (counts below ${threshold} suppressed)\n\nTransitions (line k -> k+1):\n`);
  io.stdout.write(textTable(['source', 'target', 'count'], result.sankey.links.map((l) => [l.source, l.target, c(l.count)])));
  io.stdout.write('\nSwitch types:\n');
  io.stdout.write(textTable(['type', 'count'], result.transitions.map((t) => [t.label, c(t.count)])));
  io.stdout.write('\nTime on line (days, completed episodes):\n');
  io.stdout.write(textTable(['line', 'n', 'ongoing', 'median', 'q1', 'q3'], result.timeOnLine.map((l) => [l.line, c(l.n), c(l.ongoing), l.medianDays, l.q1Days, l.q3Days])));
  return 0;
}

export const msCommand: Command = {
  name: 'ms',
  summary: 'Multiple sclerosis: confirmed disability events (cdw), per-patient outcomes, therapy pathways, response clusters, therapy comparisons',
  help: `Usage: midia ms cdw --visits FILE --relapses FILE [--baseline fixed|roving] [--confirm-days 84]
                   [--events first|firsteach|firstCDW|firstCDWtype|firstany|multiple]
                   [--pira muller2023|kappos2020] [--delta-edge 5.0|5.5] [--json]
       midia ms outcomes --db FILE --study ID [cdw flags] [--include-onset-relapse] [--json]
       midia ms pathways --db FILE --study ID [--gap-days 90] [--switch-gap-days 90] [--by drug|efficacy|dgnClass]
                        [--strategy harding2019|he2020] [--json]
       midia ms cluster --db FILE --study ID [--method gmm|kmeans|grid-pam|dtw-pam|lcgm|sequence] [--k K | --k-max 6] [--json]
       midia ms compare --db FILE --study ID --treatment A --control B [--by drug|class] [--outcome relapse|cdw|arr]
                        [--method iptw|match] [--json]

cdw: confirmed disability worsening (CDW) and improvement (CDI) on the EDSS.
  --visits FILE      CSV with columns id, date (ISO), edss (empty = not assessed)
  --relapses FILE    CSV with columns id, date (ISO relapse onsets; may have no rows)
  --baseline         fixed (default, msprog) or roving (reference moves to each confirmation)
  --confirm-days     days from onset to confirmation (default 84; tolerance -7/+730.5 days as msprog)
  --events           which events to list (the scan is the same for all; msprog's event option):
                       first (default): the first CDW and the first CDI
                       firsteach: the same (msprog's name)
                       firstCDW (alias firstprog, msprog's default): the first CDW only
                       firstCDWtype (alias firstprogtype): the first CDW of each kind
                         (PIRA, RAW, neither), in date order
                       firstany: only the very first event, CDW or CDI (msprog's 'first')
                       multiple: every event
  --pira             muller2023 (default, msprog) or kappos2020 relapse-free windows
  --delta-edge       upper EDSS of the +1.0 band: 5.5 (default, registry convention) or 5.0 (msprog)
  EDSS within 30 days after a relapse onset is neither baseline nor confirmation, but a
  change must hold at every visit from its onset to its confirmation, such visits included
  (msprog).
  --json prints {"events":[{"id","type":"CDW|CDI","kind":"PIRA|RAW|null","date","baselineEdss","edss","confirmedDate"}]}.

outcomes: per patient the first CDW (kind) and CDI, relapses, follow-up years, ARR and
  NEDA-3 over follow-up (index date to last contact), from EDSS observations (code EDSS),
  relapse events and MRI events (T2_NEW, GD_ENHANCING); dates only when the study
  allows individual times; summary counts below the study threshold suppressed (the crude
  ARR too when it rests on fewer relapses). Per-patient rows only for row-level studies
  (recorded in the ledger with their row count); an aggregate study gets the summary only
  (--json: {"summary","options","warnings"}, no "patients").
  Relapses count from the day after the index date: the onset relapse on the index date
  is not a follow-up relapse (ARR, crude ARR, NEDA-3; docs/ms-outcomes.md).
  --include-onset-relapse  count a relapse on the index date too

pathways: DMT episodes (same drug within --gap-days continues), switches (a new drug
  within --switch-gap-days of a stop; longer = discontinuation) labelled escalation /
  lateral / de-escalation by DGN 2021 efficacy class, strategies (--strategy harding2019,
  default: high-efficacy first line = early intensive; he2020: high efficacy within 2 years
  of onset, the patient's index date taken as onset),
  Sankey links line k -> k+1 and time on each line; counts below the study threshold
  suppressed (engine/disclosure suppressSmallCounts1D).

${MS_CLUSTER_HELP}
${MS_COMPARE_HELP}`,
  async run(args, io) {
    const sub = args.positional[0];
    if (!sub || !(SUB as readonly string[]).includes(sub)) throw new UsageError(`midia ms needs a sub-command: ${SUB.join(', ')}`);
    if (sub === 'cdw') return runCdw(args, io);
    if (sub === 'outcomes') return runOutcomes(args, io);
    if (sub === 'cluster') return runMsClusterCommand(args, io);
    if (sub === 'compare') return runMsCompareCommand(args, io);
    return runPathways(args, io);
  },
};
