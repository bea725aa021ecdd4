/**
 * The notification outbox. Storing a record queues its notifications in the same transaction, one
 * row per (record, revision, target), so a notification exists exactly when its record is stored
 * and a resend or a second receiver queues nothing twice. A notifier loop in every receiver claims
 * due rows with `FOR UPDATE SKIP LOCKED`, so two receivers on one database never claim the same
 * row, sends them outside the transaction, and retries failures with growing pauses.
 */
import type { Incident } from '../../lib/incident/schema';
import { asIncident } from '../db/latest';
import type { Query, Sql } from '../db/sql';
import { composeNotification, notificationReason, partiesMatch, recordParties } from './message';
import { sendToTarget, SendError } from './senders';
import { getTarget } from './targets';

/** After this many failed attempts a notification is given up (`failed`). */
export const MAX_ATTEMPTS = 10;
/** Rows claimed per round. */
const CLAIM_LIMIT = 20;
/** How long a claimed row stays with its claimer before another receiver may take it back. */
const LOCK_SECONDS = 120;

export type OutboxStatus = 'pending' | 'sending' | 'sent' | 'failed';

/**
 * The pause before attempt `attempts + 1`: 10 s, 20 s, 40 s … doubling, at most an hour, each
 * within ±20 % so failed sends to one target do not all come back at once. In milliseconds.
 */
export function backoffMs(attempts: number, random: () => number = Math.random): number {
  const base = Math.min(3_600_000, 10_000 * 2 ** Math.max(0, attempts - 1));
  return Math.round(base * (0.8 + 0.4 * random()));
}

/**
 * Queues the notifications a newly stored latest revision calls for: on a record's first revision
 * here, or when it raises the severity over `previous`; one row for each enabled target whose
 * parties match. Called inside the storing transaction. Returns how many rows were queued.
 */
export async function enqueueNotifications(
  query: Query,
  input: { record: Incident; previous?: Incident },
): Promise<number> {
  const reason = notificationReason(input.record, input.previous);
  if (!reason) return 0;
  const parties = recordParties(input.record);
  const { rows: targets } = await query<{ id: string; parties: unknown }>(
    'SELECT id, parties FROM notification_targets WHERE enabled ORDER BY created_at, id',
  );
  let queued = 0;
  for (const target of targets) {
    const wanted = Array.isArray(target.parties) ? (target.parties as string[]) : [];
    if (!partiesMatch(wanted, parties)) continue;
    const { rows } = await query(
      `INSERT INTO notification_outbox (id, record_id, revision, target_id, reason)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (record_id, revision, target_id) DO NOTHING
       RETURNING id`,
      [crypto.randomUUID(), input.record.id, input.record.revision, target.id, reason],
    );
    queued += rows.length;
  }
  return queued;
}

/** How many notifications stand in each state. */
export async function notificationStatus(query: Query): Promise<Record<OutboxStatus, number>> {
  const { rows } = await query<{ status: OutboxStatus; n: number | string }>(
    'SELECT status, count(*) AS n FROM notification_outbox GROUP BY status',
  );
  const counts: Record<OutboxStatus, number> = { pending: 0, sending: 0, sent: 0, failed: 0 };
  for (const row of rows) counts[row.status] = Number(row.n);
  return counts;
}

interface Claimed {
  id: string;
  record_id: string;
  revision: number;
  target_id: string;
  reason: string;
  attempts: number;
}

export interface NotifierOptions {
  sql: Sql;
  /** The console's base address, for the link in every notification. */
  consoleUrl: string;
  /** Pause between rounds; 5 s unless given. */
  intervalMs?: number;
  fetch?: typeof fetch;
  /** The clock for the words "due in 4 hours"; the database's clock decides what is due, and signatures use the real time. */
  now?: () => Date;
  /** Where a round's failure is told (never with a secret); console.error unless given. */
  log?: (message: string) => void;
}

export interface Notifier {
  /** Claims and sends every notification due now, each once; returns how many were attempted. */
  runOnce(): Promise<number>;
  /** Ends the loop after the round in progress. */
  stop(): Promise<void>;
}

/**
 * Rows a crashed or stalled sender left in `sending` past their lock go back to `pending`
 * (or `failed` when that was their last attempt).
 */
async function reclaimStuck(sql: Sql): Promise<void> {
  await sql.query(
    `UPDATE notification_outbox
       SET status = CASE WHEN attempts >= $1 THEN 'failed' ELSE 'pending' END,
           locked_until = NULL,
           next_attempt_at = now(),
           last_error = COALESCE(last_error, 'Interrupted while sending')
     WHERE status = 'sending' AND locked_until < now()`,
    [MAX_ATTEMPTS],
  );
}

/**
 * Takes up to CLAIM_LIMIT rows due by `dueBy` for this process: `sending`, locked for two minutes,
 * one more attempt.
 */
function claim(sql: Sql, dueBy: string): Promise<Claimed[]> {
  return sql.transaction(async (tx) => {
    const { rows } = await tx.query<Claimed>(
      `UPDATE notification_outbox
         SET status = 'sending', locked_until = now() + make_interval(secs => $1), attempts = attempts + 1
       WHERE id IN (
         SELECT id FROM notification_outbox
          WHERE status = 'pending' AND next_attempt_at <= $3::timestamptz
          ORDER BY next_attempt_at
          LIMIT $2
          FOR UPDATE SKIP LOCKED)
       RETURNING id, record_id, revision, target_id, reason, attempts`,
      [LOCK_SECONDS, CLAIM_LIMIT, dueBy],
    );
    return rows;
  });
}

async function loadRecord(sql: Sql, id: string, revision: number): Promise<Incident | undefined> {
  const { rows } = await sql.query<{ record: unknown }>(
    'SELECT record FROM incident_revisions WHERE id = $1 AND revision = $2',
    [id, revision],
  );
  if (!rows[0]) return undefined;
  const raw = typeof rows[0].record === 'string' ? JSON.parse(rows[0].record) : rows[0].record;
  return asIncident(raw);
}

async function markSent(sql: Sql, row: Claimed): Promise<void> {
  await sql.query(
    `UPDATE notification_outbox SET status = 'sent', sent_at = now(), locked_until = NULL
      WHERE id = $1 AND status = 'sending' AND attempts = $2`,
    [row.id, row.attempts],
  );
}

async function markFailed(sql: Sql, row: Claimed, error: string, final: boolean): Promise<void> {
  await sql.query(
    `UPDATE notification_outbox
       SET status = $3, locked_until = NULL, last_error = $4,
           next_attempt_at = now() + make_interval(secs => $5)
     WHERE id = $1 AND status = 'sending' AND attempts = $2`,
    [
      row.id,
      row.attempts,
      final || row.attempts >= MAX_ATTEMPTS ? 'failed' : 'pending',
      error.slice(0, 1_000),
      backoffMs(row.attempts) / 1000,
    ],
  );
}

/** Sends one claimed row and records how it went. */
async function deliver(options: NotifierOptions, row: Claimed): Promise<void> {
  const { sql } = options;
  const target = await getTarget(sql.query, row.target_id);
  if (!target) return; // Deleted meanwhile: its rows went with it.
  if (!target.enabled) return markFailed(sql, row, 'The target was turned off before this was sent', true);
  let record: Incident | undefined;
  try {
    record = await loadRecord(sql, row.record_id, row.revision);
  } catch {
    return markFailed(sql, row, 'The stored record could not be read', true);
  }
  if (!record) return markFailed(sql, row, 'The record is no longer held', true);
  const now = options.now?.() ?? new Date();
  const notification = composeNotification(record, { reason: row.reason, consoleUrl: options.consoleUrl, now });
  try {
    // Signed with the real time, whatever clock the words "due in …" were read from.
    await sendToTarget(target, notification, row.id, { fetch: options.fetch });
  } catch (error) {
    const message = error instanceof Error ? error.message : 'Sending failed';
    const status = error instanceof SendError && error.status ? ` (status ${error.status})` : '';
    return markFailed(sql, row, `${message}${status}`, false);
  }
  await markSent(sql, row);
}

/**
 * Starts the notifier loop: every `intervalMs` it takes back stuck rows, then claims and sends
 * what is due until nothing is. Several receivers on one database may each run one.
 */
export function startNotifier(options: NotifierOptions): Notifier {
  const interval = options.intervalMs ?? 5_000;
  const log = options.log ?? ((message: string) => console.error(message));
  let running: Promise<number> | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;

  async function round(): Promise<number> {
    await reclaimStuck(options.sql);
    // What is due when the round starts: a send failing during it waits for a later round.
    const { rows: clock } = await options.sql.query<{ at: string }>('SELECT now()::text AS at');
    const dueBy = clock[0]!.at;
    let attempted = 0;
    for (;;) {
      const rows = await claim(options.sql, dueBy);
      if (!rows.length) return attempted;
      attempted += rows.length;
      // Every send settles before the round ends or fails, so stop() never leaves one running.
      const results = await Promise.allSettled(rows.map((row) => deliver(options, row)));
      const failure = results.find((result) => result.status === 'rejected');
      if (failure) throw failure.reason;
    }
  }

  /** One round at a time per notifier: a call during a round waits for it and then runs its own. */
  async function runOnce(): Promise<number> {
    while (running) await running.catch(() => undefined);
    running = round();
    try {
      return await running;
    } finally {
      running = undefined;
    }
  }

  function schedule(): void {
    if (stopped) return;
    timer = setTimeout(() => {
      runOnce()
        .catch((error: unknown) => {
          const code = (error as { code?: unknown } | null)?.code;
          log(`Notifications: a round failed${typeof code === 'string' ? ` (${code})` : ''}; trying again.`);
        })
        .finally(schedule);
    }, interval);
    timer.unref?.();
  }
  schedule();

  return {
    runOnce,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running?.catch(() => undefined);
    },
  };
}
