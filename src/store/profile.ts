import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { normalizeIranianMobile } from '../locale/phone.js';
import type { CustomerProfile } from '../events/customerEvent.js';
import { eq } from 'drizzle-orm';
import type { DatedProfile } from '../../workflows/profile.js';
import type { StoreDatabase } from './database.js';
import { customers, identities } from './schema.js';

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

/** Writes a merged profile and the identities it gives (inside the caller's transaction). */
export async function saveProfile(tx: StoreDatabase, customerId: string, merged: DatedProfile, updatedAt: Date): Promise<void> {
  await tx.update(customers).set({ ...merged, updatedAt }).where(eq(customers.id, customerId));
  for (const identity of identitiesOf(merged.profile)) {
    await tx
      .insert(identities)
      .values({ customerId, ...identity })
      .onConflictDoUpdate({ target: [identities.customerId, identities.kind], set: { value: identity.value } });
  }
}
