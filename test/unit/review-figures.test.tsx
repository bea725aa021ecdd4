// The review's headline figures as the panel shows them, from a hand-built review.
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ReviewFigures } from '../../components/review/ReviewFigures';
import type { Review } from '../../lib/review/compute';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

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

const review: Review = {
  quarter: '2026-Q2',
  computedAt: '2026-05-10T12:00:00.000Z',
  counts: { incidents: 3, nearMisses: 2, unassessed: 1, declinedOrMerged: 1 },
  bySeverity: [],
  byWorkflow: [],
  byRootCause: [],
  byFailureKind: [],
  repeatedCauses: [],
  openRemediation: [
    { id: 'a', workflow: 'CRM', detectedAt: '2026-04-01T00:00:00.000Z', openActions: 2, actions: 'x; y' },
    { id: 'b', workflow: 'CRM', detectedAt: '2026-04-02T00:00:00.000Z', openActions: 1, actions: 'z' },
  ],
  openActions: 3,
  detectionToContainment: { medianMinutes: 52.5, contained: 4 },
  overdue: { SEV1: 0, SEV2: 2, SEV3: 1, SEV4: 0, triage: 1, total: 4 },
  workflowsChanged: [],
  policyCandidates: [],
};

describe('ReviewFigures', () => {
  it('shows each figure under its name, and the overdue records by severity', () => {
    act(() => root.render(<ReviewFigures review={review} />));
    const figures = [...container.querySelectorAll('dl > div')].map((div) => [
      div.querySelector('dt')!.textContent,
      div.querySelector('dd')!.textContent,
    ]);
    expect(figures).toEqual([
      ['Incidents', '3'],
      ['Near misses', '2'],
      ['Not assessed', '1'],
      ['Median detection → containment', '53 min (4 contained)'],
      ['Open corrective actions', '3 (in 2 records)'],
      ['Overdue now', '4'],
    ]);
    expect(container.querySelector('caption')?.textContent).toBe('Overdue records now');
    const rows = [...container.querySelectorAll('tbody tr')].map((tr) => [
      tr.querySelector('th')!.textContent,
      tr.querySelector('td')!.textContent,
    ]);
    expect(rows).toEqual([
      ['SEV1', '0'],
      ['SEV2', '2'],
      ['SEV3', '1'],
      ['SEV4', '0'],
      ['In triage', '1'],
    ]);
  });
});
