/** What the ledger records, by subject: `<subject>.<what happened>`. */
export const LEDGER_KINDS = {
  /** Subject: the message key. Occurrence: `<activity id>.<attempt>` for attempts and failed attempts. `skipped` carries the reason. */
  message: ['attempted', 'sent', 'delivered', 'opened', 'clicked', 'replied', 'bounced', 'failed', 'skipped'],
  /**
   * Subject: the enrollment's workflow ID. `started` carries the sequence version, `step` the step id (occurrence),
   * `variant` the arm a `split` gave (occurrence: the split's step id), `ended` the reason.
   */
  enrollment: ['started', 'step', 'variant', 'ended'],
  /** Subject: the call task ID. `claimed` per agent (occurrence); durations (`sinceOpenMs`, `sinceClaimMs`) go in details. */
  call_task: ['opened', 'claimed', 'completed', 'outcome', 'note', 'cancelled'],
} as const;

type KindsOf<Subject extends keyof typeof LEDGER_KINDS> = `${Subject}.${(typeof LEDGER_KINDS)[Subject][number]}`;
export type LedgerKind = KindsOf<'message'> | KindsOf<'enrollment'> | KindsOf<'call_task'>;

/** One append-only fact, unique by (subject, kind, occurrence): writing it again changes nothing. */
export interface LedgerEntry {
  customerId: string;
  kind: LedgerKind;
  subject: string;
  /** Tells apart several entries of one kind about one subject (attempt number, step id, note id). */
  occurrence?: string;
  sequenceId?: string;
  occurredAt: Date;
  details?: Record<string, unknown>;
}

/** A ledger entry as workflows hand it to an activity: the instant as an ISO string (workflow time), as payloads carry it. */
export type LedgerFact = Omit<LedgerEntry, 'occurredAt'> & { occurredAt: string };

/** The ledger row of an entry (its details as given: an erased customer's are scrubbed by the caller). */
export function ledgerRow(entry: LedgerEntry, details: Record<string, unknown> = entry.details ?? {}) {
  return {
    customerId: entry.customerId,
    kind: entry.kind,
    subject: entry.subject,
    occurrence: entry.occurrence ?? '',
    sequenceId: entry.sequenceId ?? null,
    occurredAt: entry.occurredAt,
    details,
  };
}
