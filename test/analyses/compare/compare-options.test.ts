import { describe, expect, it } from 'vitest';
import { COMPARE_DEFAULTS, resolveCompareOptions } from '../../../analyses/compare/compare-options.js';
import { trialProtocol } from '../../../analyses/compare/protocol.js';
import { UsageError } from '../../../util/errors.js';

const base = { diagnosis: 'breast_cancer' as const, treatment: 'zoledronic_acid', graceDays: 180, outcome: ['fracture'], horizonDays: 1826 };

describe('resolveCompareOptions', () => {
  it('fills in the documented defaults', () => {
    const o = resolveCompareOptions(base);
    expect(o.design).toBe('clone-censor-weight');
    expect(o.control).toBe('none');
    expect(o.covariates).toEqual(['age']);
    expect(o.intervalDays).toBe(COMPARE_DEFAULTS.intervalDays);
    expect(o.strategy).toBe('initiation');
    expect(o.truncate).toBeNull();
    expect(o.seed).toBe(1);
  });

  it('names the bad field', () => {
    expect(() => resolveCompareOptions({ ...base, diagnosis: 'flu' as never })).toThrow(/diagnosis/);
    expect(() => resolveCompareOptions({ ...base, horizonDays: 0 })).toThrow(/horizonDays/);
    expect(() => resolveCompareOptions({ ...base, bootstrap: 1.5 })).toThrow(/bootstrap/);
    expect(() => resolveCompareOptions({ ...base, extra: 1 } as never)).toThrow(UsageError);
  });

  it('checks what each design needs', () => {
    expect(() => resolveCompareOptions({ ...base, graceDays: undefined })).toThrow(/grace period/);
    expect(() => resolveCompareOptions({ ...base, control: 'denosumab' })).toThrow(/--control must be none/);
    expect(() => resolveCompareOptions({ ...base, horizonDays: 180 })).toThrow(/later than the end of the grace period/);
    expect(() => resolveCompareOptions({ ...base, design: 'new-user' })).toThrow(/active comparator/);
    expect(() => resolveCompareOptions({ ...base, design: 'new-user', control: 'Zoledronic_Acid' })).toThrow(/must differ/);
    expect(() => resolveCompareOptions({ ...base, design: 'sequential', strategy: 'sustained' })).toThrow(/sustained/);
    expect(() => resolveCompareOptions({ ...base, outcome: ['fracture', 'Fracture'] })).toThrow(/named twice/);
    expect(() => resolveCompareOptions({ ...base, negativeControls: ['fracture'] })).toThrow(/both an outcome and a negative control/);
    expect(() => resolveCompareOptions({ ...base, truncate: [0.9, 0.1] })).toThrow(/lower quantile/);
  });

  it('writes the protocol table from the options', () => {
    const p = trialProtocol(resolveCompareOptions({ ...base, eligibility: [{ covariate: 'age', op: '>=', value: 50 }] }));
    expect(p.map((r) => r.component)).toEqual(['eligibility', 'treatment strategies', 'assignment', 'time zero', 'follow-up', 'outcome', 'causal contrast', 'analysis']);
    expect(p[0]!.specification).toMatch(/age >= 50/);
    expect(p[1]!.specification).toMatch(/within 180 days/);
    expect(p[5]!.specification).toMatch(/death competes/);
  });
});
