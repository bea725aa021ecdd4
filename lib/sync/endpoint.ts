/** The result of checking an endpoint URL typed by the user. */
export type EndpointCheck = { ok: true; url: string; origin: string } | { ok: false; error: string };

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Validates the sync endpoint: https only, except plain http on this machine (localhost,
 * 127.0.0.1), where a team tries the reference receiver. Credentials in the URL are refused:
 * they would end up in logs; the access token has its own field.
 */
export function checkEndpoint(input: string): EndpointCheck {
  const text = input.trim();
  if (!text) return { ok: false, error: 'Enter the endpoint URL.' };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, error: 'Enter a full URL, such as https://incidents.example.com/flagline.' };
  }
  if (url.username || url.password) return { ok: false, error: 'Put the token in "Access token", not in the URL.' };
  if (url.hash) return { ok: false, error: 'The endpoint URL cannot contain a #fragment.' };
  if (url.protocol === 'https:') return { ok: true, url: url.href, origin: url.origin };
  if (url.protocol === 'http:' && LOOPBACK.has(url.hostname)) return { ok: true, url: url.href, origin: url.origin };
  if (url.protocol === 'http:') return { ok: false, error: 'Use https. Plain http is allowed only on localhost.' };
  return { ok: false, error: 'The endpoint must be an https URL.' };
}
