import type { Channel, SendWindow } from '../src/dsl/definition.js';

/**
 * The Iranian work week: Saturday to Wednesday 09:00–17:00, Thursday morning until 13:00, Friday
 * and Iran's public holidays off. What `call` (a person phoning the customer) and call tasks use
 * unless a sequence sets `call_hours`.
 */
export const BUSINESS_HOURS: SendWindow = {
  timezone: 'customer',
  days: ['sat', 'sun', 'mon', 'tue', 'wed', 'thu'],
  start: '09:00',
  end: '17:00',
  shortDays: { thu: '13:00' },
  holidays: 'iran',
};

/** Windows that apply when a sequence declares none for a channel: calls only in business hours. */
export const DEFAULT_SEND_WINDOWS: Partial<Record<Channel, SendWindow>> = { call: BUSINESS_HOURS };
