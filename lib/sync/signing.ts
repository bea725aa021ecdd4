/**
 * Standard Webhooks signatures (standardwebhooks.com): HMAC-SHA256 over `id.timestamp.body`
 * with the secret's bytes, sent as `v1,<base64>`. Web Crypto only, so it runs in the service worker.
 */

const PREFIX = 'whsec_';

/** The secret's key bytes: base64 after an optional `whsec_` prefix, as the reference libraries read it. */
export function secretBytes(secret: string): Uint8Array<ArrayBuffer> {
  const encoded = secret.startsWith(PREFIX) ? secret.slice(PREFIX.length) : secret;
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded) || encoded.length % 4 !== 0) {
    throw new Error('The signing secret must be base64, optionally prefixed with whsec_.');
  }
  const binary = atob(encoded);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** True when the text is a usable signing secret. */
export function isValidSigningSecret(secret: string): boolean {
  try {
    return secretBytes(secret).length >= 16;
  } catch {
    return false;
  }
}

function base64(bytes: ArrayBuffer): string {
  let binary = '';
  for (const byte of new Uint8Array(bytes)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** The three `webhook-*` headers for one request body. */
export async function signatureHeaders(
  secret: string,
  id: string,
  body: string,
  now: Date,
): Promise<Record<'webhook-id' | 'webhook-timestamp' | 'webhook-signature', string>> {
  const timestamp = String(Math.floor(now.getTime() / 1000));
  const key = await crypto.subtle.importKey('raw', secretBytes(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
    'sign',
  ]);
  const mac = await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(`${id}.${timestamp}.${body}`));
  return { 'webhook-id': id, 'webhook-timestamp': timestamp, 'webhook-signature': `v1,${base64(mac)}` };
}
