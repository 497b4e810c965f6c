import { z } from 'zod';
import type { CustomerFacts } from '../../workflows/facts.js';
import { OCCURRED_AT_BOUNDS } from './occurredAt.js';

/** What a customer looks like to Peygir: a free-form profile with a few well-known fields. */
export const customerProfileSchema = z.looseObject({
  email: z.email().optional(),
  name: z.string().optional(),
  phone: z.string().optional().describe('an Iranian mobile in any common form, stored in E.164; any other number is kept as sent with phone_invalid set'),
  locale: z.enum(['fa', 'en']).optional(),
  timezone: z.string().optional().describe('an IANA zone, e.g. Asia/Tehran (422 invalid_timezone otherwise)'),
});

/** An event about a customer, as webhooks deliver it. `eventId` makes delivery idempotent. */
export const customerEventSchema = z.strictObject({
  eventId: z.string().min(1).max(200),
  type: z.string().regex(/^[a-z][a-z0-9_]*$/, 'use snake_case, e.g. purchase or survey_answered'),
  customerId: z.string().min(1).max(200),
  occurredAt: z.iso
    .datetime({ offset: true })
    .optional()
    .describe(`when it happened: at most ${OCCURRED_AT_BOUNDS.futureSkewMs / 60_000} minutes ahead of the server's clock, not before ${OCCURRED_AT_BOUNDS.earliest} (422 occurred_at_out_of_range otherwise)`),
  customer: customerProfileSchema.optional(),
  data: z.record(z.string(), z.unknown()).optional(),
});

export type CustomerProfile = z.infer<typeof customerProfileSchema>;
/**
 * An event as webhooks send it, and as it travels to the workflows: the store adds (never a sender: the
 * schema is strict) the customer's facts after it and the lifecycle stage change it caused.
 */
export type CustomerEvent = z.infer<typeof customerEventSchema> & {
  facts?: CustomerFacts;
  lifecycle?: CustomerEvent;
};
