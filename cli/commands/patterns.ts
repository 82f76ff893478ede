/**
 * `midia patterns mine|rules|compare`: parses the flags (patterns-flags.ts),
 * calls one analysis of analyses/patterns/ (sequences from an event file or
 * from a study's store, mining, disclosure, ledger) and prints tables or
 * JSON; a figure is drawn from the result (charts/, render/). Definitions and
 * the JSON documents in docs/patterns.md. `mine --json` is a contract.
 */
import { extname, resolve } from 'node:path';
import type { AnalysisResult } from '../../analyses/core/run-analysis.js';
import { runComparePatterns } from '../../analyses/patterns/compare.js';
import { runMinePatterns } from '../../analyses/patterns/mine.js';
import { runPatternRules } from '../../analyses/patterns/rules.js';
import type { FigureSpec } from '../../charts/types.js';
import { formatPattern, type MiningOptions, type PAdjustMethod } from '../../analyses/patterns/options.js';
import { UsageError } from '../../util/errors.js';
import { checkFlags, choiceFlag, hasFlag, numberFlag, requiredFlag, stringFlag } from '../args.js';
import type { Command, CommandIO, ParsedArgs } from '../command.js';
import { runParameters } from '../io.js';
import { textTable, writeLine, type Cell } from '../output.js';
import { SEQUENCE_FLAGS, selectionFromFlags, sequenceOptionsFromFlags, withPatternSource } from './patterns-flags.js';

const SUB = ['mine', 'rules', 'compare'] as const;

/** One line of JSON, NaN and Infinity as null (the `mine --json` contract is one object). */
function compactJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v)) + '\n';
}

/** Writes a figure to .html or .png (`--figure`). */
async function writeFigure(spec: FigureSpec, out: string): Promise<string> {
  const path = resolve(out);
  if (extname(out).toLowerCase() === '.html') {
    const { writeFile } = await import('node:fs/promises');
    const { figureHtml } = await import('../../render/figure-html.js');
    await writeFile(path, figureHtml(spec), 'utf8');
  } else {
    const { figureToPng } = await import('../../render/png.js');
    await figureToPng(spec, path);
  }
  return path;
}

function figureFlag(args: ParsedArgs): string | undefined {
  const out = stringFlag(args, 'figure');
  if (out !== undefined && !['.html', '.png'].includes(extname(out).toLowerCase())) throw new UsageError(`--figure must end in .html or .png, got ${out}`);
  return out;
}

function describeSupport(r: { sequences: number | null; minSupport: number | null }, options: MiningOptions): string {
  if (r.sequences === null) return 'fewer sequences than the study\'s minimum cell count: counts hidden';
  const ms = options.minSupport;
  const how = 'count' in ms ? `${ms.count} sequences` : `${ms.text ?? ms.share} x ${r.sequences}, rounded up`;
  return `${r.sequences} sequences; minimum support ${r.minSupport} (${how})`;
}

/** Warnings to stderr; the disclosure line (study runs). */
function report(io: CommandIO, r: AnalysisResult<{ warnings: readonly string[]; withheld: number }>): void {
  for (const w of r.warnings) writeLine(io.stderr, `warning: ${w}`);
  if (r.disclosure) writeLine(io.stderr, `disclosure control: minimum cell count ${r.disclosure.threshold}; ${r.result.withheld} withheld`);
}

const disclosureJson = (r: AnalysisResult<{ withheld: number }>) => (r.disclosure ? { disclosure: { threshold: r.disclosure.threshold, withheld: r.result.withheld } } : {});

async function runMine(args: ParsedArgs, io: CommandIO): Promise<number> {
  checkFlags(args, [...SEQUENCE_FLAGS, 'closed', 'maximal', 'figure']);
  const o = { ...sequenceOptionsFromFlags(args), selection: selectionFromFlags(args) };
  const figure = figureFlag(args);
  const r = await withPatternSource(args, io, (source) => runMinePatterns(source, o, { parameters: runParameters(args) }));
  const m = r.result;
  report(io, r);
  if (figure && m.patterns.length && m.sequences !== null) {
    const { patternSupportFigure } = await import('../../charts/pattern-support-figure.js');
    writeLine(io.stderr, `figure: ${await writeFigure(patternSupportFigure(m.patterns, { title: `Frequent patterns (${m.sequences} sequences)` }), figure)}`);
  }
  if (hasFlag(args, 'json')) {
    io.stdout.write(compactJson({ patterns: m.patterns, sequences: m.sequences, ...disclosureJson(r) }));
    return 0;
  }
  const kind = o.selection === 'all' ? 'frequent patterns' : `${o.selection} frequent patterns (of ${m.frequent})`;
  const all = m.patterns.length === m.selected && o.top === undefined;
  io.stdout.write(`${describeSupport(m, o.mining)}; ${all ? '' : 'showing '}${m.patterns.length} ${kind}\n\n`);
  io.stdout.write(textTable(['pattern', 'support', 'share'], m.patterns.map((d) => [formatPattern(d.pattern), d.support, d.share])));
  return 0;
}

async function runRules(args: ParsedArgs, io: CommandIO): Promise<number> {
  checkFlags(args, [...SEQUENCE_FLAGS, 'min-confidence', 'consequent']);
  const base = sequenceOptionsFromFlags(args);
  const minConfidence = numberFlag(args, 'min-confidence') ?? 0;
  if (!(minConfidence >= 0 && minConfidence <= 1)) throw new UsageError(`--min-confidence must be in [0, 1], got ${stringFlag(args, 'min-confidence')}`);
  const consequent = choiceFlag(args, 'consequent', ['any', 'last'] as const, 'any');
  const r = await withPatternSource(args, io, (source) => runPatternRules(source, { ...base, minConfidence, consequent }, { parameters: runParameters(args) }));
  const x = r.result;
  report(io, r);
  if (hasFlag(args, 'json')) {
    io.stdout.write(compactJson({ rules: x.rules, sequences: x.sequences, minSupport: x.minSupport, minConfidence, consequent, ...disclosureJson(r) }));
    return 0;
  }
  io.stdout.write(`${describeSupport(x, base.mining)}; ${x.rules.length} rules with confidence >= ${minConfidence}\n\n`);
  io.stdout.write(textTable(['rule', 'support', 'confidence', 'lift'], x.rules.map((d) => [`${formatPattern(d.antecedent)} => ${formatPattern(d.consequent)}`, d.support, d.confidence, d.lift])));
  return 0;
}

async function runCompare(args: ParsedArgs, io: CommandIO): Promise<number> {
  checkFlags(args, [...SEQUENCE_FLAGS, 'groups', 'group-by', 'test', 'no-correction', 'adjust', 'reference', 'max-q', 'closed', 'maximal', 'figure']);
  const base = { ...sequenceOptionsFromFlags(args), selection: selectionFromFlags(args) };
  const test = choiceFlag(args, 'test', ['auto', 'chisq', 'fisher'] as const, 'auto');
  const adjust = choiceFlag(args, 'adjust', ['BH', 'bonferroni', 'holm', 'none'] as const, 'BH') as PAdjustMethod;
  const maxQ = numberFlag(args, 'max-q');
  if (maxQ !== undefined && !(maxQ >= 0 && maxQ <= 1)) throw new UsageError(`--max-q must be in [0, 1], got ${stringFlag(args, 'max-q')}`);
  const figure = figureFlag(args);
  const fromStore = args.flags.db !== undefined || args.flags.study !== undefined;
  if (args.flags[fromStore ? 'groups' : 'group-by'] !== undefined) throw new UsageError(fromStore ? '--groups names ids outside the access gate: with --db group by --group-by' : '--group-by reads a cohort database (--db --study): with --sequences give --groups FILE');
  const groups = fromStore ? { groupBy: requiredFlag(args, 'group-by') } : { groups: requiredFlag(args, 'groups') };
  const reference = stringFlag(args, 'reference');
  const o = { ...base, ...groups, test, adjust, correct: !hasFlag(args, 'no-correction'), ...(maxQ !== undefined ? { maxQ } : {}), ...(reference !== undefined ? { reference } : {}) };
  const r = await withPatternSource(args, io, (source) => runComparePatterns(source, o, { parameters: runParameters(args) }));
  const c = r.result;
  report(io, r);
  const labels = c.groups.map((g) => g.group);
  if (figure) {
    if (c.contrast.patterns.some((d) => d.p !== null)) {
      const { discriminatingPatternsFigure } = await import('../../charts/discriminating-patterns-figure.js');
      writeLine(io.stderr, `figure: ${await writeFigure(discriminatingPatternsFigure(c.contrast, c.alphabet, labels), figure)}`);
    } else writeLine(io.stderr, 'warning: no tested pattern: no figure written');
  }
  if (hasFlag(args, 'json')) {
    const { groups: g, reference: ref, sequences, minSupport, patterns, warnings } = c;
    io.stdout.write(compactJson({ groups: g, reference: ref, sequences, minSupport, test, adjust, patterns, warnings, ...disclosureJson(r) }));
    return 0;
  }
  io.stdout.write(`${describeSupport(c, o.mining)}; groups ${c.groups.map((g) => `${g.group} (${g.sequences})`).join(', ')}; reference ${c.reference}\n`);
  io.stdout.write(`${c.tested} patterns tested (${test === 'auto' ? "chi-square, Fisher's exact test where an expected count is below 5" : test}), p adjusted by ${adjust}; showing ${c.patterns.length}\n\n`);
  const others = labels.filter((g) => g !== c.reference);
  const header = ['pattern', 'support', ...labels.map((g) => `share ${g}`), 'test', 'p', 'q', ...others.map((g) => `OR ${g} vs ${c.reference} (95% CI)`)];
  const f = (v: number): string => (Number.isFinite(v) ? String(Number(v.toPrecision(3))) : 'NA');
  const rows: Cell[][] = c.patterns.map((d) => [
    formatPattern(d.pattern),
    d.support,
    ...d.groups.map((x) => x.share),
    d.test,
    d.p,
    d.q,
    ...others.map((g) => {
      const or = d.oddsRatios.find((x) => x.group === g);
      return or ? `${f(or.estimate)} (${f(or.lower)}-${f(or.upper)})${or.haldane ? ' +0.5' : ''}` : 'NA';
    }),
  ]);
  io.stdout.write(textTable(header, rows));
  return 0;
}

const CONSTRAINTS_HELP = `Mining (every subcommand):
  --sequences FILE     events, CSV (.csv, .tsv) or Parquet, columns id, date, item (other columns ignored);
                       date ISO YYYY-MM-DD; the items of an id on one date form one itemset; blank or NA
                       fields are missing (a bad row is named by file, row and field; exit 2)
  --min-support S      required. Without a decimal point a count of sequences (30), with one a share
                       (0.1, 1.0); frequent: support >= S, or >= ceil(S x number of sequences)
  --max-length L       most itemsets in a pattern (default no limit)
  --max-size K         most items in one itemset of a pattern (default no limit)
  --min-gap DAYS       least days between the dates of consecutive matched itemsets (default 0)
  --max-gap DAYS       most days between the dates of consecutive matched itemsets (default no limit)
  --max-window DAYS    most days between the first and the last matched itemset (default no limit)
  --max-patterns N     stop with an error past N frequent patterns (default 5000000)
  Support counts sequences (ids), each once; a sequence contains a pattern when any one embedding
  satisfies every constraint; all bounds inclusive.

From a cohort database (instead of --sequences; docs/patterns.md "Sequences from the cohort store"):
  --db FILE --study ID one sequence per consenting patient of the study (with or without events), days
                       since the patient's index date; the run is recorded in the data-use ledger
  --diagnosis D[,D]    only patients of these diagnoses (default all)
  --alphabet F[,F]     item families (default events,therapy,markers): events (event:<type>, MRI activity
                       as event:mri_activity), therapy (start:<x>, stop:<x>, switch:<a>><b>, every intent
                       incl. supportive), markers (edss:up, edss:down, psa:rising, ER/PR/HER2 changes as
                       ER:positive>negative), visits (visit:<type>)
  --therapy-by drug|class  therapy items by substance (default) or by the class column
  --switch-gap DAYS    most days from one therapy's stop to another's start for a switch (default 90)
  --psa-rise R         PSA above the previous value by more than this share is rising (default 0.25)
  Disclosure control: a pattern (rule, contrast row) is listed only when its support and its complement
  (sequences without it; in compare every group's support and complement) are 0 or at least the
  study's minimum cell count, and it differs from no listed sub-pattern by fewer patients; with fewer
  sequences than that count nothing is listed and "sequences" is null; a compare group smaller than
  it is refused. --json then adds "disclosure":{"threshold","withheld"}.`;

const PATTERNS_HELP = `Usage: midia patterns mine (--sequences FILE | --db FILE --study ID) --min-support S [--max-length L] [--max-size K] [--max-gap DAYS]
                           [--min-gap DAYS] [--max-window DAYS] [--closed | --maximal] [--top N] [--figure F] [--json]
       midia patterns rules (--sequences FILE | --db FILE --study ID) --min-support S [constraints] [--min-confidence C]
                            [--consequent any|last] [--top N] [--json]
       midia patterns compare (--sequences FILE --groups FILE | --db FILE --study ID --group-by G)
                              --min-support S [constraints] [--reference G]
                              [--test auto|chisq|fisher] [--no-correction] [--adjust BH|bonferroni|holm|none]
                              [--max-q Q] [--closed | --maximal] [--top N] [--figure F] [--json]

Frequent sequential patterns with SPADE semantics (Zaki 2001) and the cSPADE constraints (Zaki 2000):
a pattern is a sequence of itemsets, e.g. <{dmt:natalizumab}, {relapse, mri:gd}>. Definitions,
algorithms and the JSON documents: docs/patterns.md. Sequences come from an event file (--sequences)
or from a cohort database for a registered study (--db --study: consent gate, disclosure control, ledger).

${CONSTRAINTS_HELP}

mine: every frequent pattern (or with --closed those with no super-pattern of the same support, with
  --maximal those with no frequent super-pattern), by support descending, then fewer itemsets, fewer
  items, then item labels in code-point order (items within an itemset in code-point order).
  --top N              list the first N only
  --figure F.html|F.png  bar chart of the listed patterns' shares
  --json prints one line: {"patterns":[{"pattern":[["a"],["b","c"]],"support":12,"share":0.24}],"sequences":50}
    (share = support / sequences). A contract for scripts.

rules: rules X => Y, X a prefix of a frequent pattern and Y the rest: support (sequences with X followed
  by Y), confidence = support / support(X), lift = confidence / (support(Y) / sequences).
  --min-confidence C   (default 0)
  --consequent last    only Y = the last itemset (arulesSequences' ruleInduction); default any split
  --json prints {"rules":[{"antecedent","consequent","support","share","confidence","lift",
    "antecedentSupport","consequentSupport"}],"sequences","minSupport","minConfidence","consequent"}.

compare: discriminating patterns between groups (as TraMineR seqecmpgroup): patterns mined on all
  sequences of the --groups file, then per pattern the groups x (with, without) table is tested:
  chi-square (Yates' correction with two groups, as R chisq.test), Fisher's exact test where an
  expected count is below 5 (--test auto, default), p adjusted across patterns (--adjust, default BH).
  Odds ratio of each group against the reference (default: the first group in code-point order) with
  Woolf's 95% interval; with a zero cell 0.5 is added to every cell (Haldane; marked +0.5).
  --group-by G         (--db) sex, site, diagnosis (a column of patients) or event:TYPE (patients with an
                       event of TYPE at any time vs "no TYPE")
  --groups FILE        CSV or Parquet with columns id, group (each id once); the ids listed are the
                       sequences compared (an id without events is a sequence containing nothing);
                       events of other ids are left out with a warning
  --max-q Q            list the patterns with adjusted p <= Q only (all are tested and adjusted)
  --closed | --maximal test (and adjust over) the closed or maximal patterns only
  --no-correction      chi-square without Yates' correction
  --figure F.html|F.png  odds-ratio forest of the listed patterns (first non-reference group)
  --json prints {"groups":[{"group","sequences"}],"reference","sequences","minSupport","test","adjust",
    "patterns":[{"pattern","support","share","groups":[{"group","support","absent","share","expected",
    "residual"}],"test":"chisq|fisher|none","statistic","df","p","q","oddsRatios":[{"group","reference",
    "estimate","lower","upper","haldane"}]}],"warnings"} ("absent" = group size - support: a
    disclosure check needs both; a pattern in every sequence is not tested: test "none", p null).

Examples:
  midia patterns mine --sequences events.csv --min-support 0.05 --max-length 4 --max-gap 365 --json
  midia patterns rules --sequences events.csv --min-support 30 --min-confidence 0.6
  midia patterns compare --sequences events.csv --groups cdw.csv --min-support 0.05 --max-q 0.05
  midia patterns mine --db cohort.duckdb --study SYNTH --diagnosis multiple_sclerosis --min-support 0.1 --max-length 3
  midia patterns compare --db cohort.duckdb --study SYNTH --diagnosis breast_cancer --group-by event:distant_metastasis --min-support 0.1`;

export const patternsCommand: Command = {
  name: 'patterns',
  summary: 'Sequential pattern mining on event sequences: frequent patterns (cSPADE constraints, closed/maximal), rules, discriminating patterns between groups',
  help: PATTERNS_HELP,
  async run(args, io) {
    const sub = args.positional[0];
    if (!sub || !(SUB as readonly string[]).includes(sub)) throw new UsageError(`midia patterns needs a sub-command: ${SUB.join(', ')}${sub ? ` (got ${sub})` : ''}`);
    if (args.positional.length > 1) throw new UsageError(`unexpected argument '${args.positional[1]}'`);
    if (sub === 'mine') return runMine(args, io);
    if (sub === 'rules') return runRules(args, io);
    return runCompare(args, io);
  },
};
