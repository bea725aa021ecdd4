import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FlaglineDb } from '@/lib/db';
import { matchWorkflow, patternSpecificity, proposedPattern, urlMatches } from '@/lib/workflows/match';
import { RegistryFileSchema, WORKFLOW_SCHEMA_VERSION, WorkflowSchema, type Workflow } from '@/lib/workflows/schema';
import { exportRegistry, importRegistry, listWorkflows, saveWorkflow } from '@/lib/workflows/store';

const NOW = new Date('2025-03-14T09:30:00.000Z');

function workflow(overrides: Partial<Workflow> = {}): Workflow {
  return {
    id: crypto.randomUUID(),
    name: 'CRM account summaries',
    owner: 'Dana Reyes',
    fallbackProcess: 'Account manager writes the summary by hand',
    reviewStandard: 'Account manager reads every summary before it is sent',
    escalationPath: ['Dana Reyes', 'Security on call', 'Legal'],
    urlPatterns: ['https://crm.example.com/accounts/*'],
    updatedAt: NOW.toISOString(),
    ...overrides,
  };
}

function registryFile(workflows: unknown[], overrides: Record<string, unknown> = {}): string {
  return JSON.stringify({
    kind: 'flagline-workflows',
    schemaVersion: WORKFLOW_SCHEMA_VERSION,
    exportedAt: NOW.toISOString(),
    workflows,
    ...overrides,
  });
}

describe('urlMatches', () => {
  it.each([
    // [case, pattern, url, expected]
    ['exact URL', 'https://crm.example.com/accounts', 'https://crm.example.com/accounts', true],
    ['exact prefix: a page below it', 'https://crm.example.com/accounts', 'https://crm.example.com/accounts/42', true],
    [
      'exact prefix: with a query',
      'https://crm.example.com/accounts',
      'https://crm.example.com/accounts?tab=notes',
      true,
    ],
    [
      'exact prefix: trailing slash in pattern',
      'https://crm.example.com/accounts/',
      'https://crm.example.com/accounts/7',
      true,
    ],
    [
      'exact prefix stops at a path segment',
      'https://crm.example.com/accounts',
      'https://crm.example.com/accountsXYZ',
      false,
    ],
    ['host-only pattern matches the whole site', 'https://crm.example.com', 'https://crm.example.com/any/page', true],
    ['host-only pattern is not a host prefix', 'https://crm.example.com', 'https://crm.example.com.evil.net/', false],
    [
      'wildcard in path',
      'https://crm.example.com/accounts/*/summary',
      'https://crm.example.com/accounts/42/summary',
      true,
    ],
    [
      'wildcard in path: other page',
      'https://crm.example.com/accounts/*/summary',
      'https://crm.example.com/accounts/42/notes',
      false,
    ],
    ['trailing wildcard', 'https://crm.example.com/accounts/*', 'https://crm.example.com/accounts/42?x=1#top', true],
    [
      'trailing wildcard needs the slash',
      'https://crm.example.com/accounts/*',
      'https://crm.example.com/accounts',
      false,
    ],
    ['root wildcard matches the bare origin', 'https://crm.example.com/*', 'https://crm.example.com', true],
    ['wildcard subdomain', 'https://*.example.com/*', 'https://eu.crm.example.com/a', true],
    ['wildcard subdomain stays in the host', 'https://*.example.com/*', 'https://evil.net/.example.com/', false],
    ['case-insensitive host', 'https://CRM.Example.COM/accounts/*', 'https://crm.example.com/accounts/1', true],
    ['case-insensitive host in URL', 'https://crm.example.com/accounts/*', 'https://CRM.EXAMPLE.COM/accounts/1', true],
    ['no match: other host', 'https://crm.example.com/*', 'https://mail.example.com/inbox', false],
    ['no match: other scheme', 'https://crm.example.com/*', 'http://crm.example.com/accounts', false],
    ['any scheme', '*://crm.example.com/*', 'http://crm.example.com/accounts', true],
    ['pattern without port matches any port', 'http://127.0.0.1/*', 'http://127.0.0.1:5173/crm.html', true],
    ['pattern with port matches that port', 'http://127.0.0.1:5173/*', 'http://127.0.0.1:5173/crm.html', true],
    ['pattern with port: other port', 'http://127.0.0.1:5173/*', 'http://127.0.0.1:8080/crm.html', false],
    ['pattern with default port', 'https://crm.example.com:443/*', 'https://crm.example.com/a', true],
    ['not an http(s) page', 'https://crm.example.com/*', 'chrome-extension://abc/options.html', false],
    ['not a URL', 'https://crm.example.com/*', 'crm.example.com/accounts', false],
    ['invalid pattern', 'crm.example.com/*', 'https://crm.example.com/a', false],
    ['regex characters are literal', 'https://crm.example.com/a+b/*', 'https://crm.example.com/aab/x', false],
  ] as const)('%s', (_case, pattern, url, expected) => {
    expect(urlMatches(pattern, url)).toBe(expected);
  });
});

describe('matchWorkflow', () => {
  const site = workflow({ id: 'site', name: 'CRM assistant', urlPatterns: ['https://crm.example.com/*'] });
  const accounts = workflow({
    id: 'accounts',
    name: 'CRM account summaries',
    urlPatterns: ['https://crm.example.com/accounts/*'],
  });
  const mail = workflow({
    id: 'mail',
    name: 'Email drafts',
    urlPatterns: ['https://mail.example.com/compose', 'https://mail.example.com/drafts/*'],
  });
  const none = workflow({ id: 'none', name: 'Unplaced', urlPatterns: [] });
  const registry = [site, accounts, mail, none];

  it.each<[string, string, string | undefined, boolean]>([
    ['most specific wins', 'https://crm.example.com/accounts/42', 'accounts', false],
    ['most specific wins whatever the order', 'https://crm.example.com/accounts/42', 'accounts', true],
    ['falls back to the broader pattern', 'https://crm.example.com/deals/9', 'site', false],
    ['any of several patterns', 'https://mail.example.com/drafts/3', 'mail', false],
    ['exact prefix pattern', 'https://mail.example.com/compose?to=x', 'mail', false],
    ['case-insensitive host', 'https://MAIL.example.com/compose', 'mail', false],
    ['no match', 'https://docs.example.com/page', undefined, false],
  ])('%s', (_case, url, expected, reversed) => {
    const list = reversed ? [...registry].reverse() : registry;
    expect(matchWorkflow(list, url)?.id).toBe(expected);
  });

  it('matches nothing in an empty registry', () => {
    expect(matchWorkflow([], 'https://crm.example.com/')).toBeUndefined();
  });
});

describe('matchWorkflow: the most specific pattern', () => {
  const URL_ = 'https://crm.example.com/accounts/123/summary?x=1';
  const siteWide = workflow({ id: 'site', name: 'A site-wide assistant', urlPatterns: ['https://crm.example.com/*'] });
  const section = workflow({ id: 'section', name: 'B accounts', urlPatterns: ['https://crm.example.com/accounts/*'] });
  const exact = workflow({
    id: 'exact',
    name: 'C summary page',
    urlPatterns: ['https://crm.example.com/accounts/123'],
  });
  const orders = (list: Workflow[]) => [list, [...list].reverse()];

  it('prefers a path pattern to a site-wide one, and the exact page to both, in any order', () => {
    for (const list of orders([siteWide, section])) expect(matchWorkflow(list, URL_)?.id).toBe('section');
    for (const list of orders([siteWide, section, exact])) expect(matchWorkflow(list, URL_)?.id).toBe('exact');
  });

  it('is not the first workflow that claims the whole site', () => {
    const anyScheme = workflow({ id: 'any', name: 'A any scheme', urlPatterns: ['*://crm.example.com/*'] });
    expect(matchWorkflow([anyScheme, siteWide, section], URL_)?.id).toBe('section');
  });

  it('at the same literal length prefers fewer wildcards', () => {
    const plain = workflow({ id: 'plain', name: 'Z plain', urlPatterns: ['https://crm.example.com/accounts'] });
    const starred = workflow({ id: 'starred', name: 'A starred', urlPatterns: ['https://crm.example.com/accounts/*'] });
    const anyScheme = workflow({ id: 'any', name: 'A any', urlPatterns: ['*://crm.example.com/accounts/*'] });
    for (const list of orders([plain, starred, anyScheme])) expect(matchWorkflow(list, URL_)?.id).toBe('plain');
    for (const list of orders([starred, anyScheme])) expect(matchWorkflow(list, URL_)?.id).toBe('starred');
  });

  it('breaks a full tie by name, then by id, whatever the stored order', () => {
    const pattern = ['https://crm.example.com/accounts/*'];
    const beta = workflow({ id: 'b1', name: 'beta', urlPatterns: pattern });
    const alpha = workflow({ id: 'z9', name: 'Alpha', urlPatterns: pattern });
    for (const list of orders([beta, alpha])) expect(matchWorkflow(list, URL_)?.id).toBe('z9');
    const twinA = workflow({ id: 'id-a', name: 'Same', urlPatterns: pattern });
    const twinB = workflow({ id: 'id-b', name: 'same', urlPatterns: pattern });
    for (const list of orders([twinB, twinA])) expect(matchWorkflow(list, URL_)?.id).toBe('id-a');
  });

  it('ranks a workflow by its best matching pattern only', () => {
    const wide = workflow({
      id: 'wide',
      name: 'Wide',
      urlPatterns: ['https://crm.example.com/*', 'https://crm.example.com/deals/very/long/section/*'],
    });
    for (const list of orders([wide, section])) expect(matchWorkflow(list, URL_)?.id).toBe('section');
  });

  it.each<[string, number, number]>([
    ['https://crm.example.com/*', 15, 1],
    ['https://crm.example.com', 15, 0],
    ['https://crm.example.com/', 15, 0],
    ['*://crm.example.com/*', 15, 2],
    ['https://crm.example.com/accounts/*', 24, 1],
    ['https://*.example.com/accounts/*', 21, 2],
  ])('scores %s as %i literal characters and %i wildcards', (pattern, literal, wildcards) => {
    expect(patternSpecificity(pattern)).toEqual({ literal, wildcards });
  });
});

describe('proposedPattern', () => {
  it.each<[string, string | undefined]>([
    ['https://crm.example.com/accounts/123/summary?x=1', 'https://crm.example.com/accounts/*'],
    ['https://crm.example.com/accounts/123#notes', 'https://crm.example.com/accounts/*'],
    ['https://crm.example.com/accounts/', 'https://crm.example.com/accounts/*'],
    ['https://mail.example.com/compose?id=7#top', 'https://mail.example.com/compose'],
    ['http://127.0.0.1:5178/crm.html', 'http://127.0.0.1:5178/crm.html'],
    ['https://crm.example.com/', 'https://crm.example.com/*'],
    ['https://crm.example.com', 'https://crm.example.com/*'],
    ['https://crm.example.com/?q=secret', 'https://crm.example.com/*'],
    ['https://crm.example.com/4821/summary', 'https://crm.example.com/*'],
    ['https://crm.example.com/3f2b1c9e-7a6d-4e1f-9b2a-0c8d7e6f5a4b/x', 'https://crm.example.com/*'],
    ['https://CRM.Example.com/Accounts/1', 'https://crm.example.com/Accounts/*'],
    ['chrome://settings/', undefined],
    ['file:///tmp/chat.html', undefined],
    ['not a url', undefined],
  ])('proposes for %s: %s', (url, expected) => {
    expect(proposedPattern(url)).toBe(expected);
  });

  it('never carries the query or fragment, and always matches the page it came from', () => {
    for (const url of [
      'https://crm.example.com/accounts/123/summary?x=1&y=2#frag',
      'https://mail.example.com/compose?to=a@b.example',
      'http://127.0.0.1:5178/crm.html?x=1',
      'https://crm.example.com/',
    ]) {
      const pattern = proposedPattern(url)!;
      expect(pattern).not.toMatch(/[?#]/);
      expect(WorkflowSchema.shape.urlPatterns.parse([pattern])).toEqual([pattern]);
      expect(urlMatches(pattern, url)).toBe(true);
    }
  });
});

describe('WorkflowSchema', () => {
  const paths = (input: unknown) => {
    const parsed = WorkflowSchema.safeParse(input);
    return parsed.success ? [] : parsed.error.issues.map((issue) => [issue.path.join('.'), issue.message]);
  };

  it('accepts a complete workflow and fills defaults', () => {
    const { reviewStandard: _r, escalationPath: _e, urlPatterns: _u, ...minimal } = workflow();
    const parsed = WorkflowSchema.parse(minimal);
    expect(parsed).toMatchObject({ reviewStandard: '', escalationPath: [], urlPatterns: [] });
  });

  it.each([
    ['missing owner', { owner: undefined }, 'owner'],
    ['blank owner', { owner: '   ' }, 'owner', 'Accountable owner is required'],
    ['blank name', { name: '' }, 'name', 'Name is required'],
    ['missing fallback', { fallbackProcess: '' }, 'fallbackProcess', 'Fallback process is required'],
    ['bad pattern', { urlPatterns: ['crm.example.com'] }, 'urlPatterns.0', 'Use a pattern like'],
    ['non-http pattern', { urlPatterns: ['ftp://crm.example.com/*'] }, 'urlPatterns.0', 'Use a pattern like'],
    ['second pattern bad', { urlPatterns: ['https://a.example.com/*', 'https://b example'] }, 'urlPatterns.1'],
    ['blank escalation contact', { escalationPath: ['Dana', ' '] }, 'escalationPath.1'],
    ['bad timestamp', { updatedAt: 'yesterday' }, 'updatedAt'],
  ] as const)('reports %s', (_case, overrides, path, message?: string) => {
    const issues = paths({ ...workflow(), ...overrides });
    expect(issues.map(([p]) => p)).toEqual([path]);
    if (message) expect(issues[0]?.[1]).toContain(message);
  });

  it('trims text fields', () => {
    const parsed = WorkflowSchema.parse(workflow({ name: '  CRM  ', urlPatterns: [' https://crm.example.com/* '] }));
    expect(parsed.name).toBe('CRM');
    expect(parsed.urlPatterns).toEqual(['https://crm.example.com/*']);
  });
});

describe('the registry store', () => {
  let db: FlaglineDb;
  beforeEach(() => {
    db = new FlaglineDb(`t-${crypto.randomUUID()}`);
  });
  afterEach(async () => {
    await db.delete();
  });

  it('saves, lists by name and exports a file that validates', async () => {
    const b = await saveWorkflow(db, { ...workflow({ name: 'Email drafts' }), updatedAt: undefined }, NOW);
    const a = await saveWorkflow(db, workflow({ name: 'CRM account summaries' }), NOW);
    expect(a.updatedAt).toBe(NOW.toISOString());
    expect((await listWorkflows(db)).map((w) => w.name)).toEqual(['CRM account summaries', 'Email drafts']);

    const exported = await exportRegistry(db, NOW);
    expect(RegistryFileSchema.parse(exported)).toEqual(exported);
    expect(exported).toMatchObject({ kind: 'flagline-workflows', schemaVersion: 1, exportedAt: NOW.toISOString() });
    expect(exported.workflows).toEqual([a, b]);
  });

  it('edits in place and stamps the time of the edit', async () => {
    const saved = await saveWorkflow(db, workflow(), NOW);
    const later = new Date(NOW.getTime() + 60_000);
    await saveWorkflow(db, { ...saved, owner: 'Sam Ortiz' }, later);
    const [only, ...rest] = await listWorkflows(db);
    expect(rest).toEqual([]);
    expect(only).toMatchObject({ id: saved.id, owner: 'Sam Ortiz', updatedAt: later.toISOString() });
  });

  it('refuses an invalid workflow and writes nothing', async () => {
    await expect(saveWorkflow(db, workflow({ owner: '' }))).rejects.toThrow('Accountable owner is required');
    expect(await db.workflows.count()).toBe(0);
  });

  it('round-trips an export through import into another database', async () => {
    await saveWorkflow(db, workflow(), NOW);
    await saveWorkflow(db, workflow({ name: 'Email drafts', urlPatterns: [] }), NOW);
    const text = JSON.stringify(await exportRegistry(db, NOW));

    const other = new FlaglineDb(`t-${crypto.randomUUID()}`);
    try {
      expect(await importRegistry(other, text)).toEqual({ ok: true, added: 2, updated: 0 });
      expect(await listWorkflows(other)).toEqual(await listWorkflows(db));
    } finally {
      await other.delete();
    }
  });

  describe('importRegistry', () => {
    it.each([
      ['not JSON', '{ not json', ['The file is not JSON.']],
      ['empty file', '', ['The file is not JSON.']],
      ['JSON that is not an object', '[]', [expect.stringMatching(/^file: /)]],
      ['wrong kind', registryFile([], { kind: 'flagline-incidents' }), [expect.stringMatching(/^kind: /)]],
      ['wrong schemaVersion', registryFile([], { schemaVersion: 2 }), [expect.stringMatching(/^schemaVersion: /)]],
      ['missing workflows', registryFile([], { workflows: undefined }), [expect.stringMatching(/^workflows: /)]],
    ])('refuses %s', async (_case, text, errors) => {
      const result = await importRegistry(db, text);
      expect(result).toEqual({ ok: false, errors });
      expect(await db.workflows.count()).toBe(0);
    });

    it('writes nothing when one workflow in the list is invalid (all or nothing)', async () => {
      const kept = await saveWorkflow(db, workflow({ name: 'Kept as it was' }), NOW);
      const text = registryFile([
        workflow({ name: 'Good one' }),
        { ...kept, owner: 'Changed by the import' },
        workflow({ name: 'Bad one', urlPatterns: ['not a pattern'] }),
      ]);
      const result = await importRegistry(db, text);
      expect(result.ok).toBe(false);
      expect(!result.ok && result.errors).toEqual([
        expect.stringContaining('workflows.2.urlPatterns.0: Use a pattern'),
      ]);
      expect(await listWorkflows(db)).toEqual([kept]);
    });

    it('refuses a file that lists the same id twice', async () => {
      const twin = workflow();
      const result = await importRegistry(db, registryFile([twin, { ...twin, owner: 'Someone else' }]));
      expect(result).toEqual({ ok: false, errors: [expect.stringContaining('workflows.1.id')] });
      expect(await db.workflows.count()).toBe(0);
    });

    it('counts updates (known id) apart from additions', async () => {
      const existing = await saveWorkflow(db, workflow(), NOW);
      const fresh = workflow({ name: 'Email drafts' });
      const text = registryFile([{ ...existing, owner: 'Sam Ortiz' }, fresh]);

      expect(await importRegistry(db, text)).toEqual({ ok: true, added: 1, updated: 1 });
      const stored = await listWorkflows(db);
      expect(stored.map((w) => [w.id, w.owner])).toEqual([
        [existing.id, 'Sam Ortiz'],
        [fresh.id, 'Dana Reyes'],
      ]);

      // Importing the same file again changes nothing but counts both as updates.
      expect(await importRegistry(db, text)).toEqual({ ok: true, added: 0, updated: 2 });
      expect(await db.workflows.count()).toBe(2);
    });

    it('accepts an empty registry', async () => {
      expect(await importRegistry(db, registryFile([]))).toEqual({ ok: true, added: 0, updated: 0 });
    });
  });
});
