// Enabled sites and the sync endpoint share `proto//hostname/*` host permissions: removing one
// must not revoke what the other still needs.
import { describe, expect, it } from 'vitest';
import { endpointPermission, endpointPermissionToRevoke, sitePermissionToRevoke } from '../../lib/sync/permissions';

const ENDPOINT = 'https://crm.example.com:8443/v1/batches';

describe('the sync endpoint permission', () => {
  it('is its origin without port or path, and none when sync is off', () => {
    expect(endpointPermission(ENDPOINT)).toBe('https://crm.example.com/*');
    expect(endpointPermission('http://127.0.0.1:8787/v1/batches')).toBe('http://127.0.0.1/*');
    expect(endpointPermission('')).toBeUndefined();
    expect(endpointPermission('not a url')).toBeUndefined();
  });
});

describe('removing an enabled site', () => {
  it('keeps the permission the sync endpoint still needs', () => {
    expect(sitePermissionToRevoke('https://crm.example.com', ENDPOINT)).toBeUndefined();
  });

  it('revokes it when the endpoint is elsewhere, on another scheme, or sync is off', () => {
    expect(sitePermissionToRevoke('https://crm.example.com', 'https://incidents.example.com/v1')).toBe(
      'https://crm.example.com/*',
    );
    expect(sitePermissionToRevoke('http://localhost', 'https://localhost/v1')).toBe('http://localhost/*');
    expect(sitePermissionToRevoke('https://crm.example.com', '')).toBe('https://crm.example.com/*');
  });
});

describe('changing the sync endpoint', () => {
  it('revokes the old origin when nothing else uses it', () => {
    expect(endpointPermissionToRevoke(ENDPOINT, 'https://incidents.example.com/v1', [])).toBe(
      'https://crm.example.com/*',
    );
    expect(endpointPermissionToRevoke(ENDPOINT, '', ['https://other.example.com'])).toBe('https://crm.example.com/*');
  });

  it('keeps the old origin when an enabled site uses it', () => {
    expect(
      endpointPermissionToRevoke(ENDPOINT, 'https://incidents.example.com/v1', [
        'https://a.example.com',
        'https://crm.example.com',
      ]),
    ).toBeUndefined();
  });

  it('keeps it when the new endpoint is on the same origin pattern (another path or port)', () => {
    expect(endpointPermissionToRevoke(ENDPOINT, 'https://crm.example.com/v2/batches', [])).toBeUndefined();
    expect(endpointPermissionToRevoke(ENDPOINT, 'https://crm.example.com:9443/v1/batches', [])).toBeUndefined();
  });

  it('revokes nothing when there was no endpoint', () => {
    expect(endpointPermissionToRevoke('', ENDPOINT, [])).toBeUndefined();
  });

  it('an enabled site on plain http does not hold back an https endpoint origin', () => {
    expect(endpointPermissionToRevoke(ENDPOINT, '', ['http://crm.example.com'])).toBe('https://crm.example.com/*');
  });
});
