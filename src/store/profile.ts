import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { normalizeIranianMobile } from '../locale/phone.js';
import type { CustomerProfile } from '../events/customerEvent.js';

export interface StoredProfile {
  profile: Record<string, unknown>;
  /** When each field was set: the `occurredAt` (epoch ms) of the event that set it. */
  profileAsOf: Record<string, number>;
}

/**
 * Events arrive out of order (retries, several sources): each field keeps the value of the event that
 * happened last, by `occurredAt`, not the one that arrived last. Returns the merged profile.
 */
export function mergeProfile(stored: StoredProfile, patch: Record<string, unknown>, happenedAt: number): StoredProfile {
  const merged = { profile: { ...stored.profile }, profileAsOf: { ...stored.profileAsOf } };
  for (const [field, value] of Object.entries(patch)) {
    if ((merged.profileAsOf[field] ?? -Infinity) > happenedAt) continue;
    merged.profile[field] = value;
    merged.profileAsOf[field] = happenedAt;
  }
  return merged;
}

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
