/**
 * `midia ms`: multiple sclerosis outcomes and therapy pathways.
 *
 * - `ms cdw`: the scripting contract of issue 6 (visits and relapses CSV files,
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
import { DuckDBInstance } from '../../engine/duckdb.js';
import { suppressSmallCounts1D } from '../../engine/disclosure/suppress-small-counts.js';
import { literal } from '../../engine/sql.js';
import { confirmedDisabilityEvents, type DisabilityEvent, type EdssVisitRow, type RelapseRow } from '../../models/ms/cdw.js';
import { CDW_EVENT_CHOICES, type CdwOptions } from '../../models/ms/cdw-options.js';
import { toDayNumber } from '../../models/ms/day-number.js';
import { nedaStatus, type MriFinding } from '../../models/ms/neda.js';
import { crudeAnnualizedRelapseRate, relapsesInWindows } from '../../models/ms/relapse-rate.js';
import { dmtEpisodes, type TreatmentRecord } from '../../models/ms/pathways/dmt-episodes.js';
import { pathwaySummary } from '../../models/ms/pathways/pathway-summary.js';
import { treatmentStrategies } from '../../models/ms/pathways/treatment-strategy.js';
import { DataValidationError, UsageError } from '../../util/errors.js';
import { checkFlags, choiceFlag, hasFlag, numberFlag, requiredFlag, stringFlag } from '../args.js';
import type { Command, CommandIO, ParsedArgs } from '../command.js';
import { recordRun } from '../io.js';
import { jsonText, textTable, writeLine } from '../output.js';
import { MS_CLUSTER_HELP, runMsCluster } from './ms-cluster.js';
import { MS_COMPARE_HELP, runMsCompare } from './ms-compare.js';
import { groupBy, str, withMsSession } from '../ms-data.js';

const SUB = ['cdw', 'outcomes', 'pathways', 'cluster', 'compare'] as const;
const CDW_FLAGS = ['baseline', 'confirm-days', 'events', 'pira', 'delta-edge'] as const;

/** JSON on one line, NaN/Infinity as null (the `ms cdw --json` contract is one object). */
function compactJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v)) + '\n';
}

/**
 * CDW options from the flags. Defaults are msprog's (Montobbio, R package
 * msprog) except the band edge (5.5, registry convention): see
 * models/ms/cdw-options.ts. `--delta-edge` accepts exactly 5.0 or 5.5.
 */
export function cdwOptionsFromFlags(args: ParsedArgs): CdwOptions {
  const options: CdwOptions = {
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

/** Reads a CSV with every column as text (ids keep leading zeros), checking the required columns. */
async function readTextCsv(file: string, required: readonly string[]): Promise<Record<string, string | null>[]> {
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  try {
    let rows: Record<string, unknown>[];
    try {
      const reader = await conn.runAndReadAll(`SELECT * FROM read_csv(${literal(file)}, header = true, all_varchar = true, nullstr = ['', 'NA'])`);
      rows = reader.getRowObjectsJS() as Record<string, unknown>[];
      const names = reader.columnNames();
      const missing = required.filter((c) => !names.includes(c));
      if (missing.length) throw new DataValidationError([{ file, row: 0, field: missing[0] ?? null, message: `missing column(s) ${missing.join(', ')} (has ${names.join(', ')})` }]);
    } catch (err) {
      if (err instanceof DataValidationError) throw err;
      throw new DataValidationError([{ file, row: 0, field: null, message: err instanceof Error ? err.message : String(err) }], { cause: err });
    }
    return rows.map((r) => {
      const o: Record<string, string | null> = {};
      for (const c of required) {
        const v = r[c];
        o[c] = v === null || v === undefined ? null : String(v).trim();
      }
      return o;
    });
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

function isoOrFail(value: string | null, file: string, row: number, field: string): string {
  if (value === null) throw new DataValidationError([{ file, row, field, message: 'missing date' }]);
  try {
    toDayNumber(value, field);
  } catch {
    throw new DataValidationError([{ file, row, field, message: `not an ISO date (YYYY-MM-DD): ${value}` }]);
  }
  return value;
}

function idOrFail(value: string | null, file: string, row: number): string {
  if (value === null || value === '') throw new DataValidationError([{ file, row, field: 'id', message: 'missing id' }]);
  return value;
}

/** Loads the `--visits` (id, date, edss) and `--relapses` (id, date) files; rows are numbered from 1 after the header. */
async function loadCdwFiles(visitsFile: string, relapsesFile: string | undefined): Promise<{ visits: EdssVisitRow[]; relapses: RelapseRow[] }> {
  const vrows = await readTextCsv(visitsFile, ['id', 'date', 'edss']);
  const visits = vrows.map((r, i): EdssVisitRow => {
    const row = i + 1;
    const e = r.edss;
    let edss: number | null = null;
    if (e !== null && e !== '') {
      edss = Number(e);
      if (!(Number.isFinite(edss) && edss >= 0 && edss <= 10)) throw new DataValidationError([{ file: visitsFile, row, field: 'edss', message: `EDSS must be a number from 0 to 10, got '${e}'` }]);
    }
    return { id: idOrFail(r.id ?? null, visitsFile, row), date: isoOrFail(r.date ?? null, visitsFile, row, 'date'), edss };
  });
  const relapses: RelapseRow[] = relapsesFile
    ? (await readTextCsv(relapsesFile, ['id', 'date'])).map((r, i) => ({ id: idOrFail(r.id ?? null, relapsesFile, i + 1), date: isoOrFail(r.date ?? null, relapsesFile, i + 1, 'date') }))
    : [];
  return { visits, relapses };
}

function eventRows(events: readonly DisabilityEvent[]): (string | number | null)[][] {
  return events.map((e) => [e.id, e.type, e.kind, e.date, e.baselineEdss, e.edss, e.confirmedDate]);
}

async function runCdw(args: ParsedArgs, io: CommandIO): Promise<number> {
  checkFlags(args, ['visits', 'relapses', ...CDW_FLAGS]);
  const visitsFile = requiredFlag(args, 'visits');
  const relapsesFile = requiredFlag(args, 'relapses');
  const options = cdwOptionsFromFlags(args);
  const { visits, relapses } = await loadCdwFiles(visitsFile, relapsesFile);
  const r = confirmedDisabilityEvents(visits, relapses, options);
  for (const w of r.warnings) writeLine(io.stderr, `warning: ${w}`);
  if (hasFlag(args, 'json')) io.stdout.write(compactJson({ events: r.events }));
  else if (r.events.length === 0) io.stdout.write('No confirmed events.\n');
  else io.stdout.write(textTable(['id', 'type', 'kind', 'date', 'baselineEdss', 'edss', 'confirmedDate'], eventRows(r.events)));
  return 0;
}

type Row = Record<string, string | number | boolean | null>;

/** A count shown only when at least the threshold (0 is shown). */
function suppressed(counts: readonly number[], threshold: number): (number | null)[] {
  return suppressSmallCounts1D(counts, { threshold }).counts;
}

async function runOutcomes(args: ParsedArgs, io: CommandIO): Promise<number> {
  checkFlags(args, ['db', 'study', 'purpose', 'include-onset-relapse', ...CDW_FLAGS]);
  const options = cdwOptionsFromFlags(args);
  // follow-up relapses: after the index date unless --include-onset-relapse (models/ms/follow-up-relapse.ts)
  const relapseRule = { includeIndexRelapses: hasFlag(args, 'include-onset-relapse') };
  await withMsSession(args, io, async (session) => {
    const threshold = session.disclosure.threshold;
    const showDates = session.disclosure.allowIndividualTimes;
    // Per-patient rows (with follow-up years that give exact days) only for row-level studies (docs/access-levels.md).
    const rowLevel = session.disclosure.access === 'row-level';
    const patients = await session.queryRows(
      `SELECT p.pseudonym, CAST(p.index_date AS VARCHAR) AS start,
              CAST(greatest(coalesce(p.last_contact, p.index_date), coalesce((SELECT max(o.date) FROM observations o WHERE o.pseudonym = p.pseudonym AND o.code = 'EDSS'), p.index_date)) AS VARCHAR) AS stop
         FROM patients p
        WHERE p.diagnosis = 'multiple_sclerosis' OR EXISTS (SELECT 1 FROM observations o WHERE o.pseudonym = p.pseudonym AND o.code = 'EDSS')
        ORDER BY p.pseudonym`,
    );
    const edss = await session.queryRows(`SELECT pseudonym, CAST(date AS VARCHAR) AS date, value FROM observations WHERE code = 'EDSS' ORDER BY pseudonym, date`);
    const rel = await session.queryRows(`SELECT pseudonym, CAST(date AS VARCHAR) AS date FROM events WHERE type = 'relapse' ORDER BY pseudonym, date`);
    const mri = await session.queryRows(
      `SELECT pseudonym, CAST(date AS VARCHAR) AS date,
              max(CASE WHEN code IN ('T2_NEW', 'T2_NEW_ENLARGING', 'T2_ENLARGING') THEN value END) AS new_t2,
              max(CASE WHEN code IN ('GD_ENHANCING', 'GD') THEN value END) AS gd
         FROM events WHERE type = 'mri' GROUP BY pseudonym, date ORDER BY pseudonym, date`,
    );
    const visits: EdssVisitRow[] = edss.map((r) => ({ id: String(r.pseudonym), date: String(r.date), edss: typeof r.value === 'number' ? r.value : null }));
    const relapses: RelapseRow[] = rel.map((r) => ({ id: String(r.pseudonym), date: String(r.date) }));
    const cdw = confirmedDisabilityEvents(visits, relapses, options);
    const eventsById = groupBy(cdw.events, (e) => e.id);
    const relById = groupBy(relapses, (r) => r.id);
    const mriById = groupBy(mri, (r) => String(r.pseudonym));
    const windows = patients.map((p) => ({ id: String(p.pseudonym), start: String(p.start), end: String(p.stop) }));
    const arr = relapsesInWindows(windows, relapses, relapseRule);
    const perPatient = patients.map((p, i) => {
      const id = String(p.pseudonym);
      const ev = eventsById.get(id) ?? [];
      const firstCdw = ev.find((e) => e.type === 'CDW') ?? null;
      const firstCdi = ev.find((e) => e.type === 'CDI') ?? null;
      const mriRows: MriFinding[] = (mriById.get(id) ?? []).map((m: Row) => ({ date: String(m.date), newT2: typeof m.new_t2 === 'number' ? m.new_t2 : null, gdEnhancing: typeof m.gd === 'number' ? m.gd : null }));
      const neda = nedaStatus({ relapses: (relById.get(id) ?? []).map((r) => r.date), mri: mriRows, cdw: ev.filter((e) => e.type === 'CDW') }, String(p.start), String(p.stop), relapseRule);
      const a = arr[i] as (typeof arr)[number];
      return {
        id,
        cdw: firstCdw !== null,
        cdwKind: firstCdw?.kind ?? null,
        cdwDate: showDates ? (firstCdw?.date ?? null) : undefined,
        cdwEvents: ev.filter((e) => e.type === 'CDW').length,
        cdi: firstCdi !== null,
        cdiDate: showDates ? (firstCdi?.date ?? null) : undefined,
        relapses: a.relapses,
        years: a.years,
        arr: a.rate,
        neda: neda.neda,
        nedaLossDate: showDates ? neda.lossDate : undefined,
      };
    });
    const count = (f: (p: (typeof perPatient)[number]) => boolean): number => perPatient.filter(f).length;
    const crude = perPatient.length > 0 && arr.some((a) => a.years > 0) ? crudeAnnualizedRelapseRate(arr) : null;
    const [cdwN, pira, raw, cdiN, nedaYes, nedaNo, nedaUnknown] = suppressed(
      [count((p) => p.cdw), count((p) => p.cdwKind === 'PIRA'), count((p) => p.cdwKind === 'RAW'), count((p) => p.cdi), count((p) => p.neda === true), count((p) => p.neda === false), count((p) => p.neda === null)],
      threshold,
    );
    const n = perPatient.length >= threshold || perPatient.length === 0 ? perPatient.length : null;
    const summary = {
      patients: n,
      withCdw: cdwN ?? null,
      firstCdwPira: pira ?? null,
      firstCdwRaw: raw ?? null,
      withCdi: cdiN ?? null,
      neda: { yes: nedaYes ?? null, no: nedaNo ?? null, unknown: nedaUnknown ?? null },
      // A relapse count below the threshold is hidden, and with it the rate it gives.
      crudeArr: crude && n !== null && !(crude.events > 0 && crude.events < threshold) ? { rate: crude.rate, lower: crude.lower, upper: crude.upper, relapses: crude.events, years: crude.years } : null,
      threshold,
      access: session.disclosure.access,
    };
    await recordRun(session, 'ms outcomes', args, { patients: perPatient.length, withCdw: count((p) => p.cdw), access: session.disclosure.access, rows: rowLevel ? perPatient.length : 0 }, perPatient.map((p) => p.id));
    const warnings = [...cdw.warnings];
    if (!rowLevel) warnings.push(`per-patient rows left out: study ${session.study} has access level aggregate (only the summary leaves)`);
    else if (!showDates) warnings.push('dates left out: the study does not allow individual times');
    if (hasFlag(args, 'json')) io.stdout.write(jsonText({ summary, ...(rowLevel ? { patients: perPatient } : {}), options: { ...cdw.options, ...relapseRule }, warnings }));
    else {
      for (const w of warnings) writeLine(io.stderr, `warning: ${w}`);
      if (rowLevel) {
        io.stdout.write(
          textTable(
            ['id', 'cdw', 'kind', 'cdi', 'relapses', 'years', 'arr', 'neda', ...(showDates ? ['cdwDate', 'cdiDate'] : [])],
            perPatient.map((p) => [p.id, p.cdw, p.cdwKind, p.cdi, p.relapses, p.years, p.arr, p.neda, ...(showDates ? [p.cdwDate ?? null, p.cdiDate ?? null] : [])]),
          ),
        );
        io.stdout.write('\n');
      }
      io.stdout.write(`patients ${summary.patients ?? `<${threshold}`}; with CDW ${summary.withCdw ?? 'suppressed'} (PIRA ${summary.firstCdwPira ?? 'suppressed'}, RAW ${summary.firstCdwRaw ?? 'suppressed'}); with CDI ${summary.withCdi ?? 'suppressed'}\n`);
      if (summary.crudeArr) io.stdout.write(`crude ARR ${summary.crudeArr.rate.toFixed(3)} (95% CI ${summary.crudeArr.lower.toFixed(3)}-${summary.crudeArr.upper.toFixed(3)})\n`);
    }
  });
  return 0;
}

/** A labelled 1D table of counts with small counts suppressed. */
function disclosedCounts(labels: readonly string[], counts: readonly number[], threshold: number): { label: string; count: number | null }[] {
  const s = suppressed(counts, threshold);
  return labels.map((label, i) => ({ label, count: s[i] ?? null }));
}

function tally(values: readonly string[]): { labels: string[]; counts: number[] } {
  const m = new Map<string, number>();
  for (const v of values) m.set(v, (m.get(v) ?? 0) + 1);
  const entries = [...m.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  return { labels: entries.map((e) => e[0]), counts: entries.map((e) => e[1]) };
}

async function runPathways(args: ParsedArgs, io: CommandIO): Promise<number> {
  checkFlags(args, ['db', 'study', 'purpose', 'gap-days', 'switch-gap-days', 'by', 'strategy']);
  const strategy = choiceFlag(args, 'strategy', ['harding2019', 'he2020'] as const, 'harding2019');
  const gapDays = numberFlag(args, 'gap-days', 90) as number;
  const switchGapDays = numberFlag(args, 'switch-gap-days', 90) as number;
  const by = choiceFlag(args, 'by', ['drug', 'efficacy', 'dgnClass'] as const, 'drug');
  await withMsSession(args, io, async (session) => {
    const threshold = session.disclosure.threshold;
    const rows = await session.queryRows(
      `SELECT pseudonym, CAST(start AS VARCHAR) AS start, CAST(stop AS VARCHAR) AS stop, substance, stop_reason
         FROM treatments
        WHERE intent = 'disease_modifying' OR class IN ('dmt_moderate', 'dmt_high')
        ORDER BY pseudonym, start, substance`,
    );
    const records: TreatmentRecord[] = rows.map((r) => ({ id: String(r.pseudonym), drug: String(r.substance), start: String(r.start), stop: str(r.stop), stopReason: str(r.stop_reason) }));
    const ep = dmtEpisodes(records, { gapDays, switchGapDays });
    const summary = pathwaySummary(ep.episodes, { by });
    // he2020 measures from disease onset; the store's index date is taken as onset (MS registries enrol at onset or diagnosis)
    const onsets = strategy === 'he2020' ? new Map((await session.queryRows('SELECT pseudonym, CAST(index_date AS VARCHAR) AS onset FROM patients')).map((r) => [String(r.pseudonym), String(r.onset)])) : undefined;
    const strategies = treatmentStrategies(ep.episodes, { definition: strategy, ...(onsets ? { onsets } : {}) });
    const patientsN = new Set(ep.episodes.map((e) => e.id)).size;
    const linkCounts = suppressed(summary.links.map((l) => l.count), threshold);
    const links = summary.links.map((l, i) => ({ source: l.source, target: l.target, fromLine: l.fromLine, count: linkCounts[i] ?? null }));
    const lines = summary.lines.map((l) => {
      const completed = l.n - l.ongoing;
      const show = completed >= threshold;
      return { line: l.line, n: l.n >= threshold ? l.n : null, ongoing: l.ongoing >= threshold || l.ongoing === 0 ? l.ongoing : null, medianDays: show ? l.medianDays : null, q1Days: show ? l.q1Days : null, q3Days: show ? l.q3Days : null };
    });
    const drugs = tally(ep.episodes.map((e) => e.drug));
    const switchKinds = tally(ep.transitions.map((t) => `${t.type}:${t.direction ?? 'unclassified'}`));
    const reasons = tally(ep.transitions.map((t) => t.stopReason ?? 'unknown'));
    const strat = tally(strategies.map((s) => s.strategy ?? 'undetermined'));
    const result = {
      patients: patientsN >= threshold || patientsN === 0 ? patientsN : null,
      episodes: ep.episodes.length >= threshold || ep.episodes.length === 0 ? ep.episodes.length : null,
      episodesByDrug: disclosedCounts(drugs.labels, drugs.counts, threshold),
      transitions: disclosedCounts(switchKinds.labels, switchKinds.counts, threshold),
      stopReasons: disclosedCounts(reasons.labels, reasons.counts, threshold),
      strategies: disclosedCounts(strat.labels, strat.counts, threshold),
      sankey: { nodes: summary.nodes, links },
      timeOnLine: lines,
      options: { gapDays, switchGapDays, by, strategy, classMap: 'DGN 2021 (models/ms/pathways/drug-classes.ts)' },
      threshold,
      warnings: [...ep.warnings.filter((w) => w.startsWith('drugs without a class')), ...summary.warnings, ...(ep.warnings.some((w) => !w.startsWith('drugs without a class')) ? [`${ep.warnings.filter((w) => !w.startsWith('drugs without a class')).length} patient-level overlap warning(s) (not shown: individual data)`] : [])],
    };
    await recordRun(session, 'ms pathways', args, { patients: patientsN, episodes: ep.episodes.length, transitions: ep.transitions.length }, [...new Set(ep.episodes.map((e) => e.id))]);
    if (hasFlag(args, 'json')) io.stdout.write(jsonText(result));
    else {
      for (const w of result.warnings) writeLine(io.stderr, `warning: ${w}`);
      const c = (v: number | null): string | number => v ?? `<${threshold}`;
      io.stdout.write(`patients ${c(result.patients)}, episodes ${c(result.episodes)} (counts below ${threshold} suppressed)\n\nTransitions (line k -> k+1):\n`);
      io.stdout.write(textTable(['source', 'target', 'count'], links.map((l) => [l.source, l.target, c(l.count)])));
      io.stdout.write('\nSwitch types:\n');
      io.stdout.write(textTable(['type', 'count'], result.transitions.map((t) => [t.label, c(t.count)])));
      io.stdout.write('\nTime on line (days, completed episodes):\n');
      io.stdout.write(textTable(['line', 'n', 'ongoing', 'median', 'q1', 'q3'], lines.map((l) => [l.line, c(l.n), c(l.ongoing), l.medianDays, l.q1Days, l.q3Days])));
    }
  });
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
    if (sub === 'cluster') return runMsCluster(args, io);
    if (sub === 'compare') return runMsCompare(args, io);
    return runPathways(args, io);
  },
};
