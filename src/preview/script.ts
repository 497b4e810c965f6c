import { z } from 'zod';
import { customerProfileSchema } from '../events/customerEvent.js';
import { parseDuration } from '../dsl/duration.js';

/** A customer to preview with: the profile as the webhook would deliver it. */
export const previewCustomerSchema = customerProfileSchema.extend({ customerId: z.string().optional() });

/**
 * What happens to the customer during the preview (YAML or JSON):
 *   start: 2026-11-25T10:00:00+03:30      # when the trigger event arrives (default: now)
 *   history:                               # what the customer did before (their facts), sent first
 *     - { ago: 40d, type: purchase, data: { amount: 250000 } }
 *   trigger: { data: { product: کتاب } }  # the triggering event's data
 *   events:                                # later events, counted from start
 *     - { after: 33d, type: survey_answered, data: { nps: 4 } }
 */
export const eventScriptSchema = z.strictObject({
  start: z.iso.datetime({ offset: true }).optional(),
  trigger: z.strictObject({ data: z.record(z.string(), z.unknown()).default({}) }).optional(),
  history: z
    .array(
      z.strictObject({
        ago: z.string().refine((text) => parseDuration(text) !== undefined, 'a duration like 40d or 2mo'),
        type: z.string().min(1),
        data: z.record(z.string(), z.unknown()).default({}),
      }),
    )
    .default([]),
  events: z
    .array(
      z.strictObject({
        after: z.string().refine((text) => parseDuration(text) !== undefined || /^0\s*[a-z]*$/.test(text.trim()), 'a duration like 3d or 1mo'),
        type: z.string().min(1),
        data: z.record(z.string(), z.unknown()).default({}),
      }),
    )
    .default([]),
});

export type PreviewCustomer = z.infer<typeof previewCustomerSchema>;
export type EventScript = z.infer<typeof eventScriptSchema>;
