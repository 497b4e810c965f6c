import { assertNever } from '../assertNever.js';
import type { YamlPath } from '../compile.js';
import type { Channel, SequenceDefinition, Step } from '../definition.js';
import { walkSteps } from '../flow.js';

/** A place that renders Liquid: a template sent on a channel, or a value in an update / webhook. */
export type LiquidUse =
  | { kind: 'template'; template: string; channel: Channel | 'call_task'; at: YamlPath; events: ReadonlySet<string> }
  | { kind: 'value'; source: string; at: YamlPath; events: ReadonlySet<string> };

/** Every Liquid use in the reachable steps, with the event types `event` may be there. */
export function liquidUses(definition: SequenceDefinition, stepPaths: Map<string, YamlPath>): LiquidUse[] {
  const uses: LiquidUse[] = [];
  walkSteps(definition.steps, new Set([definition.trigger.event]), (step, events) => {
    const path = stepPaths.get(step.id) ?? ['steps'];
    uses.push(...usesOf(step, path, events));
  });
  return uses;
}

function usesOf(step: Step, path: YamlPath, events: ReadonlySet<string>): LiquidUse[] {
  switch (step.kind) {
    case 'send':
      return [{ kind: 'template', template: step.template, channel: step.channel, at: [...path, 'send', 'template'], events }];
    case 'call_task':
      return [{ kind: 'template', template: step.template, channel: 'call_task', at: [...path, 'call_task', 'template'], events }];
    case 'escalate':
      return step.ladder.map((rung, index) => ({
        kind: 'template' as const, template: rung.template, channel: rung.channel, at: [...path, 'escalate', 'ladder', index, 'template'], events,
      }));
    case 'update':
      return Object.entries(step.set).flatMap(([key, value]) =>
        typeof value === 'string' ? [{ kind: 'value' as const, source: value, at: [...path, 'update', 'set', key], events }] : []);
    case 'webhook':
      return stringsIn(step.body, [...path, 'webhook', 'body']).map(({ source, at }) => ({ kind: 'value' as const, source, at, events }));
    case 'wait':
    case 'wait_for':
    case 'branch':
    case 'exit':
      return [];
    default:
      return assertNever(step);
  }
}

function stringsIn(value: unknown, at: YamlPath): { source: string; at: YamlPath }[] {
  if (typeof value === 'string') return [{ source: value, at }];
  if (Array.isArray(value)) return value.flatMap((item, index) => stringsIn(item, [...at, index]));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([key, item]) => stringsIn(item, [...at, key]));
  return [];
}
