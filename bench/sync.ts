// Row 6: sync of queued records from the built e2e extension to the reference receiver (its own
// CLI, `receiver/main.ts`), on PGlite and, where DATABASE_URL names one, on PostgreSQL. A
// counting proxy in front of the receiver sees every request and the records each answer
// acknowledges. Records are queued by importing a generated file; sync is then driven with the
// options page's "Sync now", pressed again whenever a run ends, until every record is
// acknowledged: a run sends a bounded number of batches, and the alarm's minute would measure
// the alarm, not the sync.
import type { Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { launchWithExtension } from './lib/browser';
import { ROOT } from './lib/paths';
import { row, type Row } from './lib/rows';
import { generatedFile } from './records';

const TOKEN = `bench-${randomBytes(8).toString('hex')}`;
const SECRET = `whsec_${randomBytes(24).toString('base64')}`;
const BATCH = 50;

interface Receiver {
  url: string;
  stop(): Promise<void>;
}

/** The reference receiver through its CLI on a free loopback port. */
async function startReceiver(store: 'pglite' | 'postgres', dataDir: string): Promise<Receiver> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    RECEIVER_HOST: '127.0.0.1',
    RECEIVER_PORT: '0',
    RECEIVER_TOKENS: TOKEN,
    RECEIVER_SIGNING_SECRET: SECRET,
    RECEIVER_DATA_DIR: dataDir,
  };
  if (store === 'pglite') delete env.DATABASE_URL;
  const child: ChildProcess = spawn(path.join(ROOT, 'node_modules/.bin/tsx'), ['receiver/main.ts'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the receiver did not start: ${output}`)), 180_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /POST (http:\/\/[^\s]+)\/v1\/batches/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    child.on('exit', (code) => reject(new Error(`the receiver exited (${code}): ${output}`)));
  });
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

interface Proxy {
  url: string;
  reset(): void;
  batches: number;
  acknowledged: number;
  close(): Promise<void>;
}

/** Forwards every request to `target`, counting batch requests and acknowledged records. */
async function countingProxy(target: string): Promise<Proxy> {
  const state = { batches: 0, acknowledged: 0 };
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    const forward = async () => {
      const isBatch = request.method === 'POST' && request.url === '/v1/batches';
      if (isBatch) state.batches += 1;
      const headers = new Headers();
      for (const [name, value] of Object.entries(request.headers)) {
        if (typeof value === 'string' && !['host', 'connection', 'content-length'].includes(name))
          headers.set(name, value);
      }
      try {
        const answer = await fetch(`${target}${request.url}`, {
          method: request.method,
          headers,
          body: ['GET', 'HEAD'].includes(request.method ?? 'GET') ? undefined : Buffer.concat(chunks),
        });
        const text = await answer.text();
        if (isBatch && answer.ok) {
          const ack = JSON.parse(text) as { accepted?: unknown[]; duplicate?: unknown[] };
          state.acknowledged += (ack.accepted?.length ?? 0) + (ack.duplicate?.length ?? 0);
        }
        response.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'text/plain' });
        response.end(text);
      } catch (error) {
        response.writeHead(502).end(String(error));
      }
    };
    // `forward` answers every request itself, a failed one with 502: there is nothing to await.
    request.on('end', () => void forward());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    reset: () => Object.assign(state, { batches: 0, acknowledged: 0 }),
    get batches() {
      return state.batches;
    },
    get acknowledged() {
      return state.acknowledged;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * Saves the sync settings, then checks them with "Test connection": the page loads the stored
 * settings asynchronously, and a slow load can overwrite fields typed before it ended.
 */
async function configureSync(options: Page, endpoint: string, proxy: Proxy): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    await options.getByLabel('Endpoint URL').fill(endpoint);
    await options.getByLabel('Access token').fill(TOKEN);
    await options.getByLabel('Signing secret').fill(SECRET);
    await options.getByLabel('Sync automatically', { exact: false }).setChecked(false);
    await options.getByRole('button', { name: 'Save sync settings' }).click();
    await options.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    await options.getByRole('button', { name: 'Test connection' }).click();
    const answer = options.getByRole('status').filter({ hasText: /Connected\.|refused|failed|could not|error/i });
    await answer.first().waitFor({ timeout: 60_000 });
    if ((await answer.first().textContent())?.includes('Connected.')) break;
    if (attempt === 3) throw new Error(`the sync settings do not connect: ${await answer.first().textContent()}`);
  }
  proxy.reset(); // Only the sync's own requests count.
}

async function syncOnce(store: 'pglite' | 'postgres', count: number, dir: string): Promise<Row[]> {
  // Fresh ids per run: a PostgreSQL that kept an earlier run's records would answer "duplicate".
  const file = await generatedFile(count, path.join(dir, `queued-${store}.json`), randomBytes(2).toString('hex'));
  const receiver = await startReceiver(store, path.join(dir, `receiver-${store}`));
  const proxy = await countingProxy(receiver.url);
  const ext = await launchWithExtension();
  try {
    const panel = await ext.openExtensionPage('sidepanel.html');
    await panel.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Log' }).click();
    await panel.getByLabel('Import JSON').setInputFiles(file);
    await panel.getByText(`Import complete: ${count} added`).waitFor({ timeout: 120_000 });
    const options = await ext.openExtensionPage('options.html');
    await configureSync(options, `${proxy.url}/v1/batches`, proxy);
    const syncNow = options.getByRole('button', { name: 'Sync now' });
    const start = Date.now();
    const deadline = start + Math.max(120_000, count * 60);
    while (proxy.acknowledged < count) {
      if (Date.now() > deadline) {
        const said = (await options.getByRole('status').allTextContents()).join(' / ');
        throw new Error(
          `only ${proxy.acknowledged} of ${count} records were acknowledged after ${proxy.batches} requests; the options page said: ${said}`,
        );
      }
      await syncNow.click();
      await syncNow.waitFor({ state: 'visible' });
      // One run sends up to a thousand records: under load that is longer than Playwright's default wait.
      await options.waitForFunction(
        () => [...document.querySelectorAll('button')].some((b) => b.textContent === 'Sync now' && !b.disabled),
        undefined,
        { timeout: Math.max(1_000, deadline - Date.now()) },
      );
    }
    const seconds = (Date.now() - start) / 1000;
    const expected = Math.ceil(count / BATCH);
    const name = store === 'pglite' ? 'PGlite' : 'PostgreSQL';
    const n = count.toLocaleString('en-US');
    return [
      row({
        group: 6,
        what: `sync ${n} queued records to the receiver on ${name}`,
        unit: 'records/s',
        ours: count / seconds,
      }),
      row({
        group: 6,
        what: `sync ${n} records on ${name}: requests made`,
        unit: 'requests',
        ours: proxy.batches,
        goal: { text: `= ceil(n/50) = ${expected}`, met: proxy.batches === expected },
      }),
    ];
  } finally {
    await ext.close();
    await proxy.close();
    await receiver.stop();
  }
}

export async function syncRows(quick: boolean): Promise<Row[]> {
  const count = quick ? 60 : Number(process.env.BENCH_SYNC_RECORDS ?? 10_000);
  const dir = mkdtempSync(path.join(tmpdir(), 'flagline-bench-sync-'));
  try {
    const out = await syncOnce('pglite', count, dir);
    if (process.env.DATABASE_URL) out.push(...(await syncOnce('postgres', count, dir)));
    else
      out.push(
        row({
          group: 6,
          what: 'sync on PostgreSQL',
          unit: 'records/s',
          ours: null,
          note: 'not run: DATABASE_URL is not set (.ci/run starts a PostgreSQL and sets it)',
        }),
      );
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
