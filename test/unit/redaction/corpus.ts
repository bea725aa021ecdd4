/**
 * Planted values for the redaction corpus test. Every value is made up for this test (the AWS
 * secret is AWS's documented example key, the JWT carries no real claims, the card numbers are
 * the networks' published test numbers, the IBANs are the registry's examples); none works anywhere.
 */
export interface Planted {
  kind: string;
  /** The text planted on the page. */
  text: string;
  /** What must not survive: the secret part of `text` (a password without its `password=`). */
  value: string;
}

const alnum = (n: number, seed = 'aB3dE5fG7hJ9kL2mN4pQ6rS8tU1vW0xYz') =>
  seed.repeat(Math.ceil(n / seed.length)).slice(0, n);

export const SECRETS: Planted[] = [
  {
    kind: 'stripe-key',
    text: 'sk_live_51HqLyjWDarjtT1zdp7dcXYZ9abcdEF',
    value: 'sk_live_51HqLyjWDarjtT1zdp7dcXYZ9abcdEF',
  },
  { kind: 'stripe-key', text: 'rk_live_51HqLyjWDarjtT1zdQwErTy7uIoP', value: 'rk_live_51HqLyjWDarjtT1zdQwErTy7uIoP' },
  {
    kind: 'stripe-webhook-secret',
    text: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    value: 'MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  },
  { kind: 'google-api-key', text: `AIza${alnum(35)}`, value: `AIza${alnum(35)}` },
  { kind: 'aws-access-key', text: 'AKIAQ3EGRJ5TXNCL7WVA', value: 'AKIAQ3EGRJ5TXNCL7WVA' },
  {
    kind: 'aws-secret-key',
    text: 'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    value: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  },
  {
    kind: 'aws-secret-key',
    text: 'the key is Qm9vc3RlcjEyMy9Ib3N0L2FiY2RlZmdoaWprbG1u',
    value: 'Qm9vc3RlcjEyMy9Ib3N0L2FiY2RlZmdoaWprbG1u',
  },
  {
    kind: 'basic-credentials',
    text: 'Authorization: Basic YWxhZGRpbjpvcGVuc2VzYW1l',
    value: 'YWxhZGRpbjpvcGVuc2VzYW1l',
  },
  { kind: 'bearer-token', text: 'Authorization: Bearer abc123DEF456ghi789JKL0mno', value: 'abc123DEF456ghi789JKL0mno' },
  { kind: 'named-credential', text: 'password=Tr0ub4dor!3x', value: 'Tr0ub4dor!3x' },
  { kind: 'named-credential', text: '"client_secret": "q8Zr-2Lm_Vx9Tk"', value: 'q8Zr-2Lm_Vx9Tk' },
  {
    kind: 'url-password',
    text: 'postgres://app_user:S3cr3tPassw0rd@db.internal.example.com:5432/prod',
    value: 'S3cr3tPassw0rd',
  },
  { kind: 'url-password', text: 'mongodb+srv://admin:Hunter2Pass@cluster0.example.net/test', value: 'Hunter2Pass' },
  {
    kind: 'slack-webhook',
    text: 'https://hooks.slack.com/services/T0ABCDEFG/B0HIJKLMN/abcdefghijklmnopqrstuvwx',
    value: 'abcdefghijklmnopqrstuvwx',
  },
  {
    kind: 'slack-token',
    text: 'xoxb-2345678901-3456789012-AbCdEfGhIjKlMnOpQrStUvWx',
    value: 'AbCdEfGhIjKlMnOpQrStUvWx',
  },
  {
    kind: 'azure-storage-key',
    text: `DefaultEndpointsProtocol=https;AccountName=acme;AccountKey=${alnum(86)}==;EndpointSuffix=core.windows.net`,
    value: alnum(86),
  },
  {
    kind: 'azure-client-secret',
    text: `aB34Q~${alnum(34, 'kL9mN8oP7qR6sT5uV4wX3yZ2')}`,
    value: alnum(34, 'kL9mN8oP7qR6sT5uV4wX3yZ2'),
  },
  {
    kind: 'azure-api-key',
    text: 'api-key: 0f1e2d3c4b5a69788796a5b4c3d2e1f0',
    value: '0f1e2d3c4b5a69788796a5b4c3d2e1f0',
  },
  { kind: 'openai-key', text: `sk-proj-${alnum(40)}`, value: alnum(40) },
  { kind: 'anthropic-key', text: `sk-ant-api03-${alnum(60)}`, value: alnum(60) },
  { kind: 'github-token', text: `ghp_${alnum(36)}`, value: `ghp_${alnum(36)}` },
  { kind: 'gitlab-token', text: 'glpat-xYz12AbC34dEf56GhI78', value: 'xYz12AbC34dEf56GhI78' },
  { kind: 'npm-token', text: `npm_${alnum(36, 'Zy9Xw8Vu7Ts6Rq5Po4')}`, value: alnum(36, 'Zy9Xw8Vu7Ts6Rq5Po4') },
  {
    kind: 'jwt',
    text: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U',
    value: 'dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U',
  },
  {
    kind: 'private-key',
    text: '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----',
    value: 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASC',
  },
];

export const PERSONAL: Planted[] = [
  { kind: 'email', text: 'maria.gonzalez@example.org', value: 'maria.gonzalez@example.org' },
  { kind: 'email', text: 'j.smith+billing@contoso-pharma.co.uk', value: 'j.smith+billing@contoso-pharma.co.uk' },
  { kind: 'email', text: 'AHMED_K@mail.example.com', value: 'AHMED_K@mail.example.com' },
  { kind: 'phone', text: '+44 20 7946 0958', value: '7946 0958' },
  { kind: 'phone', text: '(555) 123-4567', value: '123-4567' },
  { kind: 'phone', text: '+1 415 555 2671', value: '555 2671' },
  { kind: 'phone', text: '555-867-5309', value: '867-5309' },
  { kind: 'phone', text: '+49 30 9018 2033', value: '9018 2033' },
  { kind: 'payment-card', text: '4111 1111 1111 1111', value: '4111 1111 1111 1111' },
  { kind: 'payment-card', text: '5500-0000-0000-0004', value: '5500-0000-0000-0004' },
  { kind: 'payment-card', text: '378282246310005', value: '378282246310005' },
  { kind: 'payment-card', text: '4242424242424242', value: '4242424242424242' },
  { kind: 'iban', text: 'DE89 3704 0044 0532 0130 00', value: '3704 0044 0532 0130' },
  { kind: 'iban', text: 'GB82WEST12345698765432', value: 'GB82WEST12345698765432' },
  { kind: 'iban', text: 'FR14 2004 1010 0505 0001 3M02 606', value: '2004 1010 0505 0001' },
  { kind: 'us-ssn', text: '123-45-6789', value: '123-45-6789' },
  { kind: 'us-ssn', text: '078-05-1120', value: '078-05-1120' },
];

/**
 * Near-misses that must stay: order and ticket numbers, dates and times, prices and amounts,
 * versions, ids and words that merely resemble a secret's name.
 */
export const BENIGN: string[] = [
  'Order #100234981',
  'order 2026-118833',
  'ORD-2024-118833',
  'Invoice INV-2026-00412',
  'PO 4500012345',
  'ticket #48213',
  'case 00123456',
  'tracking 1Z999AA10123456784',
  'order 1234567890123',
  'reference 2026/00042',
  'SKU AB-1234-XY',
  'ISBN 978-3-16-148410-0',
  'batch 4000-1234',
  'RMA 2026-12-0042',
  'account 7',
  'customer 58213',
  '2026-12-01',
  '12/01/2026',
  '01.12.2026',
  '2026-12-01T09:15:00Z',
  '09:15',
  '1 December 2026',
  'Q3 2026',
  'FY2025/26',
  '$1,299.00',
  '€ 1.299,00',
  '£45.50',
  'USD 12,500',
  '1,234,567',
  '12.5%',
  '+15%',
  '-3.2%',
  'refund of 250.00 EUR',
  'a 30-day trial',
  'within 2-3 days',
  'v4.13.0',
  'version 20.19.43',
  'build 2026.12.01.4',
  'commit 3e11c44d8a9b1f2e3c4d5e6f7a8b9c0d1e2f3a4b',
  'id 0192f7a8-3b4c-7d5e-8f90-a1b2c3d4e5f6',
  'IP 192.168.0.1',
  'port 5432',
  'postcode SW1A 1AA',
  'ZIP 94103',
  'extension 4521',
  'room 4.12',
  'width 1920x1080',
  'ratio 16:9',
  'score 98/100',
  'the skeleton key',
  'a sk-ill set',
  'a password reset link',
  'a token of appreciation',
  'Bearer of bad news',
  'Basic plan',
  'keyword search',
  'Section 4.2.1',
  'page 12 of 40',
  'CVE-2024-3094',
  'RFC 9110',
  'ISO 8601',
  'temperature 21.5 °C',
];
