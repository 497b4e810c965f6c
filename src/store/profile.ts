import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { normalizeIranianMobile } from '../locale/phone.js';
import type { CustomerProfile } from '../events/customerEvent.js';
import { sql } from 'drizzle-orm';
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
  await saveProfiles(tx, [{ id: customerId, ...merged, updatedAt }]);
  const found = identitiesOf(merged.profile).map((identity) => ({ customerId, ...identity }));
  if (isNonEmpty(found)) await upsertIdentities(tx, found);
}

/** A customer's merged profile as it is to be written. */
export type ProfileRow = DatedProfile & { id: string; updatedAt: Date };

/** The statement that stores the merged profiles of customers whose rows exist (for the caller to run or to join to its own). */
export function saveProfiles(tx: StoreDatabase, rows: readonly [ProfileRow, ...ProfileRow[]]) {
  return tx
    .insert(customers)
    .values([...rows])
    .onConflictDoUpdate({ target: customers.id, set: { profile: sql`excluded.profile`, profileAsOf: sql`excluded.profile_as_of`, updatedAt: sql`excluded.updated_at` } });
}

/** A customer's email or phone as the identities table keeps it. */
export type IdentityRow = { customerId: string; kind: 'email' | 'phone'; value: string };

/** The statement that stores customers' identities, one row per customer and kind (for the caller to run or to join to its own). */
export function upsertIdentities(tx: StoreDatabase, rows: readonly [IdentityRow, ...IdentityRow[]]) {
  return tx
    .insert(identities)
    .values([...rows])
    .onConflictDoUpdate({ target: [identities.customerId, identities.kind], set: { value: sql`excluded.value` } });
}

export const isNonEmpty = <T>(items: readonly T[]): items is readonly [T, ...T[]] => items.length > 0;
