import { SEVERITIES, SEVERITY_LABELS } from '@/lib/assessment/rules';
import { statusLabel } from '@/lib/incident/lifecycle';
import { StatusSchema } from '@/lib/incident/schema';
import type { LogFilter } from '@/lib/log/filter';
import { SYNC_STATE_LABELS } from '@/lib/sync/state';

type SelectField = Exclude<keyof LogFilter, 'text' | 'from' | 'to'>;

/** The log's search box and filters; every control is labelled. */
export function LogFilters({
  filter,
  workflows,
  onChange,
}: {
  filter: LogFilter;
  workflows: readonly string[];
  onChange: (filter: LogFilter) => void;
}) {
  const set = (patch: Partial<LogFilter>) => onChange({ ...filter, ...patch });
  const select = (field: SelectField, label: string, options: ReadonlyArray<[string, string]>) => (
    <div className="field">
      <label htmlFor={`log-${field}`}>{label}</label>
      <select id={`log-${field}`} value={filter[field]} onChange={(e) => set({ [field]: e.target.value })}>
        <option value="">Any</option>
        {options.map(([value, text]) => (
          <option key={value} value={value}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
  return (
    <div role="search" aria-label="Find records">
      <div className="field">
        <label htmlFor="log-text">Search</label>
        <input
          id="log-text"
          type="search"
          value={filter.text}
          placeholder="Words in the output, page, workflow, reporter"
          onChange={(e) => set({ text: e.target.value })}
        />
      </div>
      <details className="log-more">
        <summary>Filters</summary>
        <div className="filters">
          {select('recordClass', 'Class', [
            ['incident', 'Incident'],
            ['near-miss', 'Near miss'],
            ['unassessed', 'Not assessed'],
          ])}
          {select(
            'severity',
            'Severity',
            SEVERITIES.map((severity) => [severity, SEVERITY_LABELS[severity]]),
          )}
          {select(
            'status',
            'Status',
            StatusSchema.options.map((status) => [status, statusLabel(status)]),
          )}
          {select(
            'workflow',
            'Workflow',
            workflows.map((name) => [name, name]),
          )}
          {select('sync', 'Sync', Object.entries(SYNC_STATE_LABELS))}
          <div className="field">
            <label htmlFor="log-from">Detected from</label>
            <input id="log-from" type="date" value={filter.from} onChange={(e) => set({ from: e.target.value })} />
          </div>
          <div className="field">
            <label htmlFor="log-to">Detected to</label>
            <input id="log-to" type="date" value={filter.to} onChange={(e) => set({ to: e.target.value })} />
          </div>
        </div>
      </details>
    </div>
  );
}
