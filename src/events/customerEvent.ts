import { z } from 'zod';

/** What a customer looks like to Peygir: a free-form profile with a few well-known fields. */
export const customerProfileSchema = z.looseObject({
  email: z.email().optional(),
  name: z.string().optional(),
  phone: z.string().optional(),
  locale: z.enum(['fa', 'en']).optional(),
  timezone: z.string().optional(),
});

/** An event about a customer, as webhooks deliver it. `eventId` makes delivery idempotent. */
export const customerEventSchema = z.strictObject({
  eventId: z.string().min(1).max(200),
  type: z.string().regex(/^[a-z][a-z0-9_]*$/, 'use snake_case, e.g. purchase or survey_answered'),
  customerId: z.string().min(1).max(200),
  occurredAt: z.iso.datetime({ offset: true }).optional(),
  customer: customerProfileSchema.optional(),
  data: z.record(z.string(), z.unknown()).optional(),
});

export type CustomerProfile = z.infer<typeof customerProfileSchema>;
export type CustomerEvent = z.infer<typeof customerEventSchema>;
