/**
 * Secret-named URL parameters: pure and Zod-free, so the page script strips them before a URL
 * leaves the page, and the background and redaction use the very same rule.
 */

/**
 * Secret-looking parameter names. Whole words (`key`, `code`, `sig`) only as a word of the name,
 * so `keyword`, `postcode` and `author` stay; the rest anywhere in the name, so `accesstoken`,
 * `oauth_verifier` and `x-hmac-sha256` go.
 */
const SECRET_WORDS = new Set(['key', 'keys', 'code', 'sid', 'sig', 'auth', 'jwt', 'otp', 'pin', 't', 'tok']);
const SECRET_PARTS = [
  'token',
  'secret',
  'passw',
  'passcode',
  'pwd',
  'apikey',
  'hmac',
  'signature',
  'credential',
  'verifier',
  'ticket',
  'session',
  'sessid',
  'privatekey',
  'accesskey',
  'authorization',
  'saml',
];

export function isSecretName(name: string): boolean {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  if (words.some((word) => SECRET_WORDS.has(word))) return true;
  const joined = words.join('');
  return SECRET_PARTS.some((part) => joined.includes(part));
}

/**
 * `href` without secret-named query parameters, and without a fragment that carries one (OAuth
 * implicit flows put tokens there). Route fragments such as `#/accounts/7` and text-fragment
 * links stay. The page's own spelling is kept when nothing was removed (URL() normalises).
 */
export function stripSecretParams(href: string): { url: string; removed: number } {
  let removed = 0;
  try {
    const parsed = new URL(href);
    for (const name of [...new Set(parsed.searchParams.keys())]) {
      if (isSecretName(name)) {
        parsed.searchParams.delete(name);
        removed += 1;
      }
    }
    const fragment = new URLSearchParams(parsed.hash.slice(1));
    if (!parsed.hash.startsWith('#:~:') && parsed.hash.includes('=') && [...fragment.keys()].some(isSecretName)) {
      parsed.hash = '';
      removed += 1;
    }
    return { url: removed ? parsed.href : href, removed };
  } catch {
    return { url: href, removed: 0 };
  }
}
