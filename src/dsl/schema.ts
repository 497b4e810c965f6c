import { z } from 'zod';
import { parseDuration } from './duration.js';

const sendStep = z.strictObject({
  send: z.strictObject({ channel: z.literal('email'), template: z.string().min(1) }),
});
const waitStep = z.strictObject({
  wait: z.string().refine((text) => parseDuration(text) !== undefined, {
    message: 'expected a duration like 30m, 2h, 7d, 1w or 3mo',
  }),
});
const emailContent = z.strictObject({ subject: z.string().min(1), text: z.string().min(1) });

/** The YAML a marketer writes (first cut: send email + wait). */
export const sequenceFileSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'use lower-case letters, digits and dashes, e.g. post-purchase'),
  name: z.string().min(1),
  trigger: z.strictObject({ event: z.string().min(1) }),
  steps: z.array(z.union([sendStep, waitStep])).min(1),
  templates: z.record(
    z.string(),
    z.strictObject({ email: z.strictObject({ fa: emailContent.optional(), en: emailContent.optional() }) }),
  ),
});

export type SequenceFile = z.infer<typeof sequenceFileSchema>;
