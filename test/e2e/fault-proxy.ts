import { serve, type ServerType } from '@hono/node-server';
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createReceiverApp } from '../../receiver/app';
import { openStore, type Store } from '../../receiver/store';

/** A small seeded PRNG (mulberry32): the same seed gives the same faults in the same order. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Chances of each fault per batch request; the rest pass through. */
export interface FaultRates {
  serverError: number;
  resetBefore: number;
  lostAck: number;
  unreadable2xx: number;
}

export interface FaultProxy {
  /** The batch endpoint, through the proxy. */
  endpoint: string;
  store: Store;
  counts: Record<keyof FaultRates | 'passed' | 'held', number>;
  /** Holds the next batch: stored by the receiver, never answered, until `release`. Resolves when held. */
  holdNext(): Promise<void>;
  release(): void;
  close(): Promise<void>;
}

async function body(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Forwards a request to the receiver and returns its answer. */
function forward(target: AddressInfo, req: IncomingMessage, payload: Buffer) {
  return new Promise<{ status: number; headers: Record<string, string>; body: Buffer }>((resolve, reject) => {
    const out = httpRequest(
      { host: '127.0.0.1', port: target.port, path: req.url, method: req.method, headers: req.headers },
      (res) =>
        void body(res).then(
          (answer) =>
            resolve({ status: res.statusCode ?? 502, headers: res.headers as Record<string, string>, body: answer }),
          reject,
        ),
    );
    out.on('error', reject);
    out.end(payload);
  });
}

/**
 * The reference receiver (PGlite in memory) behind a proxy that answers batch requests with
 * seeded random faults: 503, a connection reset before the receiver sees the batch, a lost
 * acknowledgement (stored, then the connection dropped) and an unreadable 200.
 */
export async function startFaultProxy(rates: FaultRates, seed: number): Promise<FaultProxy> {
  const store = await openStore({ dataDir: 'memory://' });
  const app = createReceiverApp({ store, tokens: [] });
  const receiver = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
  });
  const target = receiver.address() as AddressInfo;
  const random = seeded(seed);
  const counts = { serverError: 0, resetBefore: 0, lostAck: 0, unreadable2xx: 0, passed: 0, held: 0 };
  let hold: (() => void) | undefined;
  const held: ServerResponse[] = [];

  const proxy = createServer((req, res) => {
    void (async () => {
      const payload = await body(req);
      const isBatch = req.method === 'POST' && req.url?.startsWith('/v1/batches');
      if (isBatch && hold) {
        await forward(target, req, payload);
        counts.held += 1;
        held.push(res);
        hold();
        hold = undefined;
        return;
      }
      let roll = isBatch ? random() : 1;
      const pick = (rate: number) => (roll < rate ? true : ((roll -= rate), false));
      if (pick(rates.serverError)) {
        counts.serverError += 1;
        res.writeHead(503, { 'content-type': 'application/json' });
        return void res.end('{"error":"upstream unavailable"}');
      }
      if (pick(rates.resetBefore)) {
        counts.resetBefore += 1;
        return void req.socket.destroy();
      }
      if (pick(rates.unreadable2xx)) {
        counts.unreadable2xx += 1;
        res.writeHead(200, { 'content-type': 'text/html' });
        return void res.end('<html><body>OK</body></html>');
      }
      const lost = pick(rates.lostAck);
      const answer = await forward(target, req, payload);
      if (lost) {
        counts.lostAck += 1;
        return void req.socket.destroy();
      }
      if (isBatch) counts.passed += 1;
      res.writeHead(answer.status, answer.headers);
      res.end(answer.body);
    })().catch(() => req.socket.destroy());
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const { port } = proxy.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}/v1/batches`,
    store,
    counts,
    holdNext: () => new Promise<void>((resolve) => (hold = resolve)),
    release: () => held.splice(0).forEach((res) => res.socket?.destroy()),
    close: async () => {
      held.splice(0).forEach((res) => res.socket?.destroy());
      proxy.closeAllConnections();
      await new Promise((resolve) => proxy.close(resolve));
      await new Promise((resolve) => receiver.close(resolve));
      await store.close();
    },
  };
}
