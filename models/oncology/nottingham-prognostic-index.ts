/**
 * Nottingham Prognostic Index (Haybittle JL et al., Br J Cancer
 * 1982;45:361-366; Galea MH et al., Breast Cancer Res Treat 1992;22:207-219):
 * NPI = 0.2 x tumour size (cm) + histological grade (1-3) + node stage
 * (1: no positive nodes, 2: 1-3, 3: 4 or more). Groups: <= 3.4 good,
 * <= 5.4 moderate, > 5.4 poor (docs/oncology.md "Nottingham Prognostic Index").
 * The group boundaries are compared after rounding the index to 10 decimals,
 * so 0.2 x 2.0 + 1 + 2 falls in "good" despite binary floating point.
 */
import { UsageError } from '../../util/errors.js';

/** NPI risk group. */
export type NpiGroup = 'good' | 'moderate' | 'poor';

/** Default group cut-offs (upper bounds of good and moderate), Galea 1992. */
export const NPI_CUTOFFS: readonly [number, number] = [3.4, 5.4];

/**
 * NPI node stage from the number of positive lymph nodes: 1 (0), 2 (1-3), 3 (>= 4); NaN for a missing count.
 * @throws {UsageError} on a negative or fractional count.
 * @example npiNodeStage(2) // => 2
 */
export function npiNodeStage(positiveNodes: number): number {
  if (Number.isNaN(positiveNodes)) return NaN;
  if (!(Number.isInteger(positiveNodes) && positiveNodes >= 0)) throw new UsageError(`positiveNodes must be a whole number >= 0, got ${positiveNodes}`);
  return positiveNodes === 0 ? 1 : positiveNodes <= 3 ? 2 : 3;
}

/**
 * Nottingham Prognostic Index of one patient; NaN when an input is missing (NaN).
 * @param x tumour size in cm (> 0), grade 1-3, number of positive nodes.
 * @throws {UsageError} on a size <= 0, a grade outside 1-3 or a bad node count.
 * @example nottinghamPrognosticIndex({ sizeCm: 2.5, grade: 2, positiveNodes: 0 }) // => 3.5
 */
export function nottinghamPrognosticIndex(x: { sizeCm: number; grade: number; positiveNodes: number }): number {
  const { sizeCm, grade } = x;
  if (!Number.isNaN(sizeCm) && !(sizeCm > 0 && Number.isFinite(sizeCm))) throw new UsageError(`sizeCm must be a finite number > 0, got ${sizeCm}`);
  if (!Number.isNaN(grade) && !(grade === 1 || grade === 2 || grade === 3)) throw new UsageError(`grade must be 1, 2 or 3, got ${grade}`);
  return 0.2 * sizeCm + grade + npiNodeStage(x.positiveNodes);
}

/**
 * NPI group: good (<= 3.4), moderate (<= 5.4), poor (> 5.4); null for NaN.
 * @param cutoffs upper bounds of good and moderate (default NPI_CUTOFFS).
 * @example npiGroup(3.4) // => 'good'
 */
export function npiGroup(npi: number, cutoffs: readonly [number, number] = NPI_CUTOFFS): NpiGroup | null {
  if (Number.isNaN(npi)) return null;
  const v = Math.round(npi * 1e10) / 1e10;
  return v <= cutoffs[0] ? 'good' : v <= cutoffs[1] ? 'moderate' : 'poor';
}

/** NPI over many patients. */
export interface NpiColumns {
  npi: Float64Array;
  group: (NpiGroup | null)[];
}

/**
 * Vectorized NPI with groups; sizes in millimetres (as survival::gbsg `size`) or centimetres.
 * @param columns size, grade and positive-node count, equal lengths, NaN = missing.
 * @param options `sizeUnit` of `size`: 'mm' (default, as gbsg and rotterdam) or 'cm'; `cutoffs` as in npiGroup.
 * @throws {UsageError} on unequal lengths or invalid values.
 * @example nottinghamPrognosticIndexes({ size: [25], grade: [2], nodes: [0] }).npi // => Float64Array [3.5]
 */
export function nottinghamPrognosticIndexes(
  columns: { size: ArrayLike<number>; grade: ArrayLike<number>; nodes: ArrayLike<number> },
  options: { sizeUnit?: 'mm' | 'cm'; cutoffs?: readonly [number, number] } = {},
): NpiColumns {
  const n = columns.size.length;
  if (columns.grade.length !== n || columns.nodes.length !== n) throw new UsageError(`size, grade and nodes must have equal lengths, got ${n}, ${columns.grade.length}, ${columns.nodes.length}`);
  const unit = options.sizeUnit ?? 'mm';
  if (unit !== 'mm' && unit !== 'cm') throw new UsageError(`sizeUnit must be 'mm' or 'cm', got ${String(unit)}`);
  const scale = unit === 'mm' ? 0.1 : 1;
  const npi = new Float64Array(n);
  const group: (NpiGroup | null)[] = new Array<NpiGroup | null>(n);
  for (let i = 0; i < n; i++) {
    npi[i] = nottinghamPrognosticIndex({ sizeCm: (columns.size[i] as number) * scale, grade: columns.grade[i] as number, positiveNodes: columns.nodes[i] as number });
    group[i] = npiGroup(npi[i] as number, options.cutoffs ?? NPI_CUTOFFS);
  }
  return { npi, group };
}
