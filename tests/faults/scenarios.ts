import type { CustomerEvent } from '../../src/events/customerEvent.js';
import { callTaskWorkflowId, enrollmentWorkflowId } from '../../workflows/ids.js';

/**
 * Who the fault run's customers are and what each must receive. A scenario is a customer's behaviour
 * (silent, opens the email, answers the survey, unsubscribes, …) in one of the two fault-run sequences
 * (tests/faults/sequences), with the messages it must get exactly once and the state its run ends in.
 */
export type SequenceId = 'post-purchase' | 'escalation';
export type MessageChannel = 'email' | 'sms' | 'call_task';

export interface ExpectedMessage {
  channel: MessageChannel;
  /** The step that sends it (escalation rungs are `<escalate step>.<rung>`). */
  stepId: string;
  template: string;
}

export interface Reaction {
  /** The customer reacts once this message has reached them (the provider accepted it). */
  afterStepId: string;
  type: string;
  data?: Record<string, unknown>;
}

export interface Scenario {
  name: string;
  sequence: SequenceId;
  /** Messages the customer must receive, each exactly once. */
  expected: ExpectedMessage[];
  /** Messages the provider refuses by design (550 for the customer's address): not delivered, not retried. */
  refused?: ExpectedMessage[];
  reaction?: Reaction;
  endStatus: 'completed' | 'exited' | 'converted';
  preferSms?: boolean;
  /** The customer's address is one the SMTP sink refuses with 550 5.1.1 (a hard bounce). */
  bouncing?: boolean;
  count: number;
}

const QUOTE = '1.otherwise.1'; // the escalate step for customers without a preferred channel
const QUOTE_SMS_FIRST = '1.case1.1';
const email = (stepId: string, template: string): ExpectedMessage => ({ channel: 'email', stepId, template });
const sms = (stepId: string, template: string): ExpectedMessage => ({ channel: 'sms', stepId, template });
const callTask = (stepId: string, template: string): ExpectedMessage => ({ channel: 'call_task', stepId, template });

const quoteEmail = email(`${QUOTE}.1`, 'quote');
const quoteSms = sms(`${QUOTE}.2`, 'quote_ready');
const quoteCall = callTask(`${QUOTE}.3`, 'quote_call');
const delivered = email('1', 'delivered');
const survey = email('3', 'survey');
const offer = email('6', 'related_offer');
const nudge = sms('4.timeout.1.1', 'survey_nudge');
const surveyCall = callTask('4.timeout.1.2', 'survey_call');

export const SCENARIOS: Scenario[] = [
  { name: 'quote: silent, climbs email → SMS → call', sequence: 'escalation', expected: [quoteEmail, quoteSms, quoteCall], endStatus: 'completed', count: 36 },
  { name: 'quote: opens the email', sequence: 'escalation', expected: [quoteEmail], reaction: { afterStepId: quoteEmail.stepId, type: 'email_opened', data: { sequenceId: 'escalation' } }, endStatus: 'completed', count: 16 },
  { name: 'quote: accepts after the SMS', sequence: 'escalation', expected: [quoteEmail, quoteSms], reaction: { afterStepId: quoteSms.stepId, type: 'quote_accepted' }, endStatus: 'converted', count: 14 },
  { name: 'quote: declines (exit_on)', sequence: 'escalation', expected: [quoteEmail], reaction: { afterStepId: quoteEmail.stepId, type: 'quote_declined' }, endStatus: 'exited', count: 10 },
  { name: 'quote: unsubscribes', sequence: 'escalation', expected: [quoteEmail], reaction: { afterStepId: quoteEmail.stepId, type: 'unsubscribed' }, endStatus: 'exited', count: 14 },
  { name: 'quote: prefers SMS, silent', sequence: 'escalation', preferSms: true, expected: [sms(`${QUOTE_SMS_FIRST}.1`, 'quote_ready'), callTask(`${QUOTE_SMS_FIRST}.2`, 'quote_call')], endStatus: 'completed', count: 14 },
  { name: 'quote: address bounces (550)', sequence: 'escalation', bouncing: true, expected: [quoteSms, quoteCall], refused: [quoteEmail], endStatus: 'completed', count: 3 },
  { name: 'purchase: silent, survey nudged by SMS then a call', sequence: 'post-purchase', expected: [delivered, survey, nudge, surveyCall, offer], endStatus: 'completed', count: 36 },
  { name: 'purchase: promoter (nps 9)', sequence: 'post-purchase', expected: [delivered, survey, email('4.survey_answered.1.otherwise.1', 'thank_you'), offer], reaction: { afterStepId: survey.stepId, type: 'survey_answered', data: { nps: 9 } }, endStatus: 'completed', count: 18 },
  { name: 'purchase: detractor (nps 3)', sequence: 'post-purchase', expected: [delivered, survey, callTask('4.survey_answered.1.case1.1', 'detractor'), offer], reaction: { afterStepId: survey.stepId, type: 'survey_answered', data: { nps: 3 } }, endStatus: 'completed', count: 14 },
  { name: 'purchase: unsubscribes', sequence: 'post-purchase', expected: [delivered, survey], reaction: { afterStepId: survey.stepId, type: 'unsubscribed' }, endStatus: 'exited', count: 14 },
  { name: 'purchase: buys again (goal)', sequence: 'post-purchase', expected: [delivered, survey], reaction: { afterStepId: survey.stepId, type: 'purchase' }, endStatus: 'converted', count: 10 },
  { name: 'purchase: address bounces (550)', sequence: 'post-purchase', bouncing: true, expected: [nudge, surveyCall], refused: [delivered], endStatus: 'completed', count: 3 },
];

export interface Customer {
  id: string;
  scenario: Scenario;
  email: string;
  phone: string;
  triggerEvent: CustomerEvent;
  enrollmentId: string;
}

/** `scale` multiplies every scenario's count (at least one customer each). */
export function customers(scale = 1): Customer[] {
  const list: Customer[] = [];
  for (const scenario of SCENARIOS) {
    const count = Math.max(1, Math.round(scenario.count * scale));
    for (let index = 0; index < count; index++) {
      const number = list.length + 1;
      const id = `f${String(number).padStart(3, '0')}`;
      const address = `${id}@${scenario.bouncing ? 'gone.example.com' : 'example.com'}`;
      const phone = `0912${String(1_000_000 + number).padStart(7, '0')}`;
      const locale: 'fa' | 'en' = number % 3 === 0 ? 'en' : 'fa';
      const profile = { email: address, name: `مشتری ${id}`, phone, locale, ...(scenario.preferSms ? { preferred_channel: 'sms' } : {}) };
      const triggerEvent: CustomerEvent =
        scenario.sequence === 'escalation'
          ? { eventId: `quote-${id}`, type: 'quote_requested', customerId: id, customer: profile, data: { product: 'پیش‌فاکتور مبل', amount: 12_500_000 } }
          : { eventId: `delivery-${id}`, type: 'order_delivered', customerId: id, customer: profile, data: { product: 'کتری برقی' } };
      list.push({ id, scenario, email: address, phone, triggerEvent, enrollmentId: enrollmentWorkflowId(scenario.sequence, id, triggerEvent.eventId) });
    }
  }
  return list;
}

/** The key a message travels with: enrollment ID + step ID (Message-ID, Kavenegar localid, call task ID). */
export const messageKey = (customer: Customer, stepId: string): string => `${customer.enrollmentId}/${stepId}`;
export const callTaskId = (customer: Customer, stepId: string): string => callTaskWorkflowId(customer.id, customer.scenario.sequence, customer.triggerEvent.eventId, stepId);

/** The reaction event for a customer (the same eventId on every retry). */
export function reactionEvent(customer: Customer, reaction: Reaction): CustomerEvent {
  return { eventId: `${reaction.type}-${customer.id}`, type: reaction.type, customerId: customer.id, ...(reaction.data ? { data: reaction.data } : {}) };
}
