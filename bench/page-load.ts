// Row 4: what the extension adds to loading a large page on an enabled site, with no records for
// it and with records to re-anchor. The page's renderer is profiled with V8's sampling profiler
// (CDP Profiler, one sample every 100 µs) from before the navigation until the page is idle
// again; the samples whose stack holds a chrome-extension:// frame are the extension's work on
// the page's main thread (the flag button script, the anchor script, the highlights, including
// the layout they force). Their sum is the added main-thread time; the longest unbroken run of
// them bounds the longest task the extension causes. The page's whole main-thread time (CDP
// Performance metrics) is shown beside, with the same page on an origin that is not enabled.
import type { BrowserContext, CDPSession, Page } from '@playwright/test';
import { launchWithExtension, poll, recordCount, type ExtensionBrowser } from './lib/browser';
import { proseHtml, servePages } from './lib/pages';
import { uiView } from '../test/e2e/ui-hooks';
import { atMost, median, row, type Row } from './lib/rows';

const PAGE_BYTES = 2_000_000;
const SAMPLING_US = 100;

interface ProfileNode {
  id: number;
  callFrame: { url: string };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** ms of samples under an extension frame, and the longest unbroken run of them. */
export function extensionTime(profile: Profile): { total: number; longest: number } {
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const isExtension = new Map<number, boolean>();
  const check = (id: number): boolean => {
    const known = isExtension.get(id);
    if (known !== undefined) return known;
    const node = byId.get(id)!;
    const up = parent.get(id);
    const result = node.callFrame.url.startsWith('chrome-extension://') || (up !== undefined && check(up));
    isExtension.set(id, result);
    return result;
  };
  let total = 0;
  let longest = 0;
  let run = 0;
  profile.samples.forEach((id, i) => {
    // A sample's delta is the time since the previous one: it belongs to this sample's stack.
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    if (check(id)) {
      total += ms;
      run += ms;
      longest = Math.max(longest, run);
    } else run = 0;
  });
  return { total, longest };
}

async function idle(page: Page): Promise<void> {
  for (let i = 0; i < 2; i++) {
    await page.evaluate(
      () => new Promise((resolve) => requestIdleCallback(() => resolve(undefined), { timeout: 2_000 })),
    );
  }
  await page.waitForTimeout(300);
}

/** Loads `url` in a new tab under the profiler; `ready` says when the extension's work is done. */
async function profiledLoad(context: BrowserContext, url: string, ready?: (page: Page) => Promise<void>) {
  const page = await context.newPage();
  const cdp: CDPSession = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: SAMPLING_US });
  await cdp.send('Profiler.start');
  await page.goto(url, { waitUntil: 'load' });
  await ready?.(page);
  await idle(page);
  const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: Profile };
  const { metrics } = await cdp.send('Performance.getMetrics');
  const taskMs = (metrics.find((m) => m.name === 'TaskDuration')?.value ?? NaN) * 1000;
  await page.close();
  return { ...extensionTime(profile), taskMs };
}

/** Flags `count` different paragraphs of the page through the keyboard command's handler. */
async function flagParagraphs(ext: ExtensionBrowser, url: string, count: number): Promise<void> {
  const page = await ext.context.newPage();
  await page.goto(url);
  const counter = await ext.openExtensionPage('options.html');
  for (let i = 0; i < count; i++) {
    await page.evaluate(
      ({ i, count }) => {
        const paragraphs = document.querySelectorAll('p');
        const node = paragraphs[Math.floor(((i + 0.5) * paragraphs.length) / count)]!.firstChild!;
        window.getSelection()!.setBaseAndExtent(node, 20, node, 100);
      },
      { i, count },
    );
    const before = await recordCount(counter);
    await ext.worker.evaluate(async (url) => {
      const [tab] = await chrome.tabs.query({ url });
      const hooks = (globalThis as unknown as { flaglineTest: { onCommand: (...a: unknown[]) => Promise<unknown> } })
        .flaglineTest;
      await hooks.onCommand('flag-selection', tab);
    }, url);
    await poll(async () => (await recordCount(counter)) > before);
  }
  await counter.close();
  await page.close();
}

function loadRow(what: string, samples: Array<{ total: number; longest: number; taskMs: number }>, base: number[]) {
  const total = median(samples.map((s) => s.total));
  const longest = median(samples.map((s) => s.longest));
  const note = `whole page main-thread time ${median(samples.map((s) => s.taskMs)).toFixed(0)} ms; same page where not enabled ${median(base).toFixed(0)} ms`;
  return { total, longest, note };
}

export async function pageLoadRows(quick: boolean): Promise<Row[]> {
  const runs = quick ? 1 : 5;
  const records = quick ? 1 : 50;
  const bytes = quick ? 200_000 : PAGE_BYTES;
  const html = proseHtml(bytes, 'Large page');
  const enabled = await servePages({ '/empty.html': html, '/flagged.html': html });
  // 127.0.0.2 is loopback too, but not one of the e2e build's enabled sites: no script runs there.
  const plain = await servePages({ '/page.html': html }, '127.0.0.2');
  const ext = await launchWithExtension();
  try {
    const base: number[] = [];
    const empty = [];
    const flagged = [];
    await flagParagraphs(ext, `${enabled.origin}/flagged.html`, records);
    for (let i = 0; i < runs; i++) {
      base.push((await profiledLoad(ext.context, `${plain.origin}/page.html`)).taskMs);
      empty.push(await profiledLoad(ext.context, `${enabled.origin}/empty.html`));
      flagged.push(
        // Flagline's UI lives in closed shadow roots; the e2e view of the anchoring says when it is done.
        await profiledLoad(ext.context, `${enabled.origin}/flagged.html`, (page) =>
          poll(async () => {
            const view = await uiView(ext.worker, page, 'anchoring');
            return Boolean(view && view.passes > 0 && !view.running);
          }),
        ),
      );
    }
    const none = loadRow('no records', empty, base);
    const some = loadRow(`${records} records`, flagged, base);
    const size = `${(bytes / 1e6).toFixed(bytes < 1e6 ? 1 : 0)} MB page`;
    return [
      row({
        group: 4,
        what: `added main-thread time, ${size}, no records (median of ${runs})`,
        unit: 'ms',
        ours: none.total,
        goal: atMost('< 1 ms', none.total, 1, true),
        note: none.note,
      }),
      row({ group: 4, what: `longest extension task, ${size}, no records`, unit: 'ms', ours: none.longest }),
      row({
        group: 4,
        what: `added main-thread time, ${size}, ${records} records re-anchored (median of ${runs})`,
        unit: 'ms',
        ours: some.total,
        note: some.note,
      }),
      row({ group: 4, what: `longest extension task, ${size}, ${records} records`, unit: 'ms', ours: some.longest }),
    ];
  } finally {
    await ext.close();
    await enabled.close();
    await plain.close();
  }
}
