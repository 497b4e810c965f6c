import { assertNever } from '../dsl/assertNever.js';
import { describeCondition } from '../../workflows/conditions.js';
import type { SequenceDefinition, Step } from '../dsl/definition.js';
import { formatDuration } from '../dsl/duration.js';

/** A Mermaid flowchart of a sequence: each step a node labelled like the YAML, branches and timeouts as edges. */
export function toMermaid(definition: SequenceDefinition): string {
  const lines = ['flowchart TD', `  start(["${quote(`${definition.trigger.event}${definition.trigger.where ? ` where ${describeCondition(definition.trigger.where)}` : ''}`)}"])`];
  const node = (step: Step): string => `s${step.id.replace(/[^a-zA-Z0-9]/g, '_')}`;
  const shape = (step: Step): string => {
    const label = quote(`${step.id}. ${step.label}`);
    switch (step.kind) {
      case 'branch':
      case 'wait_for':
        return `${node(step)}{"${label}"}`;
      case 'exit':
        return `${node(step)}(["${label}"])`;
      case 'send':
      case 'wait':
      case 'escalate':
      case 'call_task':
      case 'update':
      case 'webhook':
        return `${node(step)}["${label}"]`;
      default:
        return assertNever(step);
    }
  };
  /** Draws a list of steps entered from `from` (with an edge label); returns the ends that flow on. */
  const drawList = (steps: Step[], from: string[], edge: string): string[] => {
    let ends = from;
    let label = edge;
    for (const step of steps) {
      lines.push(`  ${shape(step)}`);
      for (const end of ends) lines.push(`  ${end} -->${label ? `|"${quote(label)}"|` : ''} ${node(step)}`);
      label = '';
      ends = drawChildren(step);
    }
    if (steps.length === 0 && edge) {
      const pass = `${from[0] ?? 'start'}_${edge.replace(/[^a-zA-Z0-9]/g, '_')}`;
      lines.push(`  ${pass}(( ))`);
      for (const end of from) lines.push(`  ${end} -->|"${quote(edge)}"| ${pass}`);
      return [pass];
    }
    return ends;
  };
  const drawChildren = (step: Step): string[] => {
    const self = [node(step)];
    if (step.kind === 'exit') return [];
    if (step.kind === 'wait_for') {
      return [
        ...step.events.flatMap((option) => drawList(option.steps, self, option.event)),
        ...drawList(step.onTimeout, self, `timeout ${formatDuration(step.timeout)}`),
      ];
    }
    if (step.kind === 'branch') {
      return [
        ...step.cases.flatMap((option) => drawList(option.steps, self, describeCondition(option.when))),
        ...drawList(step.otherwise, self, 'otherwise'),
      ];
    }
    return self;
  };
  const ends = drawList(definition.steps, ['start'], '');
  lines.push('  done(["end"])');
  for (const end of ends) lines.push(`  ${end} --> done`);
  return lines.join('\n');
}

function quote(text: string): string {
  return text.replace(/"/g, '#quot;');
}
