// `npm run test:firefox`: the Firefox e2e build (`npm run build:firefox:e2e`) in Firefox ESR over
// WebDriver BiDi. FIREFOX_PATH names another Firefox; Debian's firefox-esr is the default.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const firefox = process.env.FIREFOX_PATH || '/usr/bin/firefox-esr';
if (!existsSync(firefox)) {
  console.error(`No Firefox at ${firefox}: install firefox-esr (Debian) or set FIREFOX_PATH.`);
  process.exit(1);
}
if (!existsSync('.output/firefox-mv2-e2e/manifest.json')) {
  console.error('No Firefox e2e build: run "npm run build:firefox:e2e" first.');
  process.exit(1);
}
const result = spawnSync(process.execPath, ['--test', '--test-concurrency=1', 'test/firefox/'], {
  stdio: 'inherit',
  env: { ...process.env, FIREFOX_PATH: firefox },
});
process.exit(result.status ?? 1);
