import type { Incident } from '../incident/schema';
import { workflowName } from './filter';

/** The summary columns of the CSV export, with how each is read from a record. */
const COLUMNS: ReadonlyArray<[string, (r: Incident) => string | number | boolean | undefined]> = [
  ['id', (r) => r.id],
  ['revision', (r) => r.revision],
  ['status', (r) => r.status],
  ['class', (r) => r.assessment?.class],
  ['severity', (r) => r.assessment?.severity],
  ['provisional', (r) => r.assessment?.provisional],
  ['workflow', (r) => workflowName(r)],
  ['owner', (r) => r.workflow?.owner],
  ['detectedAt', (r) => r.timeline.detectedAt],
  ['containedAt', (r) => r.steps?.contained?.completedAt],
  ['rootCause', (r) => r.diagnosis?.rootCause],
  ['reporter', (r) => r.reporter.name || r.reporter.email],
  ['pageTitle', (r) => r.evidence.page.title],
  ['pageUrl', (r) => r.evidence.page.url],
  ['output', (r) => r.evidence.output],
  ['whatHappened', (r) => r.whatHappened],
  ['createdAt', (r) => r.createdAt],
  ['updatedAt', (r) => r.updatedAt],
];

/**
 * One CSV cell. Text a spreadsheet would run as a formula (starting with = + - @, tab or carriage
 * return, OWASP's list) gets a leading apostrophe, so opening the file never executes page text;
 * every cell is quoted so commas, quotes and newlines stay inside it.
 */
export function csvCell(value: string | number | boolean | undefined): string {
  let text = value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return `"${text.replace(/"/g, '""')}"`;
}

/** The CSV export of the records' summary fields, with a header row and CRLF line ends (RFC 4180). */
export function toCsv(records: readonly Incident[]): string {
  const lines = [COLUMNS.map(([name]) => csvCell(name)).join(',')];
  for (const record of records) lines.push(COLUMNS.map(([, read]) => csvCell(read(record))).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
