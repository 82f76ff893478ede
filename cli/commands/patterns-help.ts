/** The --help text of `midia patterns` (flags, definitions, the JSON documents; docs/patterns.md). */
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
  --therapy-by drug|class|efficacy  therapy items by substance (default), by the class column, or
                       by DMT efficacy (dmt_moderate, dmt_high: DGN 2021 map; other therapies by class)
  --switch-gap DAYS    most days from one therapy's stop to another's start for a switch (default 90)
  --psa-rise R         PSA above the previous value by more than this share is rising (default 0.25)
  Disclosure control: a pattern (rule, contrast row) is listed only when its support and its complement
  (sequences without it; in compare every group's support and complement) are 0 or at least the
  study's minimum cell count, and it differs from no listed sub-pattern by fewer patients; with fewer
  sequences than that count nothing is listed and "sequences" is null; a compare group smaller than
  it is refused. --json then adds "disclosure":{"threshold","withheld"}.`;

export const PATTERNS_HELP = `Usage: midia patterns mine (--sequences FILE | --db FILE --study ID) --min-support S [--max-length L] [--max-size K] [--max-gap DAYS]
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
