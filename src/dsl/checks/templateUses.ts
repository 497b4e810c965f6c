import { assertNever } from '../assertNever.js';
import type { YamlPath } from '../compile.js';
import { presentPaths } from '../../../workflows/conditions.js';
import type { Channel, SequenceDefinition, Step } from '../definition.js';
import { walkSteps } from '../flow.js';

/** Where a use is: the event types `event` may be there and the paths a condition on the way guarantees. */
interface Reach {
  events: ReadonlySet<string>;
  present: ReadonlySet<string>;
}

/** A place that renders Liquid: a template sent on a channel, or a value in an update / webhook. */
export type LiquidUse = Reach &
  ({ kind: 'template'; template: string; channel: Channel | 'call_task'; at: YamlPath } | { kind: 'value'; source: string; at: YamlPath });

/** Every Liquid use in the reachable steps, with where it is (see `Reach`). */
export function liquidUses(definition: SequenceDefinition, stepPaths: Map<string, YamlPath>): LiquidUse[] {
  const uses: LiquidUse[] = [];
  // The trigger's `where` holds for the trigger event: as `event` until something else arrives, as `trigger` always.
  const guarded = [...(definition.trigger.where ? presentPaths(definition.trigger.where) : [])].filter((path) => path.startsWith('event.'));
  const present = new Set([...guarded, ...guarded.map((path) => path.replace(/^event\./, 'trigger.'))]);
  walkSteps(definition.steps, new Set([definition.trigger.event]), (step, events, known) => {
    const path = stepPaths.get(step.id) ?? ['steps'];
    uses.push(...usesOf(step, path, { events, present: known }));
  }, present);
  return uses;
}

function usesOf(step: Step, path: YamlPath, reach: Reach): LiquidUse[] {
  switch (step.kind) {
    case 'send':
      return [{ kind: 'template', template: step.template, channel: step.channel, at: [...path, 'send', 'template'], ...reach }];
    case 'call_task':
      return [{ kind: 'template', template: step.template, channel: 'call_task', at: [...path, 'call_task', 'template'], ...reach }];
    case 'escalate':
      return step.ladder.map((rung, index) => ({
        kind: 'template' as const, template: rung.template, channel: rung.channel, at: [...path, 'escalate', 'ladder', index, 'template'], ...reach,
      }));
    case 'update':
      return Object.entries(step.set).flatMap(([key, value]) =>
        typeof value === 'string' ? [{ kind: 'value' as const, source: value, at: [...path, 'update', 'set', key], ...reach }] : []);
    case 'webhook':
      return stringsIn(step.body, [...path, 'webhook', 'body']).map(({ source, at }) => ({ kind: 'value' as const, source, at, ...reach }));
    case 'wait':
    case 'wait_for':
    case 'branch':
    case 'split':
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
