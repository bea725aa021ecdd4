import { ibanValid, luhnValid } from './checksums';
import type { Rule } from './rule';

/**
 * Personal data detectors: e-mail, phone numbers, payment cards (Luhn checked), IBAN (mod 97
 * checked) and US social security numbers. Phone numbers need a shape that dates, prices, order
 * numbers and versions do not have: a leading `+`, a bracketed area code, or the North American
 * 3-3-4 grouping; a bare run of digits is left alone.
 */
const digitsOnly = (value: string) => value.replace(/\D/g, '');

/** Card numbers of the major networks (Visa, Mastercard, Amex, Discover, JCB, Diners, UnionPay). */
function cardValid(value: string): boolean {
  const digits = digitsOnly(value);
  if (digits.length < 13 || digits.length > 19) return false;
  if (!/^(?:4|5[1-5]|2[2-7]|3[47]|3[0689]|6(?:011|5|4[4-9]|2)|35)/.test(digits)) return false;
  return luhnValid(digits);
}

export const PERSONAL_RULES: readonly Rule[] = [
  {
    kind: 'email',
    pattern:
      /(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63})*\.[A-Za-z]{2,24}\b/dg,
  },
  {
    kind: 'payment-card',
    pattern: /(?<![\d-])\d(?:[ -]?\d){12,18}(?![\d-])/dg,
    valid: cardValid,
  },
  {
    kind: 'iban',
    pattern: /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}\b/dg,
    valid: ibanValid,
  },
  { kind: 'us-ssn', pattern: /(?<![\d-])(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}(?![\d-])/dg },
  {
    kind: 'phone',
    pattern:
      /(?<![\w+])(?:\+\d{1,3}[ .-]?(?:\(\d{1,4}\)[ .-]?)?\d{1,4}(?:[ .-]?\d{2,4}){2,4}|\(\d{2,4}\)[ .-]?\d{3,4}[ .-]?\d{3,4}|\d{3}[ .-]\d{3}[ .-]\d{4})(?![\w-])/dg,
    valid: (value) => digitsOnly(value).length >= 8 && digitsOnly(value).length <= 15,
  },
];
