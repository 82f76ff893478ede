/**
 * Classification of a confirmed disability worsening as relapse-associated
 * worsening (RAW) or progression independent of relapse activity (PIRA).
 *
 * RAW: the onset lies 0 to `rawWindowDays` (default 90) days after a relapse
 * onset (docs/ms-outcomes.md; 30 days is also used). Otherwise PIRA when no relapse
 * falls in the relapse-free windows of the chosen definition
 * ({@link PIRA_WINDOWS}: Kappos 2020, Müller 2023); otherwise neither (null),
 * e.g. a relapse shortly after the onset or around the confirmation.
 */
import type { PiraWindows } from './cdw-options.js';

/** Kind of a confirmed worsening. */
export type WorseningKind = 'PIRA' | 'RAW' | null;

/**
 * Classify one confirmed worsening.
 * @param relapseDays relapse onsets (day numbers, sorted or not).
 * @param referenceDay day of the reference (baseline) visit the event was measured from.
 * @param onsetDay day of the event onset visit.
 * @param confirmedDay day of the confirmation visit.
 * @param rawWindowDays RAW window after a relapse onset (inclusive).
 * @param windows PIRA relapse-free windows.
 * @example classifyWorsening([100], 0, 150, 240, 90, PIRA_WINDOWS.muller2023) // => 'RAW'
 */
export function classifyWorsening(
  relapseDays: readonly number[],
  referenceDay: number,
  onsetDay: number,
  confirmedDay: number,
  rawWindowDays: number,
  windows: PiraWindows,
): WorseningKind {
  for (const r of relapseDays) {
    const after = onsetDay - r;
    if (after >= 0 && after <= rawWindowDays) return 'RAW';
  }
  const inside = (lo: number, hi: number): boolean => relapseDays.some((r) => r >= lo && r <= hi);
  if (windows.sinceReference && relapseDays.some((r) => r > referenceDay && r <= onsetDay)) return null;
  const eventLo = windows.eventBefore === null ? onsetDay : onsetDay - windows.eventBefore;
  if (inside(eventLo, onsetDay + windows.eventAfter)) return null;
  if (inside(confirmedDay - windows.confirmationBefore, confirmedDay + windows.confirmationAfter)) return null;
  return 'PIRA';
}
