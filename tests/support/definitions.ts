import type { SequenceDefinition, Step, Template } from '../../src/dsl/definition.js';

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

/** An email template whose subject names it, so tests can tell messages apart. */
export function emailTemplate(name: string): Template {
  return { email: { fa: { subject: `${name} {{ customer.name }}`, text: `${name} text for {{ customer.name }}` } } };
}

export const send = (id: string, template: string): Step => ({ kind: 'send', id, label: `send email: ${template}`, channel: 'email', template });
export const wait = (id: string, days: number): Step => ({ kind: 'wait', id, label: `wait ${days}d`, duration: { days }, from: 'now' });
