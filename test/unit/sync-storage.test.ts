// @vitest-environment node
// Storage faults under sync: a failed database open is tried again rather than remembered, a
// database that lost its records is noticed, and text PostgreSQL cannot hold never gets stored.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CapturePayloadSchema, removeUnstorable } from '../../lib/capture/schema';
import { DB_NAME, FlaglineDb, getDb, retryFailedOpen } from '../../lib/db';
import { IncidentSchema } from '../../lib/incident/schema';
import { databaseLossItem, deviceId, knownDeviceItem } from '../../lib/sync/device';
import { probeRecord } from '../../lib/sync/probe';

afterEach(() => vi.restoreAllMocks());

describe('a failed database open', () => {
  it('is tried again on the next use instead of failing every later write', async () => {
    const db = new FlaglineDb('open-fails-once');
    const open = vi.spyOn(indexedDB, 'open').mockImplementationOnce(() => {
      throw new DOMException('The disk is full', 'QuotaExceededError');
    });
    await expect(db.meta.get('x')).rejects.toThrow();
    expect(open).toHaveBeenCalledTimes(1);
    // Left alone, Dexie keeps answering with the remembered failure.
    await expect(db.meta.get('x')).rejects.toThrow();
    // The cause is gone (space freed): the same context writes again without a restart.
    await retryFailedOpen(db).meta.put({ key: 'after-failure', value: 1 });
    expect((await db.meta.get('after-failure'))?.value).toBe(1);
    db.close();
  });

  it('getDb hands out the shared database, reopened when its open failed', () => {
    expect(getDb()).toBe(getDb());
  });
});

describe('a lost local database', () => {
  it('a device id created while storage remembers another is reported, once', async () => {
    const first = new FlaglineDb('lost-db');
    const id = await deviceId(first);
    expect(await knownDeviceItem.getValue()).toBe(id);
    expect(await databaseLossItem.getValue()).toBeNull();
    first.close();
    await first.delete();
    // Recreated empty (deleted, or corrupted and replaced by the browser).
    const second = new FlaglineDb('lost-db');
    const fresh = await deviceId(second);
    expect(fresh).not.toBe(id);
    expect(await databaseLossItem.getValue()).toMatchObject({ previousDeviceId: id });
    await databaseLossItem.setValue(null);
    expect(await deviceId(second)).toBe(fresh);
    expect(await databaseLossItem.getValue()).toBeNull();
    second.close();
  });

  it('a first install is no loss', async () => {
    await knownDeviceItem.setValue(null);
    const db = new FlaglineDb(`${DB_NAME}-fresh`);
    await deviceId(db);
    expect(await databaseLossItem.getValue()).toBeNull();
    db.close();
  });
});

describe('text PostgreSQL cannot store', () => {
  it('NUL and lone surrogates are removed; pairs and other text are kept', () => {
    expect(removeUnstorable('a\u0000b\ud800c\udc00d😀e')).toBe('abcd😀e');
  });

  it('is removed from captured text', () => {
    const payload = CapturePayloadSchema.parse({
      shownText: 'Refund\u0000 approved',
      quote: { type: 'TextQuoteSelector', exact: 'Refund\u0000 approved', prefix: '\ud800', suffix: '' },
      source: 'selection',
      page: { url: 'https://crm.example.com/', title: 'CRM\u0000' },
      capturedAt: '2026-01-01T00:00:00.000Z',
    });
    expect(payload.shownText).toBe('Refund approved');
    expect(payload.quote).toMatchObject({ exact: 'Refund approved', prefix: '' });
    expect(payload.page.title).toBe('CRM');
  });

  it('is removed from imported and edited records', () => {
    const record = probeRecord(new Date('2026-01-01T00:00:00Z'));
    const parsed = IncidentSchema.parse({
      ...record,
      whatHappened: 'It\u0000 said \udfffno',
      evidence: { ...record.evidence, output: 'out\u0000put' },
    });
    expect(parsed.whatHappened).toBe('It said no');
    expect(parsed.evidence.output).toBe('output');
  });
});
