import type { Rule } from './rule';

/**
 * Secret detectors. The shapes follow the published rule sets of gitleaks
 * (github.com/gitleaks/gitleaks, config/gitleaks.toml, MIT) and secretlint
 * (github.com/secretlint/secretlint, packages/@secretlint/secretlint-rule-preset-recommend, MIT),
 * rewritten here as JavaScript patterns: prefixes and lengths from those rules, our own code.
 * Only shapes that are almost never prose: a false positive costs a few characters of evidence, a
 * miss leaks a credential to every place the record goes.
 */
/** A credential right after a name that says what it is: `password=…`, `"client_secret": "…"`. */
const NAMED_VALUE = new RegExp(
  String.raw`(?:pass(?:word|wd|phrase|code)?|pwd|secret|client[_-]?secret|api[_-]?(?:key|secret|token)|access[_-]?(?:key|token)|auth[_-]?token|private[_-]?key|aws[_-]?secret[_-]?access[_-]?key|secret[_-]?access[_-]?key)["']?\s*(?:[:=]|=>)\s*["']?([^\s"'&,;<>]{4,200})`,
  'gid',
);

function looksLikeCredential(value: string): boolean {
  if (/^\[redacted\]/.test(value)) return false;
  return /\d|[^A-Za-z]/.test(value) || value.length >= 8;
}

/** Forty characters of base64 with upper, lower and digits: the shape of an AWS secret access key. */
function awsSecretShape(value: string): boolean {
  return /[A-Z]/.test(value) && /[a-z]/.test(value) && /\d/.test(value);
}

export const SECRET_RULES: readonly Rule[] = [
  {
    kind: 'private-key',
    pattern: /-----BEGIN [A-Z ]*PRIVATE KEY( BLOCK)?-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY( BLOCK)?-----|$)/dg,
  },
  { kind: 'aws-access-key', pattern: /\b(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}\b/dg },
  {
    kind: 'aws-secret-key',
    pattern: /(?<![A-Za-z0-9/+=])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/dg,
    valid: awsSecretShape,
  },
  { kind: 'stripe-key', pattern: /\b(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{10,99}\b/dg },
  { kind: 'stripe-webhook-secret', pattern: /\bwhsec_[A-Za-z0-9]{24,}\b/dg },
  { kind: 'anthropic-key', pattern: /\bsk-ant-(?:api|admin)\d{2}-[A-Za-z0-9_-]{20,}/dg },
  { kind: 'openai-key', pattern: /\bsk-(?:proj-|svcacct-|admin-|None-)?[A-Za-z0-9_-]{20,}/dg },
  { kind: 'google-api-key', pattern: /\bAIza[A-Za-z0-9_-]{35}(?![A-Za-z0-9_-])/dg },
  { kind: 'google-oauth-secret', pattern: /\bGOCSPX-[A-Za-z0-9_-]{28}\b/dg },
  { kind: 'azure-storage-key', pattern: /AccountKey=([A-Za-z0-9+/]{86}==)/dg, group: 1 },
  {
    kind: 'azure-client-secret',
    pattern: /(?<![A-Za-z0-9_~.-])[A-Za-z0-9_~.]{3}\dQ~[A-Za-z0-9_~.-]{31,34}(?![A-Za-z0-9_~-])/dg,
  },
  {
    kind: 'azure-api-key',
    pattern:
      /(?:Ocp-Apim-Subscription-Key|azure[_-]?(?:openai[_-]?)?(?:api[_-]?)?key|api-key)["']?\s*[:=]\s*["']?([a-f0-9]{32})\b/dgi,
    group: 1,
  },
  { kind: 'slack-token', pattern: /\bxox[abposre]-(?:\d+-)?[A-Za-z0-9-]{10,}/dg },
  {
    kind: 'slack-webhook',
    pattern: /https:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9+/_-]{20,}/dg,
  },
  { kind: 'github-token', pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{40,})\b/dg },
  { kind: 'gitlab-token', pattern: /\b(?:glpat|glptt|gldt|glrt|gloas|glcbt)-[A-Za-z0-9_-]{20,}/dg },
  { kind: 'npm-token', pattern: /\bnpm_[A-Za-z0-9]{36}\b/dg },
  { kind: 'huggingface-token', pattern: /\bhf_[A-Za-z]{34}\b/dg },
  { kind: 'sendgrid-key', pattern: /\bSG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}\b/dg },
  { kind: 'shopify-token', pattern: /\bshp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}\b/dg },
  {
    kind: 'jwt',
    pattern: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/dg,
  },
  { kind: 'bearer-token', pattern: /\bBearer\s+([A-Za-z0-9._~+/-]{16,}=*)/dgi, group: 1 },
  { kind: 'basic-credentials', pattern: /\bBasic\s+([A-Za-z0-9+/]{8,}={0,2})(?![A-Za-z0-9+/=])/dg, group: 1 },
  {
    // Any URL with a password in it: database URLs (postgres://, mongodb+srv://, redis://, …) most of all.
    kind: 'url-password',
    pattern: new RegExp(String.raw`\b[a-z][a-z0-9+.-]{1,20}://[^\s:/@]{1,100}:([^\s@/]{1,200})@`, 'dgi'),
    group: 1,
    valid: (value) => value !== '[redacted]',
  },
  { kind: 'named-credential', pattern: NAMED_VALUE, group: 1, valid: looksLikeCredential },
];
