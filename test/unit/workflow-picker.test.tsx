// The workflow picker: the most specific suggestion, "I don't know", and a new workflow's proposed pattern.
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { UNKNOWN_LABEL, WorkflowPicker } from '../../components/workflows/WorkflowPicker';
import { UNKNOWN_WORKFLOW } from '../../lib/workflows/match';
import type { Workflow } from '../../lib/workflows/schema';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const PAGE = 'https://crm.example.com/accounts/123/summary?x=1';

function workflow(id: string, name: string, urlPatterns: string[]): Workflow {
  return {
    id,
    name,
    owner: `${name} owner`,
    fallbackProcess: 'By hand',
    reviewStandard: '',
    escalationPath: [],
    urlPatterns,
    updatedAt: '2025-03-14T09:30:00.000Z',
  };
}

const SITE = workflow('site', 'CRM assistant', ['https://crm.example.com/*']);
const ACCOUNTS = workflow('accounts', 'CRM account summaries', ['https://crm.example.com/accounts/*']);

let root: Root;
let container: HTMLElement;
beforeEach(() => {
  container = document.createElement('div');
  document.body.append(container);
  root = createRoot(container);
});
afterEach(() => {
  act(() => root.unmount());
  container.remove();
});

function render(props: Partial<Parameters<typeof WorkflowPicker>[0]> = {}) {
  const onChange = vi.fn();
  act(() =>
    root.render(
      <WorkflowPicker
        workflows={[SITE, ACCOUNTS]}
        value=""
        matched={false}
        pageUrl={PAGE}
        onChange={onChange}
        {...props}
      />,
    ),
  );
  return onChange;
}

const select = () => container.querySelector<HTMLSelectElement>('#workflow')!;
const help = () => container.querySelector('#workflow-help')!.textContent ?? '';

describe('WorkflowPicker', () => {
  it('offers "I don\'t know" and passes UNKNOWN_WORKFLOW to onChange', () => {
    const onChange = render();
    const option = [...select().options].find((o) => o.value === UNKNOWN_WORKFLOW);
    expect(UNKNOWN_WORKFLOW).toBe('unknown');
    expect(option?.textContent).toBe(UNKNOWN_LABEL);
    expect(UNKNOWN_LABEL).toMatch(/I don’t know — a reviewer will pick it/);
    act(() => {
      select().value = UNKNOWN_WORKFLOW;
      select().dispatchEvent(new Event('change', { bubbles: true }));
    });
    expect(onChange).toHaveBeenCalledWith(UNKNOWN_WORKFLOW);
  });

  it('says a reviewer will pick when "I don\'t know" is the choice', () => {
    render({ value: UNKNOWN_WORKFLOW });
    expect(select().value).toBe(UNKNOWN_WORKFLOW);
    expect(help()).toContain('A reviewer will pick the workflow later.');
  });

  it('suggests the most specific workflow for the page, not the first site-wide one', () => {
    render({ value: 'accounts', matched: true });
    expect(help()).toContain('Suggested: CRM account summaries, matches this page.');
    expect(help()).toContain('Owner: CRM account summaries owner.');
  });

  it('says when nothing in the registry matches the page', () => {
    render({ pageUrl: 'https://mail.example.com/compose' });
    expect(help()).toContain('No registered workflow matches this page.');
  });

  it("proposes the page's section, without query or fragment, as a new workflow's pattern", () => {
    render();
    const button = [...container.querySelectorAll('button')].find((b) => b.textContent === 'New workflow')!;
    act(() => button.click());
    const pattern = container.querySelector<HTMLInputElement>('#new-workflow-urlPattern')!;
    expect(pattern.value).toBe('https://crm.example.com/accounts/*');
    const label = container.querySelector('label[for="new-workflow-urlPattern"]')!;
    expect(label.textContent).toBe('Pages it runs on');
  });
});
