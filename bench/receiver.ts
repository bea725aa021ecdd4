// Row 8: the team receiver. Records per second into the receiver with the load script
// (receiver/load.ts: simulated devices, signed batches of 50, second revisions, resends), on
// PGlite in one process and, where DATABASE_URL names a PostgreSQL, in two processes on a fresh
// database of their own, fed round-robin as a load balancer would. Then the console's first
// page over what was stored: GET /v1/incidents?limit=50 as a reviewer, alone and with a text filter.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runLoad } from '../receiver/load';
import { scratchDatabase, spawnReceiver, spawnReceivers, type ReceiverProcess } from '../test/scale/processes';
import { median, row, type Row } from './lib/rows';

const GROUP = 8;
const REPORTER = `rep-${randomBytes(8).toString('hex')}`;
const REVIEWER = `rev-${randomBytes(8).toString('hex')}`;
const SECRET = `whsec_${randomBytes(24).toString('base64')}`;

/** Milliseconds for each of `runs` reads of one console page, after one unmeasured read. */
async function pageTimes(url: string, runs: number): Promise<number[]> {
  const read = async () => {
    const started = performance.now();
    const response = await fetch(url, { headers: { authorization: `Bearer ${REVIEWER}` } });
    const body = (await response.json()) as { rows?: unknown[] };
    if (!response.ok || !Array.isArray(body.rows)) throw new Error(`${url} answered ${response.status}`);
    return performance.now() - started;
  };
  await read();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(await read());
  return times;
}

async function measure(where: string, receivers: ReceiverProcess[], count: number, runs: number): Promise<Row[]> {
  const n = count.toLocaleString('en-US');
  const load = await runLoad({ urls: receivers.map((r) => r.url), records: count, token: REPORTER, secret: SECRET });
  const base = `${receivers[0]!.url}/v1/incidents?limit=50`;
  const first = await pageTimes(base, runs);
  const filtered = await pageTimes(`${base}&text=${encodeURIComponent('customer 42')}`, runs);
  return [
    row({
      group: GROUP,
      what: `records into the receiver on ${where}`,
      unit: 'records/s',
      ours: load.recordsPerSecond,
      note:
        `${load.revisions.toLocaleString('en-US')} revisions of ${n} records from 20 devices, 2 requests in flight each, ` +
        `signed batches of 50; ${load.resends} batches sent twice, ${load.retries} requests retried` +
        (load.retryReasons.length ? ` (${load.retryReasons.join('; ')})` : ''),
    }),
    row({
      group: GROUP,
      what: `console's first page at ${n} records on ${where}`,
      unit: 'ms',
      ours: median(first),
      note: `GET /v1/incidents?limit=50 as a reviewer, median of ${runs}`,
    }),
    row({
      group: GROUP,
      what: `console's first page with a text filter at ${n} records on ${where}`,
      unit: 'ms',
      ours: median(filtered),
      note: `GET /v1/incidents?limit=50&text=customer%2042 as a reviewer, median of ${runs}`,
    }),
  ];
}

export async function receiverRows(quick: boolean): Promise<Row[]> {
  const count = quick ? 2_000 : Number(process.env.BENCH_RECEIVER_RECORDS ?? 100_000);
  const runs = quick ? 3 : 9;
  const env = {
    RECEIVER_TOKENS: `reporter:${REPORTER},reviewer:${REVIEWER}`,
    RECEIVER_SIGNING_SECRET: SECRET,
  };
  const out: Row[] = [];

  const dir = mkdtempSync(path.join(tmpdir(), 'flagline-bench-receiver-'));
  // An empty DATABASE_URL is none: the receiver stores in PGlite.
  const pglite = await spawnReceiver({ ...env, DATABASE_URL: '', RECEIVER_DATA_DIR: path.join(dir, 'data') });
  try {
    out.push(...(await measure('PGlite (1 process)', [pglite], count, runs)));
  } finally {
    await pglite.stop();
    rmSync(dir, { recursive: true, force: true });
  }

  if (!process.env.DATABASE_URL) {
    out.push(
      row({
        group: GROUP,
        what: 'records into the receiver on PostgreSQL (2 processes)',
        unit: 'records/s',
        ours: null,
        note: 'not run: DATABASE_URL is not set (.ci/run starts a PostgreSQL and sets it)',
      }),
    );
    return out;
  }
  const database = await scratchDatabase(process.env.DATABASE_URL, 'flagline_bench');
  let receivers: ReceiverProcess[] = [];
  try {
    receivers = await spawnReceivers(2, { ...env, DATABASE_URL: database.url });
    out.push(...(await measure('PostgreSQL (2 processes)', receivers, count, runs)));
  } finally {
    await Promise.all(receivers.map((r) => r.stop()));
    await database.drop();
  }
  return out;
}
