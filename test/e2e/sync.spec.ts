import { serve, type ServerType } from '@hono/node-server';
import { Webhook } from 'standardwebhooks';
import { createReceiverApp } from '../../receiver/app';
import { openStore, type Store } from '../../receiver/store';
import { expect, test } from './fixtures';
import { flagDemoSentence, readRecords, saveDraftAsReport } from './helpers';

const TOKEN = 'e2e-token-41c9';
const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

interface Seen {
  headers: Record<string, string>;
  body: string;
}

/** The reference receiver on a loopback port, recording each request as it arrived. */
async function startReceiver(): Promise<{ url: string; store: Store; seen: Seen[]; close(): Promise<void> }> {
  const store = await openStore({ dataDir: 'memory://' });
  const app = createReceiverApp({ store, tokens: [TOKEN], signingSecret: SECRET });
  const seen: Seen[] = [];
  const server = await new Promise<ServerType>((resolve) => {
    const s = serve(
      {
        hostname: '127.0.0.1',
        port: 0,
        fetch: async (request: Request) => {
          seen.push({ headers: Object.fromEntries(request.headers), body: await request.clone().text() });
          return app.fetch(request);
        },
      },
      () => resolve(s),
    );
  });
  const address = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${address.port}`,
    store,
    seen,
    close: async () => {
      await new Promise((resolve) => server.close(resolve));
      await store.close();
    },
  };
}

test('a flag, its saved report and an edit each reach the receiver, signed', async ({
  context,
  demo,
  serviceWorker,
  openExtensionPage,
}) => {
  const receiver = await startReceiver();
  try {
    const options = await openExtensionPage('options.html');
    const errors: string[] = [];
    options.on('console', (message) => void (message.type() === 'error' && errors.push(message.text())));
    await options.getByLabel('Endpoint URL').fill(`${receiver.url}/v1/batches`);
    await options.getByLabel('Access token').fill(TOKEN);
    await options.getByLabel('Signing secret').fill(SECRET);
    await options.getByRole('button', { name: 'Save sync settings' }).click();
    await expect(options.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
    await options.getByRole('button', { name: 'Test connection' }).click();
    await expect(options.getByRole('status').filter({ hasText: 'Connected.' })).toBeVisible();

    const revisions = async () => (await receiver.store.list()).map((row) => row.revision);
    // Drafts sync too: a flag left unassessed on one laptop must still reach the team.
    await flagDemoSentence(await context.newPage(), demo.url, serviceWorker);
    await expect.poll(revisions).toEqual([1]);

    const panel = await openExtensionPage('sidepanel.html');
    panel.on('console', (message) => void (message.type() === 'error' && errors.push(message.text())));
    await saveDraftAsReport(panel);
    await expect.poll(revisions).toEqual([1, 2]);

    const step = panel
      .getByRole('list', { name: 'Response steps' })
      .getByRole('listitem')
      .filter({ hasText: 'Contain' });
    const details = step.locator('details').first();
    if (!(await details.evaluate((el) => (el as HTMLDetailsElement).open)))
      await step.locator('summary').first().click();
    await step.getByLabel('What was contained').fill('Paused the summary assistant.');
    await step.getByRole('button', { name: 'Save and complete Contain' }).click();
    await expect.poll(revisions).toEqual([1, 2, 3]);

    // What arrived is the record as stored locally, once per revision, each request signed.
    const [local] = await readRecords(serviceWorker);
    const rows = await receiver.store.list();
    expect(new Set(rows.map((row) => row.id))).toEqual(new Set([local!.id]));
    expect(rows.at(-1)!.record).toEqual(JSON.parse(JSON.stringify(local)));
    const posts = receiver.seen.filter((request) => request.body.includes('"records":[{'));
    expect(posts.length).toBeGreaterThanOrEqual(3);
    for (const request of posts) {
      expect(request.headers.authorization).toBe(`Bearer ${TOKEN}`);
      expect(request.headers['idempotency-key']).toBe(request.headers['webhook-id']);
      expect(new Webhook(SECRET).verify(request.body, request.headers)).toMatchObject({ schemaVersion: 1 });
    }

    // Everything acknowledged: the record shows as synced, the badge is empty, the last sync is shown.
    await expect(panel.getByText('Synced', { exact: true }).first()).toBeVisible();
    await expect.poll(() => serviceWorker.evaluate(() => chrome.action.getBadgeText({}))).toBe('');
    await options.reload();
    await expect(options.getByTestId('last-sync')).toContainText('Last synced');
    expect(errors).toEqual([]);
  } finally {
    await receiver.close();
  }
});

test('the badge counts unsynced records and the side panel says why sync is paused', async ({
  context,
  demo,
  serviceWorker,
  openExtensionPage,
}) => {
  const receiver = await startReceiver();
  try {
    const options = await openExtensionPage('options.html');
    await options.getByLabel('Endpoint URL').fill(`${receiver.url}/v1/batches`);
    await options.getByLabel('Access token').fill('wrong-token');
    await options.getByRole('button', { name: 'Save sync settings' }).click();
    await expect(options.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();

    await flagDemoSentence(await context.newPage(), demo.url, serviceWorker);
    await expect.poll(() => serviceWorker.evaluate(() => chrome.action.getBadgeText({}))).toBe('1');
    const panel = await openExtensionPage('sidepanel.html');
    await expect(panel.getByText(/Sync is paused\. Token needed/)).toBeVisible();
    expect(await receiver.store.list()).toEqual([]);

    // The right token, then "Sync now": the record arrives and the pause is gone.
    await options.getByLabel('Access token').fill(TOKEN);
    await options.getByLabel('Signing secret').fill(SECRET);
    await options.getByRole('button', { name: 'Save sync settings' }).click();
    await options.getByRole('button', { name: 'Sync now' }).click();
    await expect(options.getByRole('status').filter({ hasText: 'Synced.' })).toBeVisible();
    expect((await receiver.store.list()).map((row) => row.revision)).toEqual([1]);
    await expect(panel.getByText(/Sync is paused/)).toHaveCount(0);
    await expect.poll(() => serviceWorker.evaluate(() => chrome.action.getBadgeText({}))).toBe('');
  } finally {
    await receiver.close();
  }
});
