import { eq } from 'drizzle-orm';
import { consentFromDecisions, consentWithdrawals } from '../../workflows/consent.js';
import type { Consent } from '../../workflows/enrollment/state.js';
import { mergeProfile, type DatedProfile } from '../../workflows/profile.js';
import type { StoreDatabase } from './database.js';
import { saveProfile } from './profile.js';
import { consents, customers } from './schema.js';

/** What a contact workflow carries about its customer: the dated profile and where consent stands. */
export interface ContactCustomer extends DatedProfile {
  consent: Consent;
}

/** The `reason` of a consent row moved from a contact workflow that knew it before the store did. */
export const MOVED_FROM_CONTACT = 'moved_from_contact';

/**
 * Moves what a contact started before the store knew into it, then answers the store's customer.
 * Never overwrites what the store holds newer: each profile field is merged by the `occurredAt` the
 * contact kept for it (a field without one counts as older than anything the store recorded), and a
 * withdrawal only fills a channel the store has no decision for (dated at epoch 0, so any dated event
 * decides over it later). Idempotent: moving the same state again changes nothing.
 */
export async function moveContactIntoStore(db: StoreDatabase, customerId: string, carried: ContactCustomer): Promise<ContactCustomer> {
  return db.transaction(async (tx) => {
    await tx.insert(customers).values({ id: customerId }).onConflictDoNothing();
    const [stored] = await tx.select().from(customers).where(eq(customers.id, customerId)).for('update');
    if (!stored) throw new Error(`customer ${customerId} vanished while being moved into the store`);
    // An erased customer stays erased: nothing a contact still carried comes back.
    const moving = stored.erasedAt ? { profile: {}, profileAsOf: {}, consent: { unsubscribed: false, suppressed: [] } } : carried;
    let merged: DatedProfile = stored;
    for (const [field, value] of Object.entries(moving.profile)) merged = mergeProfile(merged, { [field]: value }, moving.profileAsOf[field] ?? 0);
    if (Object.keys(moving.profile).length > 0) await saveProfile(tx, customerId, merged, new Date());

    for (const withdrawal of consentWithdrawals(moving.consent)) {
      await tx
        .insert(consents)
        .values({ customerId, ...withdrawal, reason: MOVED_FROM_CONTACT, eventId: `contact/${customerId}`, occurredAt: new Date(0) })
        .onConflictDoNothing();
    }
    const rows = await tx.select({ channel: consents.channel, allowed: consents.allowed }).from(consents).where(eq(consents.customerId, customerId));
    return { profile: merged.profile, profileAsOf: merged.profileAsOf, consent: consentFromDecisions(rows) };
  });
}
