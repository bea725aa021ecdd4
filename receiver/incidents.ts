import { z } from 'zod';
import { SeveritySchema } from '../lib/assessment/rules';
import type { Incident } from '../lib/incident/schema';
import { StatusSchema } from '../lib/incident/schema';
import { recordHash } from '../lib/integrity/chain';
import { asIncident } from './db/latest';
import type { Query, Sql } from './db/sql';
import { iso } from './store';

/** The console's list query: the extension log's filters, plus device and the two work lists. */
export const IncidentQuerySchema = z.object({
  text: z.string().max(500).default(''),
  recordClass: z.enum(['', 'incident', 'near-miss', 'unassessed']).default(''),
  severity: z.union([z.literal(''), SeveritySchema]).default(''),
  status: z.union([z.literal(''), StatusSchema]).default(''),
  workflow: z.string().max(500).default(''),
  device: z.string().max(100).default(''),
  from: z.union([z.literal(''), z.iso.date()]).default(''),
  to: z.union([z.literal(''), z.iso.date()]).default(''),
  /** `overdue`: past its open due time. `triage`: nobody has assessed or acknowledged it yet. */
  list: z.enum(['', 'overdue', 'triage']).default(''),
  cursor: z.string().max(300).default(''),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type IncidentQuery = z.infer<typeof IncidentQuerySchema>;

/** One row of the console's list. */
export interface IncidentSummary {
  id: string;
  revision: number;
  deviceId: string;
  receivedAt: string;
  createdAt: string;
  detectedAt: string;
  recordClass: 'incident' | 'near-miss' | 'unassessed';
  severity: string | null;
  status: string;
  workflow: string;
  dueAt: string | null;
  dueKind: 'triage' | 'response' | null;
  overdue: boolean;
  output: string;
  pageTitle: string;
  reporter: string;
  assignedOwner: string | null;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
}

const SUMMARY = `
SELECT id, revision, device_id AS "deviceId", ${iso('received_at')} AS "receivedAt",
  ${iso('created_at')} AS "createdAt", ${iso('detected_at')} AS "detectedAt",
  record_class AS "recordClass", severity, status, workflow,
  ${iso('due_at')} AS "dueAt", due_kind AS "dueKind", coalesce(due_at < now(), false) AS overdue,
  left(record->'evidence'->>'output', 280) AS output, coalesce(record->'evidence'->'page'->>'title', '') AS "pageTitle",
  coalesce(record->'reporter'->>'name', '') AS reporter,
  assigned_owner AS "assignedOwner", ${iso('acknowledged_at')} AS "acknowledgedAt", acknowledged_by AS "acknowledgedBy"
FROM incidents`;

/** `%` and `_` are wildcards in LIKE: a search for them means the characters. */
const likeWord = (word: string) => `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** The cursor is the last row's (created, id): the next page starts strictly after it. */
function encodeCursor(row: Pick<IncidentSummary, 'createdAt' | 'id'>): string {
  return Buffer.from(JSON.stringify([row.createdAt, row.id])).toString('base64url');
}
function decodeCursor(cursor: string): [string, string] | undefined {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    const parsed = z.tuple([z.iso.datetime(), z.string().max(100)]).safeParse(value);
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** WHERE clause and parameters for a query, without the cursor. */
function conditions(q: IncidentQuery): { where: string[]; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (sql: (n: string) => string, value: unknown) => {
    params.push(value);
    where.push(sql(`$${params.length}`));
  };
  for (const word of q.text.toLowerCase().split(/\s+/).filter(Boolean)) add((n) => `search LIKE ${n}`, likeWord(word));
  if (q.recordClass) add((n) => `record_class = ${n}`, q.recordClass);
  if (q.severity) add((n) => `severity = ${n}`, q.severity);
  if (q.status) add((n) => `status = ${n}`, q.status);
  if (q.workflow) add((n) => `workflow = ${n}`, q.workflow);
  if (q.device) add((n) => `device_id = ${n}`, q.device);
  // Whole days in UTC: the "to" day is included.
  if (q.from) add((n) => `detected_at >= ${n}::date`, q.from);
  if (q.to) add((n) => `detected_at < ${n}::date + 1`, q.to);
  if (q.list === 'overdue') where.push('due_at < now()');
  if (q.list === 'triage') {
    where.push(
      `record_class = 'unassessed' AND acknowledged_at IS NULL AND status NOT IN ('draft', 'declined', 'merged')`,
    );
  }
  return { where, params };
}

/** A page of the latest records, newest first, with the total that match. */
export async function listIncidents(
  query: Query,
  q: IncidentQuery,
): Promise<{ rows: IncidentSummary[]; total: number; nextCursor: string | null }> {
  const { where, params } = conditions(q);
  const whereSql = (extra: string[]) => (extra.length ? ` WHERE ${extra.join(' AND ')}` : '');
  const { rows: counted } = await query<{ total: string | number }>(
    `SELECT count(*) AS total FROM incidents${whereSql(where)}`,
    params,
  );
  const paged = [...where];
  const pageParams = [...params];
  const after = q.cursor ? decodeCursor(q.cursor) : undefined;
  if (after) {
    pageParams.push(after[0], after[1]);
    paged.push(`(created_at, id) < ($${pageParams.length - 1}::timestamptz, $${pageParams.length})`);
  }
  pageParams.push(q.limit + 1);
  const { rows } = await query<IncidentSummary>(
    `${SUMMARY}${whereSql(paged)} ORDER BY created_at DESC, id DESC LIMIT $${pageParams.length}`,
    pageParams,
  );
  const more = rows.length > q.limit;
  const page = rows.slice(0, q.limit);
  return {
    rows: page,
    total: Number(counted[0]?.total ?? 0),
    nextCursor: more && page.length ? encodeCursor(page[page.length - 1]!) : null,
  };
}

/** The workflows and devices the filters offer. */
export async function facets(query: Query): Promise<{ workflows: string[]; devices: string[] }> {
  const workflows = await query<{ workflow: string }>('SELECT DISTINCT workflow FROM incidents ORDER BY workflow');
  const devices = await query<{ device: string }>(
    'SELECT DISTINCT device_id AS device FROM incident_revisions ORDER BY device_id',
  );
  return { workflows: workflows.rows.map((r) => r.workflow), devices: devices.rows.map((r) => r.device) };
}

/** What the team did with a record on the receiver: owner, acknowledgement, notes. */
export interface TriageState {
  assignedOwner: string | null;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
  events: { at: string; by: string; kind: 'assign' | 'acknowledge' | 'note'; value: string }[];
}

export async function triageOf(query: Query, id: string): Promise<TriageState | null> {
  const { rows } = await query<Omit<TriageState, 'events'>>(
    `SELECT assigned_owner AS "assignedOwner", ${iso('acknowledged_at')} AS "acknowledgedAt",
       acknowledged_by AS "acknowledgedBy" FROM incidents WHERE id = $1`,
    [id],
  );
  if (!rows[0]) return null;
  const events = await query<TriageState['events'][number]>(
    `SELECT ${iso('at')} AS at, by_name AS by, kind, value FROM triage_events WHERE record_id = $1 ORDER BY seq`,
    [id],
  );
  return { ...rows[0], events: events.rows };
}

/** One record's file: its latest revision, every revision held, and its triage. */
export async function incidentFile(query: Query, id: string) {
  const { rows } = await query<{ record: unknown }>('SELECT record FROM incidents WHERE id = $1', [id]);
  if (!rows[0]) return null;
  const revisions = await query<{ revision: number; deviceId: string; receivedAt: string; record: unknown }>(
    `SELECT revision, device_id AS "deviceId", ${iso('received_at')} AS "receivedAt", record
     FROM incident_revisions WHERE id = $1 ORDER BY revision`,
    [id],
  );
  return {
    record: asIncident(rows[0].record),
    revisions: revisions.rows.map(({ record, ...rest }) => ({ ...rest, hash: recordHash(record) })),
    triage: (await triageOf(query, id))!,
  };
}

export async function incidentRevision(query: Query, id: string, revision: number): Promise<Incident | null> {
  const { rows } = await query<{ record: unknown }>(
    'SELECT record FROM incident_revisions WHERE id = $1 AND revision = $2',
    [id, revision],
  );
  return rows[0] ? asIncident(rows[0].record) : null;
}

export const TriageActionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('assign'), owner: z.string().trim().min(1).max(200) }),
  z.object({ kind: z.literal('acknowledge') }),
  z.object({ kind: z.literal('note'), text: z.string().trim().min(1).max(5_000) }),
]);
export type TriageAction = z.infer<typeof TriageActionSchema>;

/**
 * A reviewer's triage step, kept as an event and on the record's row in one transaction. An
 * acknowledgement keeps the first one's who and when. Null when the record is not held.
 */
export async function triage(sql: Sql, id: string, action: TriageAction, by: string): Promise<TriageState | null> {
  return sql.transaction(async (tx) => {
    const { rows } = await tx.query('SELECT 1 FROM incidents WHERE id = $1 FOR UPDATE', [id]);
    if (!rows.length) return null;
    const value = action.kind === 'assign' ? action.owner : action.kind === 'note' ? action.text : '';
    await tx.query('INSERT INTO triage_events (record_id, by_name, kind, value) VALUES ($1, $2, $3, $4)', [
      id,
      by,
      action.kind,
      value,
    ]);
    if (action.kind === 'assign') await tx.query('UPDATE incidents SET assigned_owner = $2 WHERE id = $1', [id, value]);
    if (action.kind === 'acknowledge') {
      await tx.query(
        'UPDATE incidents SET acknowledged_at = now(), acknowledged_by = $2 WHERE id = $1 AND acknowledged_at IS NULL',
        [id, by],
      );
    }
    return triageOf(tx.query, id);
  });
}

/** Every latest record, a page at a time in a stable order, for the review and the exports. */
export async function* latestRecords(query: Query, pageSize = 1_000): AsyncGenerator<unknown[]> {
  let after = '';
  for (;;) {
    const { rows } = await query<{ id: string; record: unknown }>(
      'SELECT id, record FROM incidents WHERE id > $1 ORDER BY id LIMIT $2',
      [after, pageSize],
    );
    if (!rows.length) return;
    yield rows.map((r) => r.record);
    after = rows[rows.length - 1]!.id;
    if (rows.length < pageSize) return;
  }
}

/** Every revision held, a page at a time, oldest first per record. */
export async function* allRevisions(query: Query, pageSize = 1_000): AsyncGenerator<unknown[]> {
  let after: [string, number] = ['', 0];
  for (;;) {
    const { rows } = await query<{ id: string; revision: number; record: unknown }>(
      'SELECT id, revision, record FROM incident_revisions WHERE (id, revision) > ($1, $2) ORDER BY id, revision LIMIT $3',
      [after[0], after[1], pageSize],
    );
    if (!rows.length) return;
    yield rows.map((r) => r.record);
    const last = rows[rows.length - 1]!;
    after = [last.id, last.revision];
    if (rows.length < pageSize) return;
  }
}
