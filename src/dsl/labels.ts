import { assertNever } from './assertNever.js';
import { describeCondition } from '../../workflows/conditions.js';
import { shareText, splitArms } from '../../workflows/variants.js';
import type { Step } from './definition.js';
import { formatDuration } from './duration.js';

type Unlabelled = Step extends infer S ? (S extends Step ? Omit<S, 'label'> : never) : never;

/** A one-line summary of a step that reads like the YAML (shown in the Temporal UI, graph and preview). */
export function stepLabel(step: Unlabelled): string {
  switch (step.kind) {
    case 'send':
      return `send ${step.channel}: ${step.template}`;
    case 'wait': {
      const duration = Object.keys(step.duration).length > 0 ? ` ${formatDuration(step.duration)}` : '';
      const from = step.from === 'enrollment' ? ' from enrollment' : '';
      return `wait${duration}${from}${step.at ? ` at ${step.at}` : ''}`;
    }
    case 'wait_for':
      return `wait for ${step.events.map((option) => option.event).join(' or ')} (timeout ${formatDuration(step.timeout)})`;
    case 'branch':
      return `branch: ${step.cases.map((option) => describeCondition(option.when)).join(' | ')}${step.otherwise.length ? ' | otherwise' : ''}`;
    case 'split':
      return `split: ${splitArms(step).map((arm) => `${arm.name} ${shareText(arm.share)}`).join(' | ')}`;
    case 'escalate':
      return `escalate: ${step.ladder.map((rung) => `${rung.channel} ${rung.template}`).join(' → ')} until ${step.until.join(' or ')}`;
    case 'call_task':
      return `call task for ${step.assignee} (${step.priority}): ${step.template}`;
    case 'update': {
      const changes = [
        ...Object.keys(step.set).map((key) => `set ${key}`),
        ...step.addTags.map((tag) => `tag +${tag}`),
        ...step.removeTags.map((tag) => `tag -${tag}`),
      ];
      return `update customer: ${changes.join(', ')}`;
    }
    case 'webhook':
      return `webhook POST ${step.url}`;
    case 'exit':
      return `exit: ${step.reason}`;
    default:
      return assertNever(step);
  }
}
