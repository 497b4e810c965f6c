import { assertNever } from './assertNever.js';
import type { Step } from './definition.js';

/**
 * Visits steps in order with the event types `event` may be at each one: the trigger at first,
 * the waited-for event inside its branch, any of them after a wait_for or escalate. Returns the
 * types possible after the list (empty when every path exits).
 */
export function walkSteps(steps: Step[], events: ReadonlySet<string>, visit: (step: Step, events: ReadonlySet<string>) => void): Set<string> {
  let current = new Set(events);
  for (const step of steps) {
    visit(step, current);
    current = after(step, current, visit);
    if (current.size === 0) break;
  }
  return current;
}

function after(step: Step, events: Set<string>, visit: (step: Step, events: ReadonlySet<string>) => void): Set<string> {
  switch (step.kind) {
    case 'send':
    case 'wait':
    case 'call_task':
    case 'update':
    case 'webhook':
      return events;
    case 'exit':
      return new Set();
    case 'escalate':
      return new Set([...events, ...step.until]);
    case 'wait_for': {
      const outcomes = step.events.map((option) => walkSteps(option.steps, new Set([option.event]), visit));
      return union([...outcomes, walkSteps(step.onTimeout, events, visit)]);
    }
    case 'branch': {
      const outcomes = step.cases.map((option) => walkSteps(option.steps, events, visit));
      return union([...outcomes, walkSteps(step.otherwise, events, visit)]);
    }
    default:
      return assertNever(step);
  }
}

function union(sets: Set<string>[]): Set<string> {
  return new Set(sets.flatMap((set) => [...set]));
}

/** The step lists nested in a step (wait_for outcomes, branch cases), for walking every step. */
export function childLists(step: Step): Step[][] {
  if (step.kind === 'wait_for') return [...step.events.map((option) => option.steps), step.onTimeout];
  if (step.kind === 'branch') return [...step.cases.map((option) => option.steps), step.otherwise];
  return [];
}

/** Every step, nested and unreachable ones included, in document order. */
export function allSteps(steps: Step[]): Step[] {
  return steps.flatMap((step) => [step, ...childLists(step).flatMap(allSteps)]);
}
