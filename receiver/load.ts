// `npm run load`: sends generated records to one or more receivers the way a fleet of browsers
// would, round-robin across the URLs as a load balancer spreads them, and prints records/s.
//
//   npm run load -- --records 100000 --devices 20 --urls http://127.0.0.1:8787,http://127.0.0.1:8788 \
//     --token <reporter token> [--secret whsec_…]
//
// Flags or environment: --records (LOAD_RECORDS), --devices (LOAD_DEVICES), --urls (LOAD_URLS),
// --token (LOAD_TOKEN), --secret (LOAD_SECRET), --in-flight (LOAD_IN_FLIGHT), --first (LOAD_FIRST).
// Records follow the wire contract in receiver/README.md: batches of at most 50, a batch id derived
// from the revisions it holds, a bearer token, Standard Webhooks signatures when a secret is given.
// A share of the batches is sent twice, at once or after its answer, often to another receiver:
// every answer must name each record as accepted or duplicate, and each revision is accepted once.
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { SEVERITIES } from '../lib/assessment/rules';
import type { Incident } from '../lib/incident/schema';
import { sampleRecord } from '../lib/log/sample';
import { batchIdFor } from '../lib/sync/batch-id';
import { MAX_BATCH_RECORDS, refKey, WIRE_SCHEMA_VERSION } from '../lib/sync/contract';
import { signatureHeaders } from '../lib/sync/signing';

/** The party that a tenth of the generated records route to: a notification target can select it. */
export const ROUTED_PARTY = 'Security';

export interface LoadOptions {
  /** Base URLs of the receivers (`http://host:port`) or their batch endpoints; used round-robin. */
  urls: string[];
  /** Distinct records (ids); some get a second revision on top. */
  records?: number;
  devices?: number;
  /** Requests each device has in flight at once. */
  inFlight?: number;
  /** Bearer token (a reporter token is enough). */
  token?: string;
  /** Standard Webhooks secret (`whsec_…`); when set, every batch is signed. */
  secret?: string;
  /** Index of the first generated record: another value gives other ids (a store that holds a run). */
  first?: number;
  /** One batch in this many is sent twice. 0 sends none twice. */
  resendEvery?: number;
  /** Progress lines, e.g. `console.log`; none by default. */
  log?: (line: string) => void;
  /** How often a progress line is written; every 5 s unless given. */
  logEveryMs?: number;
}

export interface LoadResult {
  /** Distinct record ids sent. */
  records: number;
  /** Distinct (id, revision) pairs sent: what the store must hold. */
  revisions: number;
  /** Revisions that route to {@link ROUTED_PARTY}, counted per revision. */
  routedRevisions: number;
  /** Ids whose first revision routes to {@link ROUTED_PARTY}. */
  routedRecords: number;
  /** Second revisions of routed records: each raised the severity. */
  routedRaises: number;
  batches: number;
  /** Batches sent a second time. */
  resends: number;
  /** Requests repeated after a 429, a 5xx or a network error. */
  retries: number;
  /** Why the first few were repeated: status and answer, or the network error. */
  retryReasons: string[];
  /** Record revisions the answers named as accepted (each once when nothing was stored twice). */
  accepted: number;
  /** Record revisions the answers named as duplicate (the resends). */
  duplicate: number;
  seconds: number;
  /** Distinct revisions stored per second of the run, resends not counted. */
  recordsPerSecond: number;
}

/** A device's UUID, fixed by its number. */
export function deviceId(device: number): string {
  return `d0000000-0000-4000-8000-${device.toString(16).padStart(12, '0')}`;
}

function isRouted(index: number): boolean {
  return index % 10 === 1;
}

function hasSecondRevision(index: number, record: Incident): boolean {
  return index % 6 === 1 && record.assessment?.severity !== 'SEV1';
}

/**
 * Record `index` as device `device` sends it at revision 1: the sample record with that device's
 * reporter and a stored routing that names the workflow's owner, and {@link ROUTED_PARTY} for a
 * tenth of the records.
 */
export function loadRecord(index: number, device: number): Incident {
  const base = sampleRecord(index);
  const detected = base.timeline.detectedAt;
  const severity = base.assessment?.severity ?? 'SEV4';
  const parties = [{ who: base.workflow?.owner ?? 'Workflow owner', why: 'Owns the workflow' }];
  if (isRouted(index)) parties.push({ who: ROUTED_PARTY, why: 'Customer data may be involved' });
  return {
    ...base,
    reporter: { name: `Reviewer ${index % 7} on device ${device}` },
    routing: {
      severity,
      routedAt: detected,
      within: '1 business day',
      dueAt: new Date(Date.parse(detected) + 86_400_000).toISOString(),
      parties,
      containment: [],
      failedControls: [],
    },
  };
}

/** The second revision of a record: re-assessed a day later one severity higher. */
export function raisedRecord(first: Incident): Incident {
  const from = first.assessment!.severity!;
  const severity = SEVERITIES[SEVERITIES.indexOf(from) - 1]!;
  const at = new Date(Date.parse(first.updatedAt) + 86_400_000).toISOString();
  return {
    ...first,
    revision: 2,
    updatedAt: at,
    assessment: { ...first.assessment!, severity },
    routing: { ...first.routing!, severity, routedAt: at },
    history: [
      ...first.history,
      {
        at,
        by: 'Generator',
        revision: 2,
        action: `Re-assessed: ${from} to ${severity}`,
        changed: ['assessment.severity'],
      },
    ],
  };
}

interface PlannedBatch {
  device: number;
  seq: number;
  records: Incident[];
  /** Batches holding the first revisions of this batch's second revisions: sent only after them. */
  after: number[];
  resend?: 'together' | 'later';
}

/**
 * Each device's batches in sending order: its records' first revisions, and each second revision
 * two batches after its first, so a record's revisions travel in order as a device sends them.
 */
export function planBatches(options: Required<Pick<LoadOptions, 'records' | 'devices' | 'first' | 'resendEvery'>>) {
  const plans: PlannedBatch[][] = [];
  const totals = { revisions: 0, routedRevisions: 0, routedRecords: 0, routedRaises: 0 };
  let seq = 0;
  for (let device = 0; device < options.devices; device++) {
    const batches: PlannedBatch[] = [];
    let current: PlannedBatch | undefined;
    const pending: { record: Incident; due: number; from: number; routed: boolean }[] = [];
    const push = (record: Incident, from?: number) => {
      if (!current || current.records.length === MAX_BATCH_RECORDS) {
        current = { device, seq: seq++, records: [], after: [] };
        if (options.resendEvery > 0 && current.seq % options.resendEvery === options.resendEvery - 1) {
          current.resend = Math.floor(current.seq / options.resendEvery) % 2 ? 'later' : 'together';
        }
        batches.push(current);
      }
      current.records.push(record);
      if (from !== undefined && from !== current.seq && !current.after.includes(from)) current.after.push(from);
      totals.revisions += 1;
      return current.seq;
    };
    const pushSecond = (second: { record: Incident; from: number; routed: boolean }) => {
      push(second.record, second.from);
      if (second.routed) {
        totals.routedRevisions += 1;
        totals.routedRaises += 1;
      }
    };
    // Each device sends a run of consecutive indices, so each has every kind of record.
    const end = Math.floor(((device + 1) * options.records) / options.devices);
    for (let n = Math.floor((device * options.records) / options.devices); n < end; n++) {
      const index = options.first + n;
      const record = loadRecord(index, device);
      const batch = push(record);
      if (isRouted(index)) {
        totals.routedRecords += 1;
        totals.routedRevisions += 1;
      }
      if (hasSecondRevision(index, record)) {
        pending.push({ record: raisedRecord(record), due: batches.length + 2, from: batch, routed: isRouted(index) });
      }
      while (pending.length && pending[0]!.due <= batches.length) pushSecond(pending.shift()!);
    }
    pending.forEach(pushSecond);
    plans.push(batches);
  }
  return { plans, totals };
}

function endpointOf(url: string): string {
  const trimmed = url.replace(/\/+$/, '');
  return trimmed.endsWith('/v1/batches') ? trimmed : `${trimmed}/v1/batches`;
}

interface Answer {
  accepted?: { id: string; revision: number }[];
  duplicate?: { id: string; revision: number }[];
  conflict?: unknown[];
  rejected?: unknown[];
}

/** Posts one batch, trying again after a 429, a 5xx or no answer; throws unless every record is stored. */
async function postBatch(
  endpoint: string,
  batch: PlannedBatch,
  options: Pick<LoadOptions, 'token' | 'secret'>,
  stats: { retries: number; retryReasons: string[] },
): Promise<Answer> {
  const batchId = batchIdFor(batch.records.map(refKey));
  const body = JSON.stringify({
    schemaVersion: WIRE_SCHEMA_VERSION,
    batchId,
    deviceId: deviceId(batch.device),
    sentAt: new Date().toISOString(),
    records: batch.records,
  });
  for (let attempt = 1; ; attempt++) {
    const headers: Record<string, string> = { 'content-type': 'application/json', 'idempotency-key': batchId };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.secret) Object.assign(headers, await signatureHeaders(options.secret, batchId, body, new Date()));
    let status = 0;
    let text = '';
    try {
      const response = await fetch(endpoint, { method: 'POST', headers, body });
      status = response.status;
      text = await response.text();
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      text = `${error instanceof Error ? error.message : String(error)}${cause ? ` (${cause.code ?? cause.message})` : ''}`;
    }
    if (status >= 200 && status < 300) {
      const answer = JSON.parse(text) as Answer;
      const named = new Set([...(answer.accepted ?? []), ...(answer.duplicate ?? [])].map(refKey));
      const missing = batch.records.filter((r) => !named.has(refKey(r)));
      if (missing.length || answer.conflict?.length || answer.rejected?.length) {
        throw new Error(`${endpoint} did not store batch ${batchId}: ${text.slice(0, 500)}`);
      }
      return answer;
    }
    // As the extension does: 429, 5xx and no answer are tried again; anything else is a refusal.
    if ((status === 0 || status === 429 || status >= 500) && attempt < 30) {
      stats.retries += 1;
      if (stats.retryReasons.length < 5) stats.retryReasons.push(`${status || 'no answer'}: ${text.slice(0, 200)}`);
      await new Promise((resolve) => setTimeout(resolve, Math.min(2_000, 25 * 2 ** Math.min(attempt, 6))));
      continue;
    }
    throw new Error(`${endpoint} answered ${status || 'nothing'} to batch ${batchId}: ${text.slice(0, 500)}`);
  }
}

type Stats = Pick<LoadResult, 'batches' | 'resends' | 'retries' | 'retryReasons' | 'accepted' | 'duplicate'> & {
  sent: number;
};

/**
 * Sends one planned batch once its records' earlier revisions are stored, and a second copy of it
 * where the plan says so: at the same moment (the two race for the same rows) or after the answer.
 */
async function sendBatch(
  batch: PlannedBatch,
  run: {
    options: LoadOptions;
    stats: Stats;
    nextEndpoint: () => string;
    done: Map<number, Promise<void>>;
    finished: Map<number, () => void>;
  },
): Promise<void> {
  const { options, stats, nextEndpoint } = run;
  const count = (answer: Answer) => {
    stats.accepted += answer.accepted?.length ?? 0;
    stats.duplicate += answer.duplicate?.length ?? 0;
  };
  await Promise.all(batch.after.map((seq) => run.done.get(seq)));
  const first = nextEndpoint();
  if (batch.resend === 'together') {
    // To two receivers where there are two.
    const second = nextEndpoint();
    const answers = await Promise.all([
      postBatch(first, batch, options, stats),
      postBatch(second, batch, options, stats),
    ]);
    answers.forEach(count);
    stats.resends += 1;
  } else {
    count(await postBatch(first, batch, options, stats));
    if (batch.resend === 'later') {
      count(await postBatch(nextEndpoint(), batch, options, stats));
      stats.resends += 1;
    }
  }
  stats.batches += 1;
  stats.sent += batch.records.length;
  run.finished.get(batch.seq)!();
}

/** Sends generated records to the receivers and checks every answer. Throws on a refused record. */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const records = options.records ?? 100_000;
  const devices = Math.max(1, Math.min(options.devices ?? 20, records || 1));
  const inFlight = Math.max(1, options.inFlight ?? 2);
  const endpoints = options.urls.map(endpointOf);
  if (!endpoints.length) throw new Error('No receiver URL given (--urls).');
  const { plans, totals } = planBatches({
    records,
    devices,
    first: options.first ?? 0,
    resendEvery: options.resendEvery ?? 20,
  });
  const done = new Map<number, Promise<void>>();
  const finished = new Map<number, () => void>();
  for (const batch of plans.flat())
    done.set(batch.seq, new Promise<void>((resolve) => finished.set(batch.seq, resolve)));
  const stats: Stats = { batches: 0, resends: 0, retries: 0, retryReasons: [], accepted: 0, duplicate: 0, sent: 0 };
  let turn = 0;
  const nextEndpoint = () => endpoints[turn++ % endpoints.length]!;

  const started = performance.now();
  let lastLog = started;
  await Promise.all(
    plans.map(async (batches) => {
      let next = 0;
      await Promise.all(
        Array.from({ length: inFlight }, async () => {
          while (next < batches.length) {
            await sendBatch(batches[next++]!, { options, stats, nextEndpoint, done, finished });
            if (options.log && performance.now() - lastLog > (options.logEveryMs ?? 5_000)) {
              lastLog = performance.now();
              const seconds = (lastLog - started) / 1000;
              options.log(`${stats.sent} of ${totals.revisions} revisions in ${seconds.toFixed(0)} s`);
            }
          }
        }),
      );
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const { sent: _sent, ...counted } = stats;
  return { records, ...totals, ...counted, seconds, recordsPerSecond: totals.revisions / seconds };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      records: { type: 'string' },
      devices: { type: 'string' },
      urls: { type: 'string' },
      token: { type: 'string' },
      secret: { type: 'string' },
      'in-flight': { type: 'string' },
      first: { type: 'string' },
    },
  });
  const env = process.env;
  const number = (text: string | undefined, fallback: number) => (text ? Number(text) : fallback);
  const result = await runLoad({
    urls: (values.urls ?? env.LOAD_URLS ?? 'http://127.0.0.1:8787').split(',').filter(Boolean),
    records: number(values.records ?? env.LOAD_RECORDS, 100_000),
    devices: number(values.devices ?? env.LOAD_DEVICES, 20),
    inFlight: number(values['in-flight'] ?? env.LOAD_IN_FLIGHT, 2),
    first: number(values.first ?? env.LOAD_FIRST, 0),
    token: values.token ?? env.LOAD_TOKEN,
    secret: values.secret ?? env.LOAD_SECRET,
    log: (line) => console.log(line),
  });
  console.log(
    `${result.revisions} revisions of ${result.records} records in ${result.batches} batches ` +
      `(${result.resends} sent twice, ${result.retries} retried) in ${result.seconds.toFixed(1)} s: ` +
      `${Math.round(result.recordsPerSecond)} records/s; accepted ${result.accepted}, duplicate ${result.duplicate}`,
  );
  for (const reason of result.retryReasons) console.log(`retried after ${reason}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  });
}
