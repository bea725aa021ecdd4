import { describe, expect, it } from 'vitest';
import { syncLineText } from '../../components/sync/SyncStatus';

const earlier = new Date(Date.now() - 3_600_000).toISOString();

describe("the side panel's sync line", () => {
  it('says plainly that the endpoint is failing, why, and when it is tried again', () => {
    const text = syncLineText({
      lastSuccessAt: earlier,
      lastError: { message: 'The endpoint did not answer (503 Service Unavailable).', at: new Date().toISOString() },
      nextAttemptAt: Date.now() + 120_000,
    });
    expect(text).toMatch(/^Sync is failing: the last attempt at .+ failed \(The endpoint did not answer \(503/);
    expect(text).toMatch(/Flagline tries again at .+\./);
    // The last success is still told, but never alone and never first.
    expect(text).toMatch(/Last successful sync at .+\.$/);
    expect(text.startsWith('Last synced')).toBe(false);
  });

  it('says "Last synced" only when the last attempt went through', () => {
    expect(syncLineText({ lastSuccessAt: earlier })).toMatch(/^Last synced /);
    expect(syncLineText({})).toBe('Not synced yet.');
  });

  it('gives the pause reason while sync is paused', () => {
    const paused = { reason: 'token-needed' as const, message: 'Token needed.', at: earlier };
    expect(syncLineText({ paused }, 'Sync is paused. Token needed.')).toBe('Sync is paused. Token needed.');
  });
});
