import { serve, type ServerType } from '@hono/node-server';
import { createReceiverApp } from './app';
import { checkConfig, type ReceiverConfig } from './config';
import { enqueueNotifications, startNotifier } from './notify/outbox';
import { openStore, type Store } from './store';

/** A running receiver. */
export interface RunningReceiver {
  url: string;
  store: Store;
  close(): Promise<void>;
}

/**
 * Opens the store and listens. Port 0 picks a free port; the URL says which. Refuses (throws)
 * to listen beyond this machine without bearer tokens.
 */
export async function startReceiver(config: ReceiverConfig): Promise<RunningReceiver> {
  checkConfig(config);
  // A record stored as its latest revision queues its notifications in the same transaction.
  const store = await openStore({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    onLatest: enqueueNotifications,
  });
  const app = createReceiverApp({
    store,
    tokens: config.tokens,
    signingSecret: config.signingSecret,
    publicUrl: config.publicUrl,
  });
  const server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: app.fetch, hostname: config.host, port: config.port }, () => resolve(s));
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${config.host}:${port}`;
  // Sends what the outbox holds; every receiver on one database may run one.
  const notifier = startNotifier({ sql: store.sql, consoleUrl: config.publicUrl ?? url });
  return {
    url,
    store,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await notifier.stop();
      await store.close();
    },
  };
}
