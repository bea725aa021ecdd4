// Chromium with the built e2e extension, as the browser tests launch it, and what the benchmark
// reads from it: IndexedDB counts from an extension page and the service worker's test hooks.
import { chromium, type BrowserContext, type Page, type Worker } from '@playwright/test';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT } from './paths';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const E2E_BUILD = path.join(ROOT, '.output/chrome-mv3-e2e');

/**
 * tsx compiles the benchmark with esbuild's keepNames, which wraps inner functions in a
 * `__name(fn, "name")` helper; functions sent to the browser by `evaluate` need it there too.
 */
export const NAME_SHIM = 'globalThis.__name ??= (fn) => fn;';

export interface ExtensionBrowser {
  context: BrowserContext;
  worker: Worker;
  extensionId: string;
  /** An extension page (`sidepanel.html`, `options.html`) in a new tab. */
  openExtensionPage(file: string): Promise<Page>;
  close(): Promise<void>;
}

/**
 * A copy of the e2e build whose manifest also asks for `<all_urls>`: Chrome lets
 * `tabs.captureVisibleTab` run with `activeTab` (the real menu or shortcut, which a test harness
 * cannot press) or `<all_urls>`, so this is how a screenshot flag can be timed at all.
 */
function buildWithAllUrls(): { dir: string; remove(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'flagline-bench-ext-'));
  cpSync(E2E_BUILD, dir, { recursive: true });
  const manifestPath = path.join(dir, 'manifest.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { host_permissions?: string[] };
  manifest.host_permissions = [...(manifest.host_permissions ?? []), '<all_urls>'];
  writeFileSync(manifestPath, JSON.stringify(manifest));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Launches Chromium in a fresh profile with the extension, or without it (`extension: false`). */
export async function launchWithExtension(options: { allUrls?: boolean } = {}): Promise<ExtensionBrowser> {
  if (!existsSync(path.join(E2E_BUILD, 'manifest.json'))) {
    throw new Error(`No e2e build at ${E2E_BUILD}: run "npm run build:e2e" first.`);
  }
  const copy = options.allUrls ? buildWithAllUrls() : null;
  const extension = copy?.dir ?? E2E_BUILD;
  const profile = mkdtempSync(path.join(tmpdir(), 'flagline-bench-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    viewport: { width: 1280, height: 800 },
    acceptDownloads: true,
    args: [
      `--disable-extensions-except=${extension}`,
      `--load-extension=${extension}`,
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
  await context.addInitScript(NAME_SHIM);
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  await worker.evaluate(NAME_SHIM);
  // The flag button is registered at start-up: pages opened before that would not get it.
  await poll(() => worker.evaluate(async () => (await chrome.scripting.getRegisteredContentScripts()).length > 0));
  const extensionId = new URL(worker.url()).host;
  return {
    context,
    worker,
    extensionId,
    openExtensionPage: async (file) => {
      const page = await context.newPage();
      await page.goto(`chrome-extension://${extensionId}/${file}`);
      return page;
    },
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
      copy?.remove();
    },
  };
}

/** Waits until `check` is true, checking every 50 ms, for at most `timeoutMs`. */
export async function poll(check: () => Promise<boolean> | boolean, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Starts a watcher in an extension page that resolves, with the wall-clock time in ms (time origin
 * plus `performance.now()`, comparable across the browser's processes), as soon as the
 * `incidents` store holds more than `before` records. It polls a committed-read count every
 * millisecond, so the figure is late by at most about one poll.
 */
export async function watchForRecord(page: Page, before: number): Promise<() => Promise<number>> {
  await page.evaluate((before) => {
    const state = globalThis as unknown as { benchCommitted?: Promise<number> };
    state.benchCommitted = new Promise<number>((resolve, reject) => {
      const deadline = performance.now() + 60_000;
      // Never hold the database against the extension: give way to its upgrades, and reopen
      // (rather than create stores) while it has not made its own yet.
      const connect = () => {
        const open = indexedDB.open('flagline');
        let missing = false;
        open.onupgradeneeded = () => {
          missing = true;
          open.transaction?.abort(); // Creating it would race the extension's own upgrade.
        };
        open.onerror = () => (missing ? void setTimeout(connect, 5) : reject(open.error));
        open.onsuccess = () => {
          const db = open.result;
          db.onversionchange = () => {
            db.close();
            setTimeout(connect, 1);
          };
          if (!db.objectStoreNames.contains('incidents')) {
            db.close();
            return void setTimeout(connect, 5);
          }
          const check = () => {
            let request: IDBRequest<number>;
            try {
              request = db.transaction('incidents').objectStore('incidents').count();
            } catch {
              return; // Closed for an upgrade: `connect` runs again.
            }
            request.onsuccess = () => {
              const now = performance.timeOrigin + performance.now();
              if (request.result > before) {
                db.close();
                resolve(now);
              } else if (performance.now() > deadline) {
                db.close();
                reject(new Error('no record was committed within 60 s'));
              } else setTimeout(check, 1);
            };
            request.onerror = () => reject(request.error);
          };
          check();
        };
      };
      connect();
    });
  }, before);
  return () => page.evaluate(() => (globalThis as unknown as { benchCommitted: Promise<number> }).benchCommitted);
}

/** How many records the extension holds, read from an extension page (0 before it made its database). */
export function recordCount(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open('flagline');
        let missing = false;
        open.onupgradeneeded = () => {
          missing = true;
          open.transaction?.abort(); // Creating it would race the extension's own upgrade.
        };
        open.onerror = () => (missing ? resolve(0) : reject(open.error));
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains('incidents')) return (db.close(), resolve(0));
          const request = db.transaction('incidents').objectStore('incidents').count();
          request.onsuccess = () => (db.close(), resolve(request.result));
          request.onerror = () => (db.close(), reject(request.error));
        };
      }),
  );
}
