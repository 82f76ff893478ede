/**
 * Sequential pattern mining as analyses (README.md in this folder): frequent
 * patterns, rules and discriminating patterns of event sequences from a file
 * or from a registered study's store, disclosure-controlled and recorded in
 * the ledger for a study. Definitions: docs/patterns.md.
 */
export { minePatterns, runMinePatterns, type MineResult, type MinedPattern } from './mine.js';
export { patternRules, runPatternRules, type RulesResult, type DecodedRule } from './rules.js';
export { comparePatterns, runComparePatterns, type CompareResult, type ComparedPattern } from './compare.js';
export { sequenceFileSource, readSequenceFile, readGroupFile, type SequenceFileEvents, type GroupFile } from './sequence-file.js';
export { ALPHABET_FAMILIES, DEFAULT_ALPHABET, GROUP_COLUMNS, RECEPTOR_CODES, storeSequenceSql, readStoreSequences, type AlphabetFamily, type SequenceAlphabet } from './store-sequences.js';
export { releasable, isSubPattern, type CountedPattern } from './disclose-patterns.js';
export type { MineOptionsParsed, RulesOptionsParsed, CompareOptionsParsed, SequenceOptions, PatternSelectionOption } from './options.js';
