import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { applyPolicy } from '../../lib/background/policy';
import { FlaglineDb } from '../../lib/db';
import { enabledSitesItem, reporterItem } from '../../lib/settings/items';
import { parsePolicy, readPolicy } from '../../lib/settings/policy';
import { captureLevels, effectiveRedactionLevel, redactionLevelItem } from '../../lib/settings/redaction';
import { syncSettingsItem } from '../../lib/sync/settings';
import { useFreshDb } from './fresh-db';

let db: FlaglineDb;
useFreshDb((opened) => (db = opened));

const WORKFLOW = {
  id: 'crm',
  name: 'CRM summaries',
  owner: 'Dana Reyes',
  fallbackProcess: 'By hand',
  reviewStandard: '',
  escalationPath: ['Dana'],
  urlPatterns: ['https://crm.example.com/*'],
};

describe('parsePolicy', () => {
  it('keeps the valid keys and reports the bad one, instead of dropping the whole policy', () => {
    const { policy, problems } = parsePolicy({
      redactionLevel: 'strict',
      screenshotsAllowed: 'no',
      syncEndpoint: 'https://sync.example.com/in',
      somethingElse: 1,
    });
    expect(policy).toEqual({ redactionLevel: 'strict', syncEndpoint: 'https://sync.example.com/in' });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^screenshotsAllowed/);
  });

  it('refuses a non-http endpoint and an invalid reporter e-mail', () => {
    expect(parsePolicy({ syncEndpoint: 'javascript:alert(1)', reporterEmail: 'nobody' }).policy).toEqual({});
  });
});

describe('a managed policy value wins', () => {
  it('over the redaction level the user chose, and says it is locked', async () => {
    await redactionLevelItem.setValue('standard');
    expect(await effectiveRedactionLevel()).toEqual({ level: 'standard', locked: false });
    await fakeBrowser.storage.managed.set({ redactionLevel: 'strict' });
    expect(await readPolicy()).toEqual({ redactionLevel: 'strict' });
    expect(await effectiveRedactionLevel()).toEqual({ level: 'strict', locked: true });
    expect(await captureLevels()).toEqual(['secrets', 'personal']);
  });

  it('over endpoint, automatic sync, sites, reporter and workflows written locally', async () => {
    await syncSettingsItem.setValue({ endpoint: 'https://mine.example.com/in', autoSync: true });
    await enabledSitesItem.setValue(['https://old.example.com']);
    await reporterItem.setValue({ name: 'Me', email: 'me@example.com' });
    await applyPolicy(db, {
      syncEndpoint: 'https://sync.corp.example/in',
      autoSync: false,
      enabledSites: ['crm.example.com', 'https://chat.example.com/path'],
      reporterName: 'Ana Reviewer',
      reporterEmail: 'ana@corp.example',
      workflowRegistry: [WORKFLOW],
    });
    expect(await syncSettingsItem.getValue()).toEqual({ endpoint: 'https://sync.corp.example/in', autoSync: false });
    expect(await enabledSitesItem.getValue()).toEqual(['https://crm.example.com', 'https://chat.example.com']);
    expect(await reporterItem.getValue()).toEqual({ name: 'Ana Reviewer', email: 'ana@corp.example' });
    expect(await db.workflows.get('crm')).toMatchObject(WORKFLOW);
  });

  it('leaves what the policy does not set to the user', async () => {
    await reporterItem.setValue({ name: 'Me', email: 'me@example.com' });
    await applyPolicy(db, { reporterName: 'Ana Reviewer' });
    expect(await reporterItem.getValue()).toEqual({ name: 'Ana Reviewer', email: 'me@example.com' });
  });
});
