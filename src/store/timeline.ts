import type { LedgerKind } from './ledger.js';

/** One line of a customer's history: an event they caused, or a ledger fact (message, enrollment, call task). */
export type TimelineItem =
  | { source: 'event'; seq: number; occurredAt: Date; type: string; eventId: string; data: Record<string, unknown> }
  | {
      source: 'ledger';
      seq: number;
      occurredAt: Date;
      type: LedgerKind;
      subject: string;
      occurrence: string;
      sequenceId: string | null;
      data: Record<string, unknown>;
    };

export interface TimelinePage {
  items: TimelineItem[];
  /** Give it back as `before` for the older page; absent on the last page. */
  next?: string;
}

/** Where a page ended: (occurredAt, seq), as an opaque string. */
export function encodeCursor(item: { occurredAt: Date; seq: number }): string {
  return Buffer.from(`${item.occurredAt.getTime()}.${item.seq}`).toString('base64url');
}

export class InvalidCursorError extends Error {
  override name = 'InvalidCursorError';
}

export function decodeCursor(cursor: string): { occurredAt: Date; seq: number } {
  const match = /^(-?\d+)\.(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!match) throw new InvalidCursorError(`"${cursor}" is not a timeline cursor: pass the \`next\` of the previous page`);
  return { occurredAt: new Date(Number(match[1])), seq: Number(match[2]) };
}
