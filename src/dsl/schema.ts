import { z } from 'zod';
import { condition } from './schema-conditions.js';
import { stepList } from './schema-steps.js';
import { trigger } from './schema-triggers.js';
import { calendarName, eventName, fieldName, eventFieldType, fieldType, templateName, window } from './schema-values.js';

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
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'use lower-case letters, digits and dashes, e.g. post-purchase').describe('Unique id: lower-case letters, digits, dashes'),
  name: z.string().min(1),
  description: z.string().optional(),
  trigger,
  reentry: z.enum(['never', 'after_exit', 'always']).default('after_exit').describe('May a customer enter again: never, after_exit (default) or always'),
  exit_on: z.array(eventName).default([]).describe('Event types that end a running enrollment'),
  goal: z
    .strictObject({ event: eventName, where: condition.optional(), label: z.string().min(1).optional() })
    .optional()
    .describe('Reaching this event ends the run as converted'),
  send_window: window.optional().describe('Quiet hours for email and sms, in the customer time zone by default'),
  calendar: calendarName.optional().describe('How the sequence counts months in waits, timeouts and due times: gregorian (default) or jalali'),
  call_hours: window.optional().describe('When calls may happen; default Sat–Wed 09:00–17:00, Thu until 13:00'),
  email: z.strictObject({ from: z.string().min(3).optional(), reply_to: z.email().optional() }).optional(),
  customer_fields: z.record(fieldName, fieldType).default({}).describe('Customer attributes the sequence uses (a phone field is needed for sms/call)'),
  event_data: z
    .record(eventName, z.record(fieldName, eventFieldType))
    .default({})
    .describe('Per event type, the fields of its data; `text?` marks one events may leave out (templates must guard it)'),
  steps: stepList,
  templates: z.record(templateName, template).describe('Messages by name: per channel (email, sms, call, call_task) and locale (fa, en), Liquid'),
});

export type SequenceFile = z.infer<typeof sequenceFileSchema>;
export type TemplateYaml = z.infer<typeof template>;
