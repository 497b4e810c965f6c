import { createHash } from 'node:crypto';
import type { SequenceDefinition, Step } from './definition.js';
import { parseDuration } from './duration.js';
import type { SequenceFile } from './schema.js';

/** Turns a validated sequence file into the plain-data definition a workflow runs, stamped with its content hash. */
export function compileSequence(file: SequenceFile, source: string): SequenceDefinition {
  const steps = file.steps.map((step, index): Step => {
    const id = `${index + 1}`;
    if ('send' in step) {
      return { kind: 'send', id, label: `send ${step.send.channel}: ${step.send.template}`, ...step.send };
    }
    return { kind: 'wait', id, label: `wait ${step.wait}`, duration: parseDuration(step.wait) ?? {}, from: 'now' };
  });
  const body: Omit<SequenceDefinition, 'version'> = {
    id: file.id,
    name: file.name,
    source,
    trigger: file.trigger,
    reentry: 'always',
    exitOn: [],
    sendWindows: {},
    steps,
    templates: file.templates,
  };
  return { ...body, version: contentHash(body) };
}

function contentHash(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 12);
}
