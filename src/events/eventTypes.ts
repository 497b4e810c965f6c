import { z } from 'zod';
import { CALL_OUTCOMES } from '../../workflows/callTask.js';

/** The channel a consent event is about: one of them, or none for every channel. */
const consentChannel = z.enum(['email', 'sms', 'call']).optional();

const messageRef = {
  sequenceId: z.string().optional(),
  messageKey: z.string().optional(),
};

/**
 * The `data` of the event types Peygir documents. An event of one of these types is checked against its
 * schema (extra fields are allowed: sequences may declare more in `event_data`); any other snake_case
 * type is a custom event and its `data` is free-form.
 */
export const eventDataSchemas = {
  purchase: z.looseObject({
    orderId: z.string().optional(),
    product: z.string().optional(),
    amount: z.number().nonnegative().optional().describe('in the currency below (default toman)'),
    currency: z.string().optional(),
  }),
  signup: z.looseObject({ plan: z.string().optional() }),
  feature_used: z.looseObject({ feature: z.string().min(1).optional().describe('which feature, e.g. core_report') }),
  survey_answered: z
    .looseObject({
      nps: z.number().int().min(0).max(10).optional().describe('0–10; 0–6 is a detractor'),
      csat: z.number().int().min(1).max(5).optional().describe('1–5'),
      comment: z.string().optional(),
    })
    .refine((data) => data.nps !== undefined || data.csat !== undefined, { message: 'give nps (0–10) or csat (1–5)' }),
  email_opened: z.looseObject(messageRef),
  email_clicked: z.looseObject({ ...messageRef, url: z.url().optional() }),
  sms_delivered: z.looseObject({ ...messageRef, status: z.enum(['delivered', 'failed']).optional() }),
  call_completed: z.looseObject({
    outcome: z.enum(CALL_OUTCOMES),
    taskId: z.string().optional(),
    notes: z.string().optional(),
    callbackAt: z.iso.datetime({ offset: true }).optional().describe('callback_requested: when to call back'),
  }),
  unsubscribed: z.looseObject({ channel: consentChannel.describe('only this channel; none → every channel') }),
  subscribed: z.looseObject({ channel: consentChannel.describe('only this channel again; none → every channel (single-channel suppressions stay)') }),
  cart_abandoned: z.looseObject({
    product: z.string().min(1).describe('what was left in the cart (the first item)'),
    cart_url: z.url().describe('where the customer finishes the order'),
    items: z.number().int().min(1).optional().describe('how many items the cart holds'),
    amount: z.number().nonnegative().optional().describe('the cart total, in the currency below (default toman)'),
    currency: z.string().optional(),
    cartId: z.string().optional(),
  }),
  refund_requested: z.looseObject({ orderId: z.string().optional(), reason: z.string().optional(), amount: z.number().nonnegative().optional() }),
  payment_failed: z.looseObject({ reason: z.string().optional(), amount: z.number().nonnegative().optional(), attempt: z.number().int().min(1).optional() }),
  payment_succeeded: z.looseObject({ amount: z.number().nonnegative().optional(), attempt: z.number().int().min(1).optional().describe('which attempt went through') }),
} as const;

export type DocumentedEventType = keyof typeof eventDataSchemas;

export const documentedEventTypes = Object.keys(eventDataSchemas) as DocumentedEventType[];

export const isDocumentedEventType = (type: string): type is DocumentedEventType => Object.hasOwn(eventDataSchemas, type);

/** Problems with an event's `data` for its type (`[]` when fine or when the type is custom). */
export function eventDataProblems(type: string, data: unknown): { path: string; message: string }[] {
  if (!isDocumentedEventType(type)) return [];
  const parsed = eventDataSchemas[type].safeParse(data ?? {});
  if (parsed.success) return [];
  return parsed.error.issues.map((issue) => ({ path: ['data', ...issue.path].join('.'), message: issue.message }));
}
