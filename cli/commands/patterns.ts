/**
 * `midia patterns mine|rules|compare`: sequential pattern mining on an event
 * file (`--sequences FILE` with columns id, date, item). The command parses
 * flags, reads the files (cli/commands/patterns-input.ts), calls the numeric
 * core (models/patterns/) and prints tables or JSON; definitions and the JSON
 * documents in docs/patterns.md. `mine --json` is a contract for scripts.
 * Patterns from the cohort store (`--db --study`, through the consent gate and
 * disclosure control) come with the analyses layer; until then --db is refused.
 */
import { extname, resolve } from 'node:path';
import { selectPatterns, type PatternSelection } from '../../models/patterns/closed-maximal.js';
import { discriminatingPatterns, type ContrastOptions } from '../../models/patterns/discriminating-patterns.js';
import { mineFrequentSequences, type FrequentSequences, type SequenceGroups } from '../../models/patterns/mine-frequent-sequences.js';
import { parseMinSupport, type MiningOptions } from '../../models/patterns/mining-options.js';
import { decodePattern, formatPattern } from '../../models/patterns/pattern-order.js';
import { buildSequenceDatabase, type SequenceDatabase } from '../../models/patterns/sequence-database.js';
import { sequentialRules } from '../../models/patterns/sequential-rules.js';
import type { PAdjustMethod } from '../../models/survival/survival-utils.js';
import type { FigureSpec } from '../../charts/types.js';
import { compareCodePoints } from '../../models/design/model-frame.js';
import { UsageError } from '../../util/errors.js';
import { checkFlags, choiceFlag, hasFlag, numberFlag, requiredFlag, stringFlag } from '../args.js';
import type { Command, CommandIO, ParsedArgs } from '../command.js';
import { textTable, writeLine, type Cell } from '../output.js';

const SUB = ['mine', 'rules', 'compare'] as const;
const MINING_FLAGS = ['sequences', 'min-support', 'max-length', 'max-size', 'min-gap', 'max-gap', 'max-window', 'max-patterns', 'db', 'study'] as const;

/** One line of JSON, NaN and Infinity as null (the `mine --json` contract is one object). */
function compactJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v)) + '\n';
}

/** A whole-number flag >= min, or undefined. */
function wholeFlag(args: ParsedArgs, name: string, min: number): number | undefined {
  const v = numberFlag(args, name);
  if (v === undefined) return undefined;
  if (!(Number.isInteger(v) && v >= min)) throw new UsageError(`--${name} must be a whole number >= ${min}, got ${stringFlag(args, name)}`);
  return v;
}

/** Mining options from the flags (--min-support required). */
export function miningOptionsFromFlags(args: ParsedArgs): MiningOptions {
  const options: MiningOptions = { minSupport: parseMinSupport(requiredFlag(args, 'min-support')) };
  const set = (key: 'maxLength' | 'maxSize' | 'minGap' | 'maxGap' | 'maxWindow' | 'maxPatterns', flag: string, min: number): void => {
    const v = wholeFlag(args, flag, min);
    if (v !== undefined) options[key] = v;
  };
  set('maxLength', 'max-length', 1);
  set('maxSize', 'max-size', 1);
  set('minGap', 'min-gap', 0);
  set('maxGap', 'max-gap', 0);
  set('maxWindow', 'max-window', 0);
  set('maxPatterns', 'max-patterns', 1);
  if (options.minGap !== undefined && options.maxGap !== undefined && options.minGap > options.maxGap) throw new UsageError(`--min-gap (${options.minGap}) is larger than --max-gap (${options.maxGap})`);
  return options;
}

function selectionFromFlags(args: ParsedArgs): PatternSelection {
  const closed = hasFlag(args, 'closed');
  const maximal = hasFlag(args, 'maximal');
  if (closed && maximal) throw new UsageError('give --closed or --maximal, not both');
  return closed ? 'closed' : maximal ? 'maximal' : 'all';
}

function refuseStore(args: ParsedArgs): void {
  if (args.flags.db !== undefined || args.flags.study !== undefined) {
    throw new UsageError('patterns from a cohort database (--db --study) are not available yet: export the events as id,date,item and use --sequences FILE');
  }
}

function topFlag(args: ParsedArgs): number {
  return wholeFlag(args, 'top', 1) ?? Infinity;
}

/** Reads --sequences into a sequence database (population `ids` when given); warnings go to `warnings`. */
async function loadSequences(args: ParsedArgs, warnings: string[], ids?: readonly string[]): Promise<SequenceDatabase> {
  const file = requiredFlag(args, 'sequences');
  const { readSequenceFile } = await import('./patterns-input.js');
  const events = await readSequenceFile(file);
  const built = buildSequenceDatabase(events, ids ? { ids } : {});
  if (built.duplicateEvents) warnings.push(`${built.duplicateEvents} event(s) repeat an item already recorded for the same id on the same day (counted once)`);
  if (built.droppedEvents) warnings.push(`${built.droppedEvents} event(s) of ids not in the --groups file left out`);
  return built.database;
}

/** Writes a figure to .html or .png (`--figure`). */
async function writeFigure(spec: FigureSpec, out: string): Promise<string> {
  const ext = extname(out).toLowerCase();
  if (ext !== '.html' && ext !== '.png') throw new UsageError(`--figure must end in .html or .png, got ${out}`);
  const path = resolve(out);
  if (ext === '.html') {
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

function describeSupport(result: FrequentSequences, options: MiningOptions): string {
  const ms = options.minSupport;
  const how = 'count' in ms ? `${ms.count} sequences` : `${ms.text ?? ms.share} x ${result.sequences}, rounded up`;
  return `${result.sequences} sequences; minimum support ${result.minSupport} (${how})`;
}

async function runMine(args: ParsedArgs, io: CommandIO): Promise<number> {
  checkFlags(args, [...MINING_FLAGS, 'closed', 'maximal', 'top', 'figure']);
  refuseStore(args);
  const options = miningOptionsFromFlags(args);
  const selection = selectionFromFlags(args);
  const top = topFlag(args);
  const figure = figureFlag(args);
  const warnings: string[] = [];
  const db = await loadSequences(args, warnings);
  const result = mineFrequentSequences(db, options);
  const listed = selectPatterns(result, selection).slice(0, top);
  const n = result.sequences;
  for (const w of warnings) writeLine(io.stderr, `warning: ${w}`);
  const decoded = listed.map((p) => ({ pattern: decodePattern(result.alphabet, p.itemsets), support: p.support, share: p.support / n }));
  if (figure && decoded.length) {
    const { patternSupportFigure } = await import('../../charts/pattern-support-figure.js');
    const path = await writeFigure(patternSupportFigure(decoded, { title: `Frequent patterns (${n} sequences)` }), figure);
    writeLine(io.stderr, `figure: ${path}`);
  }
  if (hasFlag(args, 'json')) {
    io.stdout.write(compactJson({ patterns: decoded, sequences: n }));
    return 0;
  }
  const kind = selection === 'all' ? 'frequent patterns' : `${selection} frequent patterns (of ${result.patterns.length})`;
  io.stdout.write(`${describeSupport(result, options)}; ${listed.length === decoded.length && top === Infinity ? '' : 'showing '}${decoded.length} ${kind}\n\n`);
  io.stdout.write(textTable(['pattern', 'support', 'share'], decoded.map((d) => [formatPattern(d.pattern), d.support, d.share])));
  return 0;
}

async function runRules(args: ParsedArgs, io: CommandIO): Promise<number> {
  checkFlags(args, [...MINING_FLAGS, 'min-confidence', 'consequent', 'top']);
  refuseStore(args);
  const options = miningOptionsFromFlags(args);
  const minConfidence = numberFlag(args, 'min-confidence') ?? 0;
  if (!(minConfidence >= 0 && minConfidence <= 1)) throw new UsageError(`--min-confidence must be in [0, 1], got ${stringFlag(args, 'min-confidence')}`);
  const consequent = choiceFlag(args, 'consequent', ['any', 'last'] as const, 'any');
  const top = topFlag(args);
  const warnings: string[] = [];
  const db = await loadSequences(args, warnings);
  const result = mineFrequentSequences(db, options);
  const rules = sequentialRules(result, { minConfidence, consequent }).slice(0, top);
  const n = result.sequences;
  for (const w of warnings) writeLine(io.stderr, `warning: ${w}`);
  const decoded = rules.map((r) => ({
    antecedent: decodePattern(result.alphabet, r.antecedent),
    consequent: decodePattern(result.alphabet, r.consequent),
    support: r.support,
    share: r.support / n,
    confidence: r.confidence,
    lift: r.lift,
    antecedentSupport: r.antecedentSupport,
    consequentSupport: r.consequentSupport,
  }));
  if (hasFlag(args, 'json')) {
    io.stdout.write(compactJson({ rules: decoded, sequences: n, minSupport: result.minSupport, minConfidence, consequent }));
    return 0;
  }
  io.stdout.write(`${describeSupport(result, options)}; ${decoded.length} rules with confidence >= ${minConfidence}\n\n`);
  io.stdout.write(textTable(['rule', 'support', 'confidence', 'lift'], decoded.map((r) => [`${formatPattern(r.antecedent)} => ${formatPattern(r.consequent)}`, r.support, r.confidence, r.lift])));
  return 0;
}

async function runCompare(args: ParsedArgs, io: CommandIO): Promise<number> {
  checkFlags(args, [...MINING_FLAGS, 'groups', 'test', 'no-correction', 'adjust', 'reference', 'max-q', 'closed', 'maximal', 'top', 'figure']);
  refuseStore(args);
  const options = miningOptionsFromFlags(args);
  const selection = selectionFromFlags(args);
  const test = choiceFlag(args, 'test', ['auto', 'chisq', 'fisher'] as const, 'auto');
  const adjust = choiceFlag(args, 'adjust', ['BH', 'bonferroni', 'holm', 'none'] as const, 'BH') as PAdjustMethod;
  const maxQ = numberFlag(args, 'max-q');
  if (maxQ !== undefined && !(maxQ >= 0 && maxQ <= 1)) throw new UsageError(`--max-q must be in [0, 1], got ${stringFlag(args, 'max-q')}`);
  const top = topFlag(args);
  const figure = figureFlag(args);
  const groupFile = requiredFlag(args, 'groups');
  const { readGroupFile } = await import('./patterns-input.js');
  const grouping = await readGroupFile(groupFile);
  const labels = [...new Set(grouping.groups)].sort(compareCodePoints);
  if (labels.length < 2) throw new UsageError(`--groups ${groupFile} has ${labels.length} group(s): comparing needs at least two`);
  const referenceLabel = stringFlag(args, 'reference') ?? (labels[0] as string);
  const reference = labels.indexOf(referenceLabel);
  if (reference < 0) throw new UsageError(`--reference ${referenceLabel} is not a group of ${groupFile} (groups: ${labels.join(', ')})`);

  const warnings: string[] = [];
  const db = await loadSequences(args, warnings, grouping.ids);
  const groupOfId = new Map(grouping.ids.map((id, i) => [id, labels.indexOf(grouping.groups[i] as string)]));
  const groups: SequenceGroups = { of: Int32Array.from(db.ids, (id) => groupOfId.get(id) as number), count: labels.length };
  const mined = mineFrequentSequences(db, options, { groups });
  const selected = selectPatterns(mined, selection);
  const contrastOptions: ContrastOptions = { test, adjust, reference, correct: !hasFlag(args, 'no-correction') };
  const contrast = discriminatingPatterns({ ...mined, patterns: selected }, groups, contrastOptions);
  warnings.push(...contrast.warnings);
  const shown = contrast.patterns.filter((d) => maxQ === undefined || (d.q !== null && d.q <= maxQ)).slice(0, top);
  for (const w of warnings) writeLine(io.stderr, `warning: ${w}`);
  const n = mined.sequences;
  const decoded = shown.map((d) => ({
    pattern: decodePattern(mined.alphabet, d.itemsets),
    support: d.support,
    share: d.support / n,
    groups: d.groups.map((c, g) => ({ group: labels[g], support: c.support, absent: c.absent, share: c.share, expected: c.expected, residual: c.residual })),
    test: d.test,
    statistic: d.statistic,
    df: d.df,
    p: d.p,
    q: d.q,
    oddsRatios: d.oddsRatios.map((o) => ({ group: labels[o.group], reference: labels[reference], estimate: o.estimate, lower: o.lower, upper: o.upper, haldane: o.haldane })),
  }));
  if (figure) {
    if (contrast.patterns.some((d) => d.p !== null)) {
      const { discriminatingPatternsFigure } = await import('../../charts/discriminating-patterns-figure.js');
      const path = await writeFigure(discriminatingPatternsFigure({ ...contrast, patterns: shown }, mined.alphabet, labels), figure);
      writeLine(io.stderr, `figure: ${path}`);
    } else writeLine(io.stderr, 'warning: no tested pattern: no figure written');
  }
  if (hasFlag(args, 'json')) {
    io.stdout.write(
      compactJson({
        groups: labels.map((g, i) => ({ group: g, sequences: contrast.sizes[i] })),
        reference: labels[reference],
        sequences: n,
        minSupport: mined.minSupport,
        test,
        adjust,
        patterns: decoded,
        warnings,
      }),
    );
    return 0;
  }
  io.stdout.write(`${describeSupport(mined, options)}; groups ${labels.map((g, i) => `${g} (${contrast.sizes[i]})`).join(', ')}; reference ${labels[reference]}\n`);
  io.stdout.write(`${contrast.patterns.length} patterns tested (${test === 'auto' ? "chi-square, Fisher's exact test where an expected count is below 5" : test}), p adjusted by ${adjust}; showing ${decoded.length}\n\n`);
  const others = labels.map((g, i) => ({ g, i })).filter((x) => x.i !== reference);
  const header = ['pattern', 'support', ...labels.map((g) => `share ${g}`), 'test', 'p', 'q', ...others.map((o) => `OR ${o.g} vs ${labels[reference]} (95% CI)`)];
  const f = (v: number): string => (Number.isFinite(v) ? String(Number(v.toPrecision(3))) : 'NA');
  const rows: Cell[][] = decoded.map((d) => [
    formatPattern(d.pattern),
    d.support,
    ...d.groups.map((c) => c.share),
    d.test,
    d.p,
    d.q,
    ...others.map((o) => {
      const or = d.oddsRatios.find((x) => x.group === o.g)!;
      return `${f(or.estimate)} (${f(or.lower)}-${f(or.upper)})${or.haldane ? ' +0.5' : ''}`;
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
  satisfies every constraint; all bounds inclusive.`;

export const patternsCommand: Command = {
  name: 'patterns',
  summary: 'Sequential pattern mining on event sequences: frequent patterns (cSPADE constraints, closed/maximal), rules, discriminating patterns between groups',
  help: `Usage: midia patterns mine --sequences FILE --min-support S [--max-length L] [--max-size K] [--max-gap DAYS]
                           [--min-gap DAYS] [--max-window DAYS] [--closed | --maximal] [--top N] [--figure F] [--json]
       midia patterns rules --sequences FILE --min-support S [constraints] [--min-confidence C]
                            [--consequent any|last] [--top N] [--json]
       midia patterns compare --sequences FILE --groups FILE --min-support S [constraints] [--reference G]
                              [--test auto|chisq|fisher] [--no-correction] [--adjust BH|bonferroni|holm|none]
                              [--max-q Q] [--closed | --maximal] [--top N] [--figure F] [--json]

Frequent sequential patterns with SPADE semantics (Zaki 2001) and the cSPADE constraints (Zaki 2000):
a pattern is a sequence of itemsets, e.g. <{dmt:natalizumab}, {relapse, mri:gd}>. Definitions,
algorithms and the JSON documents: docs/patterns.md. Patterns from a cohort database (a study)
are not available yet.

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
  midia patterns compare --sequences events.csv --groups cdw.csv --min-support 0.05 --max-q 0.05`,
  async run(args, io) {
    const sub = args.positional[0];
    if (!sub || !(SUB as readonly string[]).includes(sub)) throw new UsageError(`midia patterns needs a sub-command: ${SUB.join(', ')}${sub ? ` (got ${sub})` : ''}`);
    if (args.positional.length > 1) throw new UsageError(`unexpected argument '${args.positional[1]}'`);
    if (sub === 'mine') return runMine(args, io);
    if (sub === 'rules') return runRules(args, io);
    return runCompare(args, io);
  },
};
