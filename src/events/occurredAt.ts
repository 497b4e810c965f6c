/**
 * `occurredAt` orders profile updates (an older event does not overwrite a newer one), so one event
 * dated in the far future would freeze the profile. Intake takes only times between these bounds.
 */
export const OCCURRED_AT_BOUNDS = {
  /** How far ahead of the server's clock a sender's clock may run. */
  futureSkewMs: 5 * 60_000,
  /** Nothing a customer did is older than this. */
  earliest: '2000-01-01T00:00:00Z',
} as const;

/** Why `occurredAt` is out of bounds at `now`, or undefined when it is fine. */
export function occurredAtProblem(occurredAt: string, now: number): string | undefined {
  const at = Date.parse(occurredAt);
  const latest = now + OCCURRED_AT_BOUNDS.futureSkewMs;
  if (at > latest) {
    return `${occurredAt} is in the future (at most ${OCCURRED_AT_BOUNDS.futureSkewMs / 60_000} minutes ahead of the server's clock, ${new Date(latest).toISOString()}); send when it happened`;
  }
  if (at < Date.parse(OCCURRED_AT_BOUNDS.earliest)) return `${occurredAt} is before ${OCCURRED_AT_BOUNDS.earliest}`;
  return undefined;
}
