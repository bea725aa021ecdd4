import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FlaglineDb, getDb } from '../../lib/db';
import { createDraft } from '../../lib/incident/create';
import { updateIncident } from '../../lib/incident/update';
import { setSyncSecrets } from '../../lib/sync/secrets';
import { syncSettingsItem } from '../../lib/sync/settings';
import { createReceiverApp } from '../../receiver/app';
import { openStore, type Store } from '../../receiver/store';

/** Test credentials: a bearer token and a Standard Webhooks secret (base64 of 24 bytes). */
export const TOKEN = 'test-token-7f3a';
export const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

/**
 * What the fault server does with the next request: hand it to the receiver (`pass`), store it
 * and drop the connection before answering (`lost`), never answer (`hang`), or answer a status
 * of its own without storing anything.
 */
export type Fault =
  | 'pass'
  | 'lost'
  | 'hang'
  | { status: number; headers?: Record<string, string>; body?: string }
  /** Hands the request to the receiver, then rewrites its answer body. */
  | { rewrite: (body: string) => string };

/** The real receiver (PGlite in memory) behind a loopback server that injects faults. */
export interface Harness {
  url: string;
  endpoint: string;
  store: Store;
  faults: Fault[];
  /** Decides a fault from the request body, before the queued faults; undefined passes on. */
  rule?: (body: string) => Fault | undefined;
  requests: number;
  /** Every request as it arrived. */
  seen: { headers: Record<string, string>; body: string }[];
  /** Resolves when the next request has arrived (its body read). */
  nextRequest(): Promise<void>;
  /** Ends every request left hanging. */
  releaseHanging(): void;
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Starts the receiver and its fault-injecting front on 127.0.0.1 (an ephemeral port). */
export async function startHarness(): Promise<Harness> {
  const store = await openStore({ dataDir: 'memory://' });
  const app = createReceiverApp({ store, tokens: [TOKEN], signingSecret: SECRET });
  const hanging: ServerResponse[] = [];
  let waiters: (() => void)[] = [];
  const harness = { store, faults: [] as Fault[], requests: 0, seen: [] } as unknown as Harness;
  const server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      harness.requests += 1;
      const text = body.toString('utf8');
      harness.seen.push({
        headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)])),
        body: text,
      });
      const fault = harness.rule?.(text) ?? harness.faults.shift() ?? 'pass';
      waiters.forEach((resolve) => resolve());
      waiters = [];
      if (fault === 'hang') return void hanging.push(res);
      if (typeof fault === 'object' && 'status' in fault) {
        res.writeHead(fault.status, { 'content-type': 'application/json', ...fault.headers });
        return void res.end(fault.body ?? '');
      }
      const headers = Object.entries(req.headers).map(([k, v]) => [k, String(v)] as [string, string]);
      const request = new Request(`http://127.0.0.1${req.url}`, {
        method: req.method,
        headers,
        body: req.method === 'POST' ? new Uint8Array(body) : undefined,
      });
      const response = await app.fetch(request);
      let answer = Buffer.from(await response.arrayBuffer());
      if (fault === 'lost') return void req.socket.destroy();
      if (typeof fault === 'object') answer = Buffer.from(fault.rewrite(answer.toString('utf8')));
      const answerHeaders: Record<string, string> = Object.fromEntries(response.headers);
      delete answerHeaders['content-length'];
      res.writeHead(response.status, answerHeaders);
      res.end(answer);
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  harness.url = `http://127.0.0.1:${port}`;
  harness.endpoint = `${harness.url}/v1/batches`;
  harness.nextRequest = () => new Promise<void>((resolve) => waiters.push(resolve));
  harness.releaseHanging = () => hanging.splice(0).forEach((res) => res.destroy());
  harness.close = async () => {
    harness.releaseHanging();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await store.close();
  };
  return harness;
}

/** Points the extension's sync settings at an endpoint, with the test credentials. */
export async function configureSync(endpoint: string, db: FlaglineDb = getDb()): Promise<void> {
  await syncSettingsItem.setValue({ endpoint, autoSync: true });
  await setSyncSecrets({ token: TOKEN, signingSecret: SECRET }, db);
}

const CAPTURED = '2025-03-04T05:00:00.000Z';

/** Creates `count` records, each with a second revision: 2 × count outbox entries. */
export async function seedRecords(db: FlaglineDb, count: number): Promise<string[]> {
  for (let i = 0; i < count; i++) {
    const record = await createDraft(db, {
      reporter: { name: 'Ada' },
      evidence: {
        output: `Faulty output ${i}`,
        source: 'selection',
        trigger: 'button',
        selectors: [{ type: 'TextQuoteSelector', exact: `Faulty output ${i}`, prefix: '', suffix: '' }],
        page: { url: 'https://crm.example.com/a', title: 'Account', capturedAt: CAPTURED },
      },
    });
    await updateIncident(db, record.id, (r) => ({ ...r, whatHappened: `Edit ${i}` }), { by: 'Ada', action: 'Edited' });
  }
  return (await db.outbox.toArray()).map((entry) => entry.key);
}

/**
 * The invariant after every fault: each revision is still in the local outbox or stored by the
 * receiver, and the receiver holds exactly one row per (id, revision).
 */
export async function checkNothingLost(db: FlaglineDb, store: Store, keys: string[]) {
  const rows = await store.list({ limit: 100_000 });
  const stored = rows.map((row) => `${row.id}:${row.revision}`);
  const local = new Set((await db.outbox.toArray()).map((entry) => entry.key));
  const storedSet = new Set(stored);
  return {
    duplicates: stored.length - storedSet.size,
    missing: keys.filter((key) => !storedSet.has(key) && !local.has(key)),
    stored: storedSet.size,
    local: local.size,
  };
}
