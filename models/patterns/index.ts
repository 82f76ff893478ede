/**
 * Sequential pattern mining (docs/patterns.md): encoding dated events as a
 * sequence database, frequent patterns with SPADE semantics and cSPADE
 * constraints (bitmap and id-list engines), closed and maximal selections,
 * sequential rules, discriminating patterns between groups, and where a given
 * pattern completes.
 */
export { buildAlphabet, type Alphabet } from './alphabet.js';
export { buildSequenceDatabase, checkSequenceDatabase, sequenceItemsets, type BuildSequenceDatabaseOptions, type BuiltSequenceDatabase, type SequenceDatabase, type SequenceEvents } from './sequence-database.js';
export { miningControl, minSupportCount, parseMinSupport, DEFAULT_MAX_PATTERNS, type MinSupport, type MiningControl, type MiningOptions } from './mining-options.js';
export { mineFrequentSequences, type FrequentPattern, type FrequentSequences, type MiningEngine, type MiningExtras, type SequenceGroups } from './mine-frequent-sequences.js';
export { selectPatterns, superPatternMarks, type PatternSelection } from './closed-maximal.js';
export { comparePatterns, compareItemsets, decodePattern, formatPattern, patternKey, type CodedPattern } from './pattern-order.js';
export { sequentialRules, type RuleOptions, type SequentialRule } from './sequential-rules.js';
export { discriminatingPatterns, type ContrastOptions, type DiscriminatingPattern, type DiscriminatingPatterns, type GroupCell } from './discriminating-patterns.js';
export { chiSquareTest, type ChiSquareResult } from './chi-square-test.js';
export { fisherExactTest, logFactorials, FISHER_MAX_TABLES } from './fisher-exact-test.js';
export { oddsRatio, type OddsRatio } from './odds-ratio.js';
export { patternCompletionDays, type OccurrenceConstraints } from './pattern-occurrence.js';
