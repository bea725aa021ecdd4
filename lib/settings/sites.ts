/** Turns user input ("crm.example.com", "https://crm.example.com/path") into an origin. */
export function normaliseOrigin(input: string): { ok: true; origin: string } | { ok: false; error: string } {
  const trimmed = input.trim();
  if (!trimmed) return { ok: false, error: 'Enter a site address, such as https://crm.example.com' };
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return { ok: false, error: `“${trimmed}” is not a web address` };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return { ok: false, error: 'Only http and https sites can be enabled' };
  }
  if (!url.hostname || url.hostname.includes('*')) return { ok: false, error: 'Enter one site, without wildcards' };
  return { ok: true, origin: `${url.protocol}//${url.hostname}` };
}

/**
 * Where the AI tools the site adapters know are served: ChatGPT, Claude, Gemini and Microsoft
 * Copilot (consumer, new domain, and Microsoft 365).
 */
export const AI_TOOL_SITES = [
  'https://chatgpt.com',
  'https://chat.openai.com',
  'https://claude.ai',
  'https://gemini.google.com',
  'https://copilot.microsoft.com',
  'https://copilot.com',
  'https://copilot.cloud.microsoft',
  'https://m365.cloud.microsoft',
] as const;

/**
 * Sites the e2e build treats as enabled and holds host permission for: the local demo and test
 * servers, and the AI tools' own addresses, where browser tests serve saved pages of those tools.
 */
export const E2E_SITES = ['http://127.0.0.1', 'http://localhost', ...AI_TOOL_SITES] as const;
