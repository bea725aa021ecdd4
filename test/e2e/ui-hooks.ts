import { expect, type Page, type Worker } from '@playwright/test';
import type { AnchoringStats } from '../../lib/page/ui/highlights';

/**
 * Flagline's page UI lives in closed shadow roots that neither the page nor Playwright can look
 * into. The e2e build publishes read-only views of it in the extension's isolated world (see
 * lib/page/ui/test-hook.ts); the service worker reads them with `scripting.executeScript`.
 */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface FlagButtonView {
  shown: boolean;
  ready: boolean;
  rect: Rect | null;
  toast: string;
  /** The last message since the last click, kept after the message itself has gone. */
  said: string;
  focused: boolean;
}

export interface MarkersView {
  status: string;
  marks: Array<{ id: string; label: string; hidden: boolean; rect: Rect }>;
}

/** The anchoring's figures, as the anchoring script keeps them. */
export type AnchoringView = AnchoringStats;

/** Reads one of the e2e views of the top frame of `page`'s tab; null when the script has none (yet). */
export async function uiView(worker: Worker, page: Page, name: 'flagButton'): Promise<FlagButtonView | null>;
export async function uiView(worker: Worker, page: Page, name: 'markers'): Promise<MarkersView | null>;
export async function uiView(worker: Worker, page: Page, name: 'anchoring'): Promise<AnchoringView | null>;
export async function uiView(worker: Worker, page: Page, name: string): Promise<unknown> {
  return worker.evaluate(
    async ({ url, name }) => {
      const tabs = await chrome.tabs.query({});
      const tab = tabs.find((t) => t.url === url);
      if (tab?.id === undefined) return null;
      const [result] = await chrome.scripting.executeScript({
        target: { tabId: tab.id, frameIds: [0] },
        args: [name],
        func: (view: string) => {
          const hooks = (globalThis as unknown as Record<symbol, Record<string, () => unknown> | undefined>)[
            Symbol.for('flagline.e2e')
          ];
          return hooks?.[view]?.() ?? null;
        },
      });
      return result?.result ?? null;
    },
    { url: page.url(), name },
  );
}

/** Waits until the flag button is shown and would accept a click; returns its view. */
export async function readyFlagButton(worker: Worker, page: Page): Promise<FlagButtonView> {
  let view: FlagButtonView | null = null;
  await expect
    .poll(async () => {
      view = await uiView(worker, page, 'flagButton');
      return !!view?.shown && view.ready;
    })
    .toBe(true);
  return view!;
}

/** Clicks the centre of a rectangle with the real mouse, as a user would. */
export async function clickAt(page: Page, rect: Rect): Promise<void> {
  await page.mouse.click(rect.x + rect.width / 2, rect.y + rect.height / 2);
}

/** Clicks the flag button once it is ready, and returns the message it shows afterwards. */
export async function clickFlagButton(worker: Worker, page: Page): Promise<string> {
  const view = await readyFlagButton(worker, page);
  await clickAt(page, view.rect!);
  let toast = '';
  await expect
    .poll(async () => {
      toast = (await uiView(worker, page, 'flagButton'))?.said ?? '';
      return toast;
    })
    .not.toBe('');
  return toast;
}
