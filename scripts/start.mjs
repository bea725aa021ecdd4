// `npm start`: build the extension, serve the demo pages on 127.0.0.1 and open Chromium with the
// extension loaded where a display exists; otherwise explain how to load it by hand.
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { startDemoServer } from './demo-server.mjs';
import { spawnReceiver } from './lib/receiver.mjs';
import { ROOT, ensureChromium, ensureDependencies, run } from './lib/setup.mjs';

const PORT = Number(process.env.DEMO_PORT ?? 5178);

ensureDependencies();
run('npm', ['run', 'build']);
// The team console the receiver serves at /console/.
run('npm', ['run', 'build:console']);
// The reference receiver, storing in .receiver-data; the demo build syncs to it from the start
// (the endpoint is baked into the e2e build only, which never ships). Loopback, no token: a demo.
const receiver = await spawnReceiver({ RECEIVER_DATA_DIR: path.join(ROOT, '.receiver-data') });
run('npm', ['run', 'build:e2e'], {
  env: { ...process.env, WXT_DEMO_SYNC_ENDPOINT: `${receiver.url}/v1/batches` },
});

const production = path.join(ROOT, '.output', 'chrome-mv3');
const demoBuild = path.join(ROOT, '.output', 'chrome-mv3-e2e');
let demo;
try {
  demo = await startDemoServer({ port: PORT });
} catch {
  demo = await startDemoServer({ port: 0 });
}
console.log(`\nDemo pages: ${demo.url}/  (CRM account: ${demo.url}/crm.html, chat assistant: ${demo.url}/chat.html)`);
console.log(receiver.line);

const hasDisplay =
  process.platform === 'darwin' ||
  process.platform === 'win32' ||
  Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
const chromium = hasDisplay && !process.env.CI ? ensureChromium() : null;

if (chromium) {
  const profile = path.join(ROOT, '.flagline-demo-profile');
  mkdirSync(profile, { recursive: true });
  console.log(`Opening Chromium with Flagline loaded (profile ${path.relative(ROOT, profile)}).`);
  const browser = spawn(
    chromium,
    [
      `--user-data-dir=${profile}`,
      `--disable-extensions-except=${demoBuild}`,
      `--load-extension=${demoBuild}`,
      '--no-first-run',
      '--no-default-browser-check',
      // Chromium refuses to start as root with its sandbox on (containers, CI-like machines).
      ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
      `${demo.url}/crm.html`,
      // The team console beside the demo: what the flag becomes once it is synced.
      `${receiver.url}/console/`,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  browser.stderr.on('data', (chunk) => {
    stderr = (stderr + chunk).slice(-4_000);
  });
  const started = Date.now();
  browser.on('exit', (code) => {
    // A browser that dies at once did not start: say why instead of exiting silently.
    if (Date.now() - started < 5_000 && code) console.error(`✖ Chromium exited (${code}):\n${stderr}`);
    receiver.close();
    void demo.close().then(() => process.exit(0));
  });
} else {
  console.log(`
No display here, so no browser was opened. To try Flagline by hand:
  1. Chrome or Edge: open chrome://extensions (edge://extensions), turn on Developer mode,
     choose "Load unpacked" and pick:
       ${production}
     (or ${demoBuild}, the same build with the demo site already enabled).
  2. Firefox: run "npm run build:firefox", open about:debugging#/runtime/this-firefox,
     choose "Load Temporary Add-on" and pick .output/firefox-mv2/manifest.json.
  3. Open ${demo.url}/crm.html, select a sentence of the AI summary and flag it.
  4. Open ${receiver.url}/console/ to see it in the team console once it has synced.
Press Ctrl+C to stop the demo server and the receiver.`);
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    receiver.close();
    void demo.close().then(() => process.exit(0));
  });
}
