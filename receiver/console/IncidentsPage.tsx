import { useEffect, useRef, useState } from 'react';
import { SEVERITIES, SEVERITY_LABELS } from '@/lib/assessment/rules';
import { statusLabel } from '@/lib/incident/lifecycle';
import { StatusSchema, type Status } from '@/lib/incident/schema';
import { formatTime } from '@/lib/ui/format';
import { oneLine } from '@/lib/ui/text';
import { api, errorText, type IncidentSummary } from './api';
import { href, replaceHash } from './router';

/** The list's filters, as they sit in the hash's query. */
export const FILTER_KEYS = ['text', 'recordClass', 'severity', 'status', 'workflow', 'device', 'from', 'to'] as const;

const LISTS: { value: string; label: string }[] = [
  { value: '', label: 'All' },
  { value: 'overdue', label: 'Overdue' },
  { value: 'triage', label: 'Needs triage' },
];

const CLASS_LABELS: Record<IncidentSummary['recordClass'], string> = {
  incident: 'Incident',
  'near-miss': 'Near miss',
  unassessed: 'Not assessed',
};

/** A device id short enough for a column; the full id is in its title. */
export const shortDevice = (id: string) => id.slice(0, 8);

interface ListState {
  rows: IncidentSummary[];
  total: number;
  nextCursor: string | null;
  loading: boolean;
  error: string;
}

/** The incidents every device sent: search, filters, All / Overdue / Needs triage, newest first. */
export function IncidentsPage({ params }: { params: URLSearchParams }) {
  const [facets, setFacets] = useState<{ workflows: string[]; devices: string[] }>({ workflows: [], devices: [] });
  const [state, setState] = useState<ListState>({ rows: [], total: 0, nextCursor: null, loading: true, error: '' });
  const search = params.toString();

  useEffect(() => {
    api.facets().then(setFacets, () => {});
  }, []);

  useEffect(() => {
    const controller = new AbortController();
    setState((prev) => ({ ...prev, loading: true, error: '' }));
    api.incidents(Object.fromEntries(new URLSearchParams(search)), controller.signal).then(
      (page) => setState({ ...page, loading: false, error: '' }),
      (error: unknown) => {
        if (!controller.signal.aborted) setState((prev) => ({ ...prev, loading: false, error: errorText(error) }));
      },
    );
    return () => controller.abort();
  }, [search]);

  // The filters the rows on screen were asked with: a page for older filters is not appended.
  const shownFor = useRef(search);
  useEffect(() => {
    shownFor.current = search;
  }, [search]);
  const loadMore = async () => {
    if (!state.nextCursor) return;
    const askedFor = search;
    setState((prev) => ({ ...prev, loading: true }));
    try {
      const page = await api.incidents({ ...Object.fromEntries(params), cursor: state.nextCursor });
      if (shownFor.current !== askedFor) return;
      setState((prev) => ({ ...page, rows: [...prev.rows, ...page.rows], loading: false, error: '' }));
    } catch (error) {
      if (shownFor.current === askedFor) setState((prev) => ({ ...prev, loading: false, error: errorText(error) }));
    }
  };

  const set = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    replaceHash(href('/incidents', next));
  };

  return (
    <>
      <h1 tabIndex={-1}>Incidents</h1>
      <ListTabs list={params.get('list') ?? ''} onChange={(value) => set('list', value)} />
      <Filters params={params} facets={facets} set={set} />
      <p className="small" role="status" aria-live="polite">
        {state.loading && state.rows.length === 0
          ? 'Loading…'
          : `${state.total} ${state.total === 1 ? 'record' : 'records'}`}
      </p>
      {state.error && (
        <p className="error" role="alert">
          {state.error}
        </p>
      )}
      {!state.loading && !state.error && state.total === 0 && (
        <p className="muted">No records match. Clear a filter or choose All.</p>
      )}
      <IncidentTable rows={state.rows} />
      {state.nextCursor && (
        <button type="button" className="load-more" disabled={state.loading} onClick={() => void loadMore()}>
          Load more ({state.rows.length} of {state.total} shown)
        </button>
      )}
    </>
  );
}

/** All / Overdue / Needs triage as a segmented control. */
function ListTabs({ list, onChange }: { list: string; onChange: (value: string) => void }) {
  return (
    <div className="segmented" role="group" aria-label="Which records">
      {LISTS.map((item) => (
        <button key={item.value} type="button" aria-pressed={list === item.value} onClick={() => onChange(item.value)}>
          {item.label}
        </button>
      ))}
    </div>
  );
}

function Filters({
  params,
  facets,
  set,
}: {
  params: URLSearchParams;
  facets: { workflows: string[]; devices: string[] };
  set: (key: string, value: string) => void;
}) {
  const select = (key: string, label: string, options: ReadonlyArray<readonly [string, string]>) => (
    <div className="field">
      <label htmlFor={`filter-${key}`}>{label}</label>
      <select id={`filter-${key}`} value={params.get(key) ?? ''} onChange={(e) => set(key, e.target.value)}>
        <option value="">Any</option>
        {options.map(([value, text]) => (
          <option key={value} value={value}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
  const filtered = FILTER_KEYS.some((key) => params.get(key));
  return (
    <div role="search" aria-label="Find incidents" className="console-filters">
      <div className="field filter-text">
        <label htmlFor="filter-text">Search</label>
        <input
          id="filter-text"
          type="search"
          value={params.get('text') ?? ''}
          placeholder="Words in the output, page, workflow, reporter"
          onChange={(e) => set('text', e.target.value)}
        />
      </div>
      {select('recordClass', 'Class', Object.entries(CLASS_LABELS))}
      {select(
        'severity',
        'Severity',
        SEVERITIES.map((severity) => [severity, SEVERITY_LABELS[severity]] as const),
      )}
      {select(
        'status',
        'Status',
        StatusSchema.options.map((status: Status) => [status, statusLabel(status)] as const),
      )}
      {select(
        'workflow',
        'Workflow',
        facets.workflows.map((name) => [name, name] as const),
      )}
      {select(
        'device',
        'Device',
        facets.devices.map((id) => [id, shortDevice(id)] as const),
      )}
      <div className="field">
        <label htmlFor="filter-from">Detected from (UTC)</label>
        <input
          id="filter-from"
          type="date"
          value={params.get('from') ?? ''}
          onChange={(e) => set('from', e.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor="filter-to">Detected to (UTC)</label>
        <input id="filter-to" type="date" value={params.get('to') ?? ''} onChange={(e) => set('to', e.target.value)} />
      </div>
      {filtered && (
        <div className="field filter-clear">
          <button type="button" onClick={() => replaceHash(href('/incidents', clearFilters(params)))}>
            Clear filters
          </button>
        </div>
      )}
    </div>
  );
}

function clearFilters(params: URLSearchParams): URLSearchParams {
  const next = new URLSearchParams(params);
  FILTER_KEYS.forEach((key) => next.delete(key));
  return next;
}

/** The severity as a badge in its colour, or a dash. */
export function SeverityBadge({ severity }: { severity: string | null | undefined }) {
  if (!severity) return <span className="muted">—</span>;
  return <span className={`badge sev-${severity.toLowerCase()}`}>{severity}</span>;
}

export function ClassBadge({ recordClass }: { recordClass: IncidentSummary['recordClass'] }) {
  const style = recordClass === 'unassessed' ? 'badge-attention' : `class-${recordClass}`;
  return <span className={`badge ${style}`}>{CLASS_LABELS[recordClass]}</span>;
}

function DueCell({ row }: { row: IncidentSummary }) {
  if (!row.dueAt) return <span className="muted">—</span>;
  const what = row.dueKind === 'triage' ? 'triage' : 'response';
  return (
    <>
      {row.overdue && <span className="badge badge-overdue">Overdue</span>}{' '}
      <span className="small">
        {what} <time dateTime={row.dueAt}>{formatTime(row.dueAt)}</time>
      </span>
    </>
  );
}

const COLUMNS = ['Severity', 'Class', 'What', 'Workflow', 'Device', 'Detected', 'Due', 'Owner', 'Acknowledged'];

function IncidentTable({ rows }: { rows: IncidentSummary[] }) {
  if (rows.length === 0) return null;
  return (
    <table className="incidents" aria-label="Incidents">
      <thead>
        <tr>
          {COLUMNS.map((column) => (
            <th key={column} scope="col">
              {column}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.id} onClick={(event) => openRow(event, row.id)}>
            <td data-label="Severity">
              <SeverityBadge severity={row.severity} />
            </td>
            <td data-label="Class">
              <ClassBadge recordClass={row.recordClass} />
            </td>
            <td data-label="What" className="what">
              <a href={href(`/incidents/${encodeURIComponent(row.id)}`)}>{oneLine(row.output, 120) || '(no text)'}</a>
            </td>
            <td data-label="Workflow">{row.workflow}</td>
            <td data-label="Device">
              <span title={row.deviceId}>{shortDevice(row.deviceId)}</span>
            </td>
            <td data-label="Detected">
              <time dateTime={row.detectedAt}>{formatTime(row.detectedAt)}</time>
            </td>
            <td data-label="Due">
              <DueCell row={row} />
            </td>
            <td data-label="Owner">{row.assignedOwner ?? <span className="muted">—</span>}</td>
            <td data-label="Acknowledged">
              {row.acknowledgedAt ? `Yes, by ${row.acknowledgedBy ?? 'someone'}` : <span className="muted">No</span>}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A click anywhere on a row opens its record, as its link does (keyboard users tab to the link). */
function openRow(event: React.MouseEvent<HTMLTableRowElement>, id: string) {
  if ((event.target as HTMLElement).closest('a, button') || window.getSelection()?.toString()) return;
  window.location.hash = href(`/incidents/${encodeURIComponent(id)}`);
}
