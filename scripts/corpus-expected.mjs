// Rewrites test/fixtures/real/*/*/expected.json from what the current code captures on each saved
// page. Run only on request (`npm run corpus:expected`), then review the diff field by field: the
// expected values are what the page shows, not whatever the code happens to read.
import { spawnSync } from 'node:child_process';

const result = spawnSync('npx', ['vitest', 'run', 'test/unit/corpus.test.ts'], {
  stdio: 'inherit',
  env: { ...process.env, UPDATE_CORPUS: '1' },
  shell: process.platform === 'win32',
});
process.exit(result.status ?? 1);
