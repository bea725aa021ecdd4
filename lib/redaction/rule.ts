/**
 * A detector rule: a pattern, the part of a match that is the value to mask (a capture group, so
 * `password=` stays readable and only what follows goes), and an optional check that rejects
 * look-alikes (a card number that fails Luhn, an IBAN that fails mod 97).
 */
export interface Rule {
  /** Stable identifier, recorded with a masked span: `stripe-key`, `email`. Never the value. */
  kind: string;
  /** Global, with indices (`gd`), so the group's position is known. */
  pattern: RegExp;
  /** Capture group holding the value; 0 (the whole match) when absent. */
  group?: number;
  valid?: (value: string) => boolean;
}

/** Which detector family a rule belongs to: secrets are masked before storage, always. */
export type DetectorLevel = 'secrets' | 'personal';

/** A span of text that holds a detected value, by position only. */
export interface Span {
  start: number;
  end: number;
  kind: string;
}

/** What a masked value becomes. One marker for every kind: the kind is kept beside it, not in it. */
export const REDACTED = '[redacted]';
