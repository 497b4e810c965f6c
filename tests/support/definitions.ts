import type { SendWindow, SequenceDefinition, Step, Template } from '../../src/dsl/definition.js';

/** A compiled definition for interpreter tests, with defaults for what a test does not care about. */
export function sequence(fields: Partial<SequenceDefinition> & Pick<SequenceDefinition, 'id' | 'steps'>): SequenceDefinition {
  return {
    name: fields.id,
    version: 'v1',
    source: `${fields.id}.yaml`,
    trigger: { event: 'purchase' },
    reentry: 'always',
    exitOn: [],
    sendWindows: {},
    templates: {},
    ...fields,
  };
}

/**
 * Calls at any hour on any day, as `call_hours: { hours: "00:00-24:00" }` compiles: for tests on the dev
 * server (real time), whose call tasks must open whenever the test runs, not in Tehran's business hours.
 */
export const ROUND_THE_CLOCK: SendWindow = { timezone: 'UTC', days: ['sat', 'sun', 'mon', 'tue', 'wed', 'thu', 'fri'], start: '00:00', end: '24:00' };

/** An email template whose subject names it, so tests can tell messages apart. */
export function emailTemplate(name: string): Template {
  return { email: { fa: { subject: `${name} {{ customer.name }}`, text: `${name} text for {{ customer.name }}` } } };
}

export const send = (id: string, template: string): Step => ({ kind: 'send', id, label: `send email: ${template}`, channel: 'email', template });
export const wait = (id: string, days: number): Step => ({ kind: 'wait', id, label: `wait ${days}d`, duration: { days }, from: 'now' });
