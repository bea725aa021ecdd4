// `npm test`: every gate in order. Types, lint, format, unit tests and the page-script budget
// (`npm run check`), then the Firefox build and its lint, browser tests in Firefox ESR, browser
// tests in Chromium, the team console's browser tests, then the benchmark's quick mode.
import { ensureChromium, ensureDependencies, run } from './lib/setup.mjs';

ensureDependencies();
const chromium = ensureChromium();
if (!chromium) process.exit(1);

run('npm', ['run', 'check']);
// The reference receiver: PGlite always, PostgreSQL too where DATABASE_URL names one (.ci/run starts it).
run('npm', ['run', 'test:receiver']);
console.log(
  process.env.DATABASE_URL
    ? 'Receiver tests ran on PGlite and PostgreSQL.'
    : 'Receiver tests ran on PGlite only: the PostgreSQL variant was NOT RUN (no DATABASE_URL; .ci/run sets one).',
);
// Scale-out: two receiver processes on one PostgreSQL, a hundred thousand records round-robin.
if (process.env.DATABASE_URL) run('npm', ['run', 'test:scale']);
else console.log('Scale-out test NOT RUN: it needs PostgreSQL (no DATABASE_URL; .ci/run sets one).');
run('npm', ['run', 'build:firefox']);
run('npm', ['run', 'lint:firefox']);
// The same code with host access to the local test servers, in Firefox over WebDriver BiDi.
run('npm', ['run', 'build:firefox:e2e']);
run('npm', ['run', 'test:firefox']);
run('npm', ['run', 'build:e2e']);
run('npx', ['playwright', 'test'], { env: { ...process.env, CHROMIUM_PATH: chromium } });
// The team console the receiver serves, in Chromium (builds the console first).
run('npm', ['run', 'test:console'], { env: { ...process.env, CHROMIUM_PATH: chromium } });
// The benchmark on small inputs: checks that every row can be measured, not how fast anything is.
run('node', ['scripts/bench.mjs', '--quick'], { env: { ...process.env, CHROMIUM_PATH: chromium } });
console.log('\n✔ All checks and tests passed.');
