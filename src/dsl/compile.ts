import { createHash } from 'node:crypto';
import type { SequenceDefinition, Step } from './definition.js';
import { parseDuration } from './duration.js';
import type { SequenceFile } from './schema.js';

/** Turns a validated sequence file into the plain-data definition a workflow runs, stamped with its content hash. */
export function compileSequence(file: SequenceFile): SequenceDefinition {
  const steps = file.steps.map((step, index): Step => {
    const id = `${index + 1}`;
    if ('send' in step) return { kind: 'send', id, channel: step.send.channel, template: step.send.template };
    return { kind: 'wait', id, label: step.wait, durationMs: parseDuration(step.wait) ?? 0 };
  });
  const body = { id: file.id, name: file.name, trigger: file.trigger, steps, templates: file.templates };
  return { ...body, version: contentHash(body) };
}

function contentHash(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 12);
}
