// `npm test`: every gate in order. Types, lint, format, unit tests and the page-script budget
// (`npm run check`), then the Firefox build and its lint, then browser tests in Chromium.
import { ensureChromium, ensureDependencies, run } from './lib/setup.mjs';

ensureDependencies();
const chromium = ensureChromium();
if (!chromium) process.exit(1);

run('npm', ['run', 'check']);
run('npm', ['run', 'build:firefox']);
run('npm', ['run', 'lint:firefox']);
run('npm', ['run', 'build:e2e']);
run('npx', ['playwright', 'test'], { env: { ...process.env, CHROMIUM_PATH: chromium } });
console.log('\n✔ All checks and tests passed.');
