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
import { compactJsonText, textTable, writeLine, type Cell } from '../output.js';
import { PATTERNS_HELP } from './patterns-help.js';
import { SEQUENCE_FLAGS, selectionFromFlags, sequenceOptionsFromFlags, withPatternSource } from './patterns-flags.js';

const SUB = ['mine', 'rules', 'compare'] as const;


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
    io.stdout.write(compactJsonText({ patterns: m.patterns, sequences: m.sequences, ...disclosureJson(r) }));
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
    io.stdout.write(compactJsonText({ rules: x.rules, sequences: x.sequences, minSupport: x.minSupport, minConfidence, consequent, ...disclosureJson(r) }));
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
    io.stdout.write(compactJsonText({ groups: g, reference: ref, sequences, minSupport, test, adjust, patterns, warnings, ...disclosureJson(r) }));
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
