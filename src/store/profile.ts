import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { normalizeIranianMobile } from '../locale/phone.js';
import type { CustomerProfile } from '../events/customerEvent.js';

/** How to find the customer again: the email lower-cased, the phone in E.164 (Iranian mobiles in any way people write them). */
export function identitiesOf(profile: CustomerProfile): { kind: 'email' | 'phone'; value: string }[] {
  const found: { kind: 'email' | 'phone'; value: string }[] = [];
  if (typeof profile.email === 'string') found.push({ kind: 'email', value: profile.email.trim().toLowerCase() });
  if (typeof profile.phone === 'string') {
    const iranian = normalizeIranianMobile(profile.phone);
    const e164 = iranian.ok ? iranian.e164 : parsePhoneNumberFromString(profile.phone)?.number;
    if (e164) found.push({ kind: 'phone', value: e164 });
  }
  return found;
}
