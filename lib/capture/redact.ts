/**
 * High-confidence secret patterns masked in captured text before it is stored, hashed, synced or
 * exported. Only shapes that are almost never ordinary prose: a false positive costs a few
 * characters of evidence, a miss leaks a credential to every place the record goes.
 */
const PATTERNS: ReadonlyArray<{ name: string; pattern: RegExp }> = [
  { name: 'private key', pattern: /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)/g },
  { name: 'AWS access key', pattern: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g },
  { name: 'API key', pattern: /\bsk-(?:proj-|live_|test_)?[A-Za-z0-9_-]{20,}/g },
  { name: 'GitHub token', pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{40,})\b/g },
  { name: 'Slack token', pattern: /\bxox[abposr]-[A-Za-z0-9-]{10,}/g },
  { name: 'JSON Web Token', pattern: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g },
  { name: 'bearer token', pattern: /\b(Bearer\s+)[A-Za-z0-9._~+/-]{16,}=*/gi },
];

export const REDACTED = '[redacted]';

/** Masks secrets in `text`; returns the masked text and how many were masked. */
export function redactSecrets(text: string): { text: string; count: number } {
  let count = 0;
  let result = text;
  for (const { pattern } of PATTERNS) {
    result = result.replace(pattern, (_match, prefix?: string) => {
      count += 1;
      return typeof prefix === 'string' && /^Bearer/i.test(prefix) ? `${prefix}${REDACTED}` : REDACTED;
    });
  }
  return { text: result, count };
}
