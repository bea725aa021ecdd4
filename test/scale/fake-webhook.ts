// A local webhook endpoint that counts what the receivers' notifiers deliver to it: by
// `webhook-id` (one per outbox row) and by the record revision the notification is about.
import { createServer } from 'node:http';
import { Webhook } from 'standardwebhooks';

export interface FakeWebhook {
  url: string;
  /** Deliveries per `webhook-id`. */
  byId: Map<string, number>;
  /** Deliveries per `id:revision` of the record notified about. */
  byRevision: Map<string, number>;
  /** Deliveries whose signature did not verify or whose body named no record revision. */
  refused: string[];
  total(): number;
  close(): Promise<void>;
}

/** The record revision a notification is about, wherever the payload keeps it. */
function revisionOf(payload: unknown): string | undefined {
  const body = (payload ?? {}) as Record<string, unknown>;
  for (const candidate of [body.record, body.incident, body.data, body]) {
    const value = (candidate ?? {}) as Record<string, unknown>;
    const id = value.recordId ?? value.id;
    if (typeof id === 'string' && Number.isInteger(value.revision)) return `${id}:${String(value.revision)}`;
  }
  return undefined;
}

export async function fakeWebhook(secret: string): Promise<FakeWebhook> {
  const webhook = new Webhook(secret);
  const byId = new Map<string, number>();
  const byRevision = new Map<string, number>();
  const refused: string[] = [];
  let total = 0;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const header = (name: string) => String(request.headers[name] ?? '');
      total += 1;
      try {
        webhook.verify(body, {
          'webhook-id': header('webhook-id'),
          'webhook-timestamp': header('webhook-timestamp'),
          'webhook-signature': header('webhook-signature'),
        });
      } catch {
        refused.push(`signature does not verify: ${header('webhook-id')}`);
      }
      const id = header('webhook-id');
      byId.set(id, (byId.get(id) ?? 0) + 1);
      let revision: string | undefined;
      try {
        revision = revisionOf(JSON.parse(body));
      } catch {
        revision = undefined;
      }
      if (revision) byRevision.set(revision, (byRevision.get(revision) ?? 0) + 1);
      else refused.push(`no record revision in ${body.slice(0, 300)}`);
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/hook`,
    byId,
    byRevision,
    refused,
    total: () => total,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
