import { documentedEventTypes, eventDataSchemas, isDocumentedEventType } from '../events/eventTypes.js';
import { EVENT_FACT_FIELDS, FACT_FIELDS, viewFacts, type CustomerFacts } from '../../workflows/facts.js';
import { LIFECYCLE_EVENT } from '../../workflows/lifecycleStages.js';
import { didYouMean } from './problems.js';
import type { Channel } from './definition.js';
import type { EventFieldType, FieldType } from './schema-values.js';

/** What a sequence declares about its data: customer attributes and each event type's `data` fields. */
export interface Declarations {
  sequenceId: string;
  triggerEvent: string;
  customerFields: Record<string, FieldType>;
  /** `text?`: events may come without the field. */
  eventData: Record<string, Record<string, EventFieldType>>;
}

/** Profile fields every customer has (`phone` only when the sequence declares it). */
export const BUILT_IN_CUSTOMER_FIELDS: Record<string, FieldType> = { email: 'email', name: 'text', locale: 'text', timezone: 'text' };
export const EVENT_FIELDS = ['eventId', 'type', 'customerId', 'occurredAt', 'data'] as const;
export const TEMPLATE_ROOTS = ['customer', 'event', 'trigger', 'enrollment', 'links'] as const;

/** The data of the event a lifecycle stage change is delivered as (`trigger: { lifecycle: … }`), known to every sequence. */
export const LIFECYCLE_EVENT_DATA: Record<string, EventFieldType> = { stage: 'text', previous_stage: 'text', churn_type: 'text?' };
export const withLifecycleEventData = (eventData: Record<string, Record<string, EventFieldType>>): Record<string, Record<string, EventFieldType>> => ({
  [LIFECYCLE_EVENT]: LIFECYCLE_EVENT_DATA,
  ...eventData,
});

/**
 * What is wrong with a `customer.facts.…` path, if anything: facts are `orders`, `revenue`, …,
 * `revenue_by_currency.<currency>` and `events.<type>.count|first|last`.
 */
export function factPathProblem(path: string): { message: string; hint: string } | undefined {
  const [name, ...rest] = path.split('.').slice(2);
  const facts = FACT_FIELDS.map((field) => (field === 'events' ? 'events.<type>.count' : field)).join(', ');
  if (name === 'events') {
    const [type, field, ...more] = rest;
    if (type && /^[a-z][a-z0-9_]*$/.test(type) && field && (EVENT_FACT_FIELDS as readonly string[]).includes(field) && more.length === 0) return undefined;
    const suggestion = field ? didYouMean(field, [...EVENT_FACT_FIELDS]) : undefined;
    return {
      message: `"${path}" is not a customer fact`,
      hint: suggestion ? `did you mean customer.facts.events.${type}.${suggestion}?` : `per event type: customer.facts.events.<type>.${EVENT_FACT_FIELDS.join('|')}`,
    };
  }
  if (name === 'revenue_by_currency' && rest.length === 1) return undefined;
  if (name && (FACT_FIELDS as readonly string[]).includes(name) && name !== 'revenue_by_currency' && rest.length === 0) return undefined;
  const suggestion = name ? didYouMean(name, [...FACT_FIELDS]) : undefined;
  return { message: `"${path}" is not a customer fact`, hint: suggestion ? `did you mean customer.facts.${suggestion}?` : `customer facts: ${facts}` };
}

/** Facts a sample customer has, with every event type the sequence can know of, for rendering templates in validation. */
function sampleFacts(declarations: Declarations): Record<string, unknown> {
  const instant = '2026-11-20T10:00:00.000Z';
  const types = [...new Set([...documentedEventTypes, declarations.triggerEvent, ...Object.keys(declarations.eventData)])];
  const facts: CustomerFacts = {
    events: Object.fromEntries(types.map((type) => [type, { count: 3, first: instant, last: instant }])),
    orders: 3,
    revenueByCurrency: { toman: 750_000 },
    lastProduct: 'نمونه',
    lastActivityAt: instant,
    firstActivityAt: instant,
  };
  return { ...viewFacts(facts, new Date('2026-11-25T10:00:00+03:30')) };
}

const SAMPLES: Record<FieldType, unknown> = {
  text: 'نمونه',
  number: 7,
  boolean: true,
  date: '2026-11-25T10:00:00+03:30',
  email: 'sara@example.com',
  phone: '09121234567',
  list: ['نمونه'],
};

function samples(fields: Record<string, EventFieldType>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).map(([name, type]) => [name, SAMPLES[type.replace(/\?$/, '') as FieldType]]));
}

/**
 * The `data` fields an event of this type may come without: for a documented type, those its schema
 * does not require (src/events/eventTypes.ts); for the others, those `event_data` marks with `?`.
 */
export function optionalDataFields(type: string, declarations: Declarations): Set<string> {
  const declared = declarations.eventData[type] ?? {};
  const documented = isDocumentedEventType(type) ? eventDataSchemas[type].shape : undefined;
  const required = (field: string): boolean => {
    const schema = documented && (documented as Record<string, { safeParse(value: unknown): { success: boolean } }>)[field];
    return schema ? !schema.safeParse(undefined).success : !declared[field]?.endsWith('?');
  };
  return new Set(Object.keys(declared).filter((field) => !required(field)));
}

function sampleEvent(type: string, declarations: Declarations): Record<string, unknown> {
  return { eventId: 'sample-1', type, customerId: 'c-1', occurredAt: '2026-11-25T10:00:00+03:30', data: samples(declarations.eventData[type] ?? {}) };
}

/**
 * The variables a template sees, filled with sample values from the declarations, so that
 * validation renders every template and an undeclared variable fails like it would for a customer.
 * `channel` undefined = not a message (update values, webhook bodies).
 */
export function sampleVariables(declarations: Declarations, eventType: string, channel: Channel | 'call_task' | undefined): Record<string, unknown> {
  return {
    customer: { email: 'sara@example.com', name: 'سارا', locale: 'fa', timezone: 'Asia/Tehran', ...samples(declarations.customerFields), facts: sampleFacts(declarations) },
    event: sampleEvent(eventType, declarations),
    trigger: sampleEvent(declarations.triggerEvent, declarations),
    enrollment: { id: `enrollment/${declarations.sequenceId}/c-1/sample-1`, sequence: declarations.sequenceId, startedAt: '2026-11-25T10:00:00+03:30' },
    ...(channel === 'email' && { links: { unsubscribe: 'https://example.com/unsubscribe/sample' } }),
  };
}

/** Where to declare a variable that a template or condition uses but nobody provides. */
export function declarationHint(variable: string, eventType: string, declarations: Declarations): string {
  const [root, second, third] = variable.split('.');
  if (root === 'customer' && second === 'facts') return factPathProblem(variable)?.hint ?? 'customer.facts.events.<type> exists once the customer had such an event: guard it with {% if %}';
  if (root === 'customer' && second) {
    const known = didYouMean(second, [...Object.keys(BUILT_IN_CUSTOMER_FIELDS), ...Object.keys(declarations.customerFields)]);
    return known ? `did you mean customer.${known}?` : `declare it: customer_fields: { ${second}: text }`;
  }
  if ((root === 'event' || root === 'trigger') && second === 'data' && third) {
    const type = root === 'trigger' ? declarations.triggerEvent : eventType;
    return `declare it: event_data: { ${type}: { ${third}: text } }`;
  }
  if (root === 'event' || root === 'trigger') return `an event has ${EVENT_FIELDS.join(', ')}`;
  if (root === 'links') return 'links.unsubscribe is only in email';
  if (root === 'enrollment') return 'enrollment has id, sequence, startedAt';
  return `templates can use ${TEMPLATE_ROOTS.map((name) => `${name}.*`).join(', ')}`;
}
