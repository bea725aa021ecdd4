// Shared pieces of the background command tests: senders, spied post-write effects, a seeded database.
import { vi } from 'vitest';
import { browser } from 'wxt/browser';
import type { PostWriteEffects } from '../../lib/background/after-write';
import { handleRuntimeMessage } from '../../lib/background/router';
import { CapturePayloadSchema } from '../../lib/capture/schema';
import type { FlaglineDb } from '../../lib/db';
import { createDraft, evidenceFromCapture } from '../../lib/incident/create';
import type { Incident } from '../../lib/incident/schema';
import type { SenderLike } from '../../lib/messaging/protocol';
import { saveWorkflow } from '../../lib/workflows/store';

/** The side panel, as Chrome reports an extension page. */
export const pageSender = (): SenderLike => ({
  id: browser.runtime.id,
  url: browser.runtime.getURL('/sidepanel.html'),
  origin: browser.runtime.getURL('/').slice(0, -1),
});

/** Senders that may never write: our content script in a page, another extension, a web page. */
export const forgedSenders: Array<[string, () => SenderLike]> = [
  [
    'our content script in a web page',
    () => ({ id: browser.runtime.id, url: 'https://crm.example.com/cases', tab: { id: 4, windowId: 1 }, frameId: 0 }),
  ],
  ['another extension’s page', () => ({ id: 'other-extension', url: 'chrome-extension://other-extension/page.html' })],
  [
    'another extension claiming our origin',
    () => ({ id: 'other-extension', url: browser.runtime.getURL('/sidepanel.html') }),
  ],
  ['a sender without an id', () => ({ url: browser.runtime.getURL('/sidepanel.html') })],
];

/** Post-write effects that only record their calls. */
export function spyEffects() {
  return {
    updateBadge: vi.fn<PostWriteEffects['updateBadge']>(async () => undefined),
    refreshHighlights: vi.fn<PostWriteEffects['refreshHighlights']>(async () => undefined),
    kickSync: vi.fn<PostWriteEffects['kickSync']>(),
  };
}

/** Sends a raw message through the background's handler, as `runtime.onMessage` would. */
export function dispatch(db: FlaglineDb, message: unknown, sender: SenderLike, effects: PostWriteEffects) {
  return handleRuntimeMessage(db, message, sender, effects);
}

export const NAME = 'Maria Gonzalez';
export const PAGE_URL = 'https://crm.example.com/cases/7';
export const SHOT_ID = '0192f7a8-3b4c-7d5e-8f90-a1b2c3d4e5f6';

/** A flagged draft (with a screenshot when asked) on `PAGE_URL`. */
export async function flagged(db: FlaglineDb, text: string, withShot = false): Promise<Incident> {
  const capture = CapturePayloadSchema.parse({
    shownText: text,
    quote: { type: 'TextQuoteSelector', exact: text, prefix: 'Bot: ', suffix: ' Done.' },
    source: 'selection',
    page: { url: PAGE_URL, title: 'Case 7' },
    capturedAt: '2026-03-04T05:00:00.000Z',
  });
  const evidence = evidenceFromCapture(capture, 'context-menu');
  const screenshot = withShot
    ? { id: SHOT_ID, blob: new Blob(['png']), mediaType: 'image/png' as const, capturedAt: capture.capturedAt }
    : undefined;
  if (screenshot) evidence.screenshot = { id: SHOT_ID, mediaType: 'image/png', bytes: 3, sha256: 'a'.repeat(64) };
  return createDraft(db, { evidence, reporter: { name: 'Ana' }, screenshot });
}

/** The registered workflow the report commands use. */
export const seedWorkflow = (db: FlaglineDb) =>
  saveWorkflow(db, { id: 'wf-refunds', name: 'Refund assistant', owner: 'Sam Lee', fallbackProcess: 'Manual refunds' });

/** Everything a command could write, to show a refused one wrote nothing. */
export async function snapshot(db: FlaglineDb) {
  return {
    incidents: await db.incidents.toArray(),
    workflows: await db.workflows.toArray(),
    outbox: await db.outbox.toArray(),
    chain: await db.chain.count(),
    screenshots: await db.screenshots.count(),
    meta: await db.meta.toArray(),
  };
}
