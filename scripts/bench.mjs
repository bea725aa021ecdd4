// `npm run bench`: measures Flagline against its peers and prints one table (bench/main.ts), also
// written to bench/results.json. The peers live in bench/package.json, installed here on demand
// so the product's own install never carries them. A full run builds the extension first, so the
// figures are of the code as it is; `--quick` (or BENCH_QUICK=1) reuses existing builds and runs
// every row on small inputs, to check that the benchmark works, not how fast anything is.
// `--only=2,5` runs those row groups alone.
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { ensureChromium, ensureDependencies, ROOT, run } from './lib/setup.mjs';

const args = process.argv.slice(2);
const quick = args.includes('--quick') || process.env.BENCH_QUICK === '1';

ensureDependencies();
const chromium = ensureChromium();
if (!chromium) process.exit(1);

const benchLock = path.join(ROOT, 'bench/package-lock.json');
const benchMarker = path.join(ROOT, 'bench/node_modules/.package-lock.json');
if (!existsSync(benchMarker) || statSync(benchMarker).mtimeMs < statSync(benchLock).mtimeMs) {
  run('npm', ['ci', '--prefix', 'bench', '--no-audit', '--no-fund']);
}

const built = (dir) => existsSync(path.join(ROOT, '.output', dir, 'manifest.json'));
if (!quick || !built('chrome-mv3')) run('npm', ['run', 'build']);
if (!quick || !built('chrome-mv3-e2e')) run('npm', ['run', 'build:e2e']);

run(path.join(ROOT, 'node_modules/.bin/tsx'), ['bench/main.ts', ...args], {
  env: { ...process.env, CHROMIUM_PATH: chromium, ...(quick ? { BENCH_QUICK: '1' } : {}) },
});
