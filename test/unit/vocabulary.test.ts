import { describe, expect, it } from 'vitest';
import { SEVERITIES, SEVERITY_LABELS, SeveritySchema } from '../../lib/assessment/rules';
import { ROOT_CAUSE_LABELS, STEP_FIELDS } from '../../lib/incident/lifecycle-actions';
import { IncidentSchema, RootCauseSchema } from '../../lib/incident/schema';
import { sampleRecord } from '../../lib/log/sample';
import { ROOT_CAUSE_KEYS, SEVERITY_KEYS } from '../../lib/review/compute';

// Severities and root causes are defined once, as Zod enums; these lists must follow them exactly.
describe('one vocabulary for severities and root causes', () => {
  it('orders severities as the enum does, highest first, each with a label', () => {
    expect(SEVERITIES).toEqual(['SEV1', 'SEV2', 'SEV3', 'SEV4']);
    expect(SEVERITIES).toEqual(SeveritySchema.options);
    expect(Object.keys(SEVERITY_LABELS)).toEqual(SeveritySchema.options);
  });

  it('gives the review one row per enum value, then the row for records without one', () => {
    expect(SEVERITY_KEYS).toEqual([...SeveritySchema.options, 'unrated']);
    expect(ROOT_CAUSE_KEYS).toEqual([...RootCauseSchema.options, 'undiagnosed']);
  });

  it('offers every root cause, and nothing else, in the diagnosis step', () => {
    const field = STEP_FIELDS.diagnosed.find((f) => f.path === 'diagnosis.rootCause');
    expect(field?.options?.map((o) => o.value)).toEqual(RootCauseSchema.options);
    expect(Object.keys(ROOT_CAUSE_LABELS)).toEqual(RootCauseSchema.options);
  });

  it('generates sample records that use every severity and root cause and validate', () => {
    const records = Array.from({ length: 12 }, (_, i) => sampleRecord(i));
    for (const record of records) expect(IncidentSchema.safeParse(record).success).toBe(true);
    expect(new Set(records.map((r) => r.assessment?.severity))).toEqual(new Set(SeveritySchema.options));
    expect(new Set(records.map((r) => r.diagnosis?.rootCause))).toEqual(new Set(RootCauseSchema.options));
  });
});
