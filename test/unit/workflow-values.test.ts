// The registry form's check: WorkflowSchema's errors beside their fields in the form's words,
// a list entry's error naming its line, and a second workflow of the same name refused.
import { describe, expect, it } from 'vitest';
import { checkWorkflow, valuesOf } from '../../components/workflows/workflow-values';
import type { Workflow } from '../../lib/workflows/schema';

const stored: Workflow = {
  id: 'wf-refunds',
  name: 'Refund assistant',
  owner: 'Sam Lee',
  fallbackProcess: 'Manual refunds',
  reviewStandard: '',
  escalationPath: [],
  urlPatterns: ['https://crm.example.com/*'],
  updatedAt: '2026-01-01T00:00:00.000Z',
};

describe('checkWorkflow', () => {
  it('returns the workflow with one entry per non-empty line', () => {
    const values = { ...valuesOf(stored), escalationPath: 'Sam\n\n  Legal  \n' };
    const checked = checkWorkflow(values, stored.id, [stored]);
    expect(checked.ok && checked.workflow).toMatchObject({ id: stored.id, escalationPath: ['Sam', 'Legal'] });
  });

  it('refuses a second workflow of the same name, whatever its case and spaces', () => {
    const values = { ...valuesOf(stored), name: ' refund ASSISTANT ' };
    expect(checkWorkflow(values, 'wf-other', [stored])).toEqual({
      ok: false,
      errors: { name: ['Another workflow already has this name'] },
    });
  });

  it('names the line of a list entry that is too long, and lists errors in the form order', () => {
    const values = { ...valuesOf(undefined), name: 'New', urlPatterns: `https://a.example/*\n\n${'x'.repeat(3000)}` };
    const checked = checkWorkflow(values, 'wf-new', [stored]);
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(Object.keys(checked.errors)[0]).toBe('owner');
    expect(checked.errors.urlPatterns?.[0]).toMatch(/^Line 3: At most \d+ characters$/);
  });
});
