import { z } from 'zod';
import { condition } from './schema-conditions.js';
import { stepList } from './schema-steps.js';
import { eventName, fieldName, fieldType, templateName, window } from './schema-values.js';

const localeText = z.strictObject({ fa: z.string().min(1).optional(), en: z.string().min(1).optional() });

const emailContent = z.strictObject({
  subject: z.string().min(1),
  text: z.string().min(1),
  html: z.string().min(1).optional(),
  preheader: z.string().min(1).optional(),
});

/** One named message: Liquid per channel and locale (fa, en). sms / call / call_task are plain text. */
const template = z
  .strictObject({
    email: z.strictObject({ fa: emailContent.optional(), en: emailContent.optional() }).optional(),
    sms: localeText.optional(),
    call: localeText.optional(),
    call_task: localeText.optional(),
  })
  .refine((value) => Object.keys(value).length > 0, { message: 'give the text for at least one channel: email, sms, call or call_task' });

/** The YAML a marketer writes: the single source of the language's shape (and of the JSON Schema). */
export const sequenceFileSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'use lower-case letters, digits and dashes, e.g. post-purchase'),
  name: z.string().min(1),
  description: z.string().optional(),
  trigger: z.strictObject({ event: eventName, where: condition.optional() }),
  reentry: z.enum(['never', 'after_exit', 'always']).default('after_exit'),
  exit_on: z.array(eventName).default([]),
  goal: z.strictObject({ event: eventName, where: condition.optional(), label: z.string().min(1).optional() }).optional(),
  send_window: window.optional(),
  call_hours: window.optional(),
  email: z.strictObject({ from: z.string().min(3).optional(), reply_to: z.email().optional() }).optional(),
  customer_fields: z.record(fieldName, fieldType).default({}),
  event_data: z.record(eventName, z.record(fieldName, fieldType)).default({}),
  steps: stepList,
  templates: z.record(templateName, template),
});

export type SequenceFile = z.infer<typeof sequenceFileSchema>;
export type TemplateYaml = z.infer<typeof template>;
