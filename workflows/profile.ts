/** A customer's profile with, for each field, when it was set: the `occurredAt` (epoch ms) of the event that set it. */
export interface DatedProfile {
  profile: Record<string, unknown>;
  profileAsOf: Record<string, number>;
}

/**
 * Events arrive out of order (retries, several sources): each field keeps the value of the event that
 * happened last, by `occurredAt`, not the one that arrived last. Pure: the contact workflow and the
 * customer store merge the same way.
 */
export function mergeProfile(dated: DatedProfile, patch: Record<string, unknown>, happenedAt: number): DatedProfile {
  const merged = { profile: { ...dated.profile }, profileAsOf: { ...dated.profileAsOf } };
  for (const [field, value] of Object.entries(patch)) {
    if ((merged.profileAsOf[field] ?? -Infinity) > happenedAt) continue;
    merged.profile[field] = value;
    merged.profileAsOf[field] = happenedAt;
  }
  return merged;
}
