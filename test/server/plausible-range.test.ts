/**
 * Plausible ranges of numeric inputs (server/plausible-range.ts): the default
 * widened from the training range, bounds stated in the artifact's input
 * schema taking precedence one by one, and covariates with neither left open.
 */
import { describe, expect, it } from 'vitest';
import { defaultPlausibleRange, plausibleRanges } from '../../server/plausible-range.js';
import { tinyArtifact } from './fixture.js';

describe('plausible ranges', () => {
  it('default: the training range widened by its width (at least 1) on each side, not below 0 for non-negative data', () => {
    expect(defaultPlausibleRange([21, 80])).toEqual([0, 139]);
    expect(defaultPlausibleRange([3, 120])).toEqual([0, 237]);
    expect(defaultPlausibleRange([0, 1])).toEqual([0, 2]);
    expect(defaultPlausibleRange([7.0, 7.5])).toEqual([6.0, 8.5]); // width below 1: margin 1
    expect(defaultPlausibleRange([-2, 3])).toEqual([-7, 8]); // negative values seen in training: no floor at 0
    expect(defaultPlausibleRange([1000, 1000])).toEqual([999, 1001]);
  });

  it('minimum/maximum of the input schema win, each bound on its own; without both sources a covariate is only checked for finiteness', () => {
    const a = tinyArtifact();
    expect(plausibleRanges(a).get('age')).toEqual({ min: 0, max: 130, source: 'training range' });
    expect(plausibleRanges(a).has('grade')).toBe(false); // categorical
    const props = (a.inputSchema as { properties: Record<string, Record<string, unknown>> }).properties;
    props.age = { ...props.age, maximum: 110 };
    expect(plausibleRanges(a).get('age')).toEqual({ min: 0, max: 110, source: 'mixed' });
    props.age = { ...props.age, minimum: 18 };
    expect(plausibleRanges(a).get('age')).toEqual({ min: 18, max: 110, source: 'inputSchema' });
    const noRange = tinyArtifact();
    delete (noRange.covariates[0] as { range?: unknown }).range;
    expect(plausibleRanges(noRange).has('age')).toBe(false);
    const onlyMax = tinyArtifact();
    delete (onlyMax.covariates[0] as { range?: unknown }).range;
    (onlyMax.inputSchema as { properties: Record<string, Record<string, unknown>> }).properties.age!.maximum = 120;
    expect(plausibleRanges(onlyMax).get('age')).toEqual({ min: -Infinity, max: 120, source: 'mixed' });
  });

  it('does not modify the artifact', () => {
    const a = tinyArtifact();
    const before = JSON.stringify(a);
    plausibleRanges(a);
    expect(JSON.stringify(a)).toBe(before);
  });
});
