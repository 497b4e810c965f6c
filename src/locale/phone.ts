import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { toLatinDigits } from './digits.js';

/** An Iranian mobile number in the two forms providers ask for. */
export interface IranianMobile {
  ok: true;
  /** International form, e.g. `+989121234567`. */
  e164: string;
  /** National form, e.g. `09121234567` (what Kavenegar's `receptor` takes). */
  local: string;
}

export type IranianMobileResult = IranianMobile | { ok: false; reason: string };

/** Separators people type or paste: spaces (incl. no-break), dashes, dots, brackets, bidi/zero-width marks. */
const SEPARATORS = /[\s\u200b-\u200f\u202a-\u202e\u2066-\u2069().\-‐-―]/g;

/**
 * Reads an Iranian mobile number written as 0912…, 912…, +98912…, 0098912… or 98912…,
 * with Latin, Persian or Arabic-Indic digits and any common separators.
 * Uses the full libphonenumber metadata so landlines are told apart from mobiles.
 */
export function normalizeIranianMobile(input: string): IranianMobileResult {
  const compact = toLatinDigits(input).replace(SEPARATORS, '');
  if (compact === '') return { ok: false, reason: 'the phone number is empty' };
  if (!/^\+?\d+$/.test(compact)) {
    return { ok: false, reason: `"${input}" contains characters other than digits, spaces, dashes or a leading +` };
  }
  const parsed = parsePhoneNumberFromString(compact, 'IR');
  if (!parsed?.isValid()) return { ok: false, reason: `"${input}" is not a valid phone number` };
  if (parsed.country !== 'IR') {
    return { ok: false, reason: `"${input}" is not an Iranian number (country ${parsed.country ?? 'unknown'})` };
  }
  if (parsed.getType() !== 'MOBILE') return { ok: false, reason: `"${input}" is an Iranian landline, not a mobile` };
  return { ok: true, e164: parsed.number, local: `0${parsed.nationalNumber}` };
}
