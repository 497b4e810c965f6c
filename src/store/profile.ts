import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { normalizeIranianMobile } from '../locale/phone.js';
import type { CustomerProfile } from '../events/customerEvent.js';
import { eq, sql } from 'drizzle-orm';
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
  await updateProfile(tx, customerId, merged, updatedAt);
  const found = identitiesOf(merged.profile);
  if (isNonEmpty(found)) await upsertIdentities(tx, customerId, found);
}

/** The statement that stores a merged profile (for the caller to run or to join to its own). */
export function updateProfile(tx: StoreDatabase, customerId: string, merged: DatedProfile, updatedAt: Date) {
  return tx.update(customers).set({ ...merged, updatedAt }).where(eq(customers.id, customerId));
}

/** The statement that stores a customer's identities, one row per kind (for the caller to run or to join to its own). */
export function upsertIdentities(tx: StoreDatabase, customerId: string, found: readonly { kind: 'email' | 'phone'; value: string }[]) {
  return tx
    .insert(identities)
    .values(found.map((identity) => ({ customerId, ...identity })))
    .onConflictDoUpdate({ target: [identities.customerId, identities.kind], set: { value: sql`excluded.value` } });
}

export const isNonEmpty = <T>(items: readonly T[]): items is readonly [T, ...T[]] => items.length > 0;
