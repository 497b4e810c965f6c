import { invalidPhoneField } from '../../workflows/enrollment/phone.js';
import { normalizeIranianMobile } from '../locale/phone.js';
import { isTimeZone } from '../schedule/zone.js';
import type { CustomerProfile } from './customerEvent.js';

/** A profile field intake refuses (422 `invalid_timezone`). */
export interface ProfileProblem {
  status: 422;
  code: 'invalid_timezone';
  message: string;
  details: { path: string; message: string }[];
}

/**
 * The profile as the contact keeps it: the time zone by its canonical IANA name (an unknown one is
 * refused, not replaced by Tehran), and each phone field (`phone` and any field a loaded sequence
 * declares as `phone`) in E.164 when it is an Iranian mobile. Any other number is kept as sent and
 * marked `<field>_invalid` with the reason, so the event still counts (the email goes out) while no
 * SMS, call or call task tries that number; a valid one later clears the mark (`null`).
 */
export function normalizeProfile(customer: CustomerProfile, phoneFields: Iterable<string>): { customer: CustomerProfile } | { problem: ProfileProblem } {
  const profile: CustomerProfile = { ...customer };
  if (profile.timezone !== undefined) {
    if (!isTimeZone(profile.timezone)) {
      const message = `"${profile.timezone}" is not an IANA time zone; use a name like Asia/Tehran or Europe/Berlin`;
      return { problem: { status: 422, code: 'invalid_timezone', message: `customer.timezone: ${message}`, details: [{ path: 'customer.timezone', message }] } };
    }
    profile.timezone = new Intl.DateTimeFormat('en', { timeZone: profile.timezone }).resolvedOptions().timeZone;
  }
  for (const field of new Set(phoneFields)) {
    const value = profile[field];
    if (value === undefined) continue;
    const phone = typeof value === 'string' ? normalizeIranianMobile(value) : { ok: false as const, reason: `${JSON.stringify(value)} is not text` };
    if (phone.ok) profile[field] = phone.e164;
    profile[invalidPhoneField(field)] = phone.ok ? null : phone.reason;
  }
  return { customer: profile };
}
