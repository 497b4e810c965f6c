import { assertNever } from './assertNever.js';
import { presentPaths } from '../../workflows/conditions.js';
import type { Condition, Step } from './definition.js';

/** Visits one step with the event types `event` may be there and the paths a condition on the way guarantees. */
export type StepVisitor = (step: Step, events: ReadonlySet<string>, present: ReadonlySet<string>) => void;

/**
 * Visits steps in order with the event types `event` may be at each one: the trigger at first,
 * the waited-for event inside its branch, any of them after a wait_for or escalate. Returns the
 * types possible after the list (empty when every path exits). `present`: the `event.…` /
 * `trigger.…` paths known to hold a value (a branch case's `when`, a wait_for's `where`).
 */
export function walkSteps(steps: Step[], events: ReadonlySet<string>, visit: StepVisitor, present: ReadonlySet<string> = new Set()): Set<string> {
  let current = new Set(events);
  let known = present;
  for (const step of steps) {
    visit(step, current, known);
    current = after(step, current, visit, known);
    // Waiting for events may change what `event` is: what was known about it no longer holds.
    if (step.kind === 'wait_for' || step.kind === 'escalate') known = withoutEventPaths(known);
    if (current.size === 0) break;
  }
  return current;
}

const withoutEventPaths = (paths: ReadonlySet<string>): Set<string> => new Set([...paths].filter((path) => !path.startsWith('event.')));
const including = (paths: ReadonlySet<string>, condition: Condition | undefined): Set<string> =>
  new Set([...paths, ...(condition ? presentPaths(condition) : [])]);

function after(step: Step, events: Set<string>, visit: StepVisitor, present: ReadonlySet<string>): Set<string> {
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
      const outcomes = step.events.map((option) => walkSteps(option.steps, new Set([option.event]), visit, including(withoutEventPaths(present), option.where)));
      return union([...outcomes, walkSteps(step.onTimeout, events, visit, present)]);
    }
    case 'split':
      // A holdout run ends after its wait for the goal: only the variants go on.
      return union(step.variants.map((variant) => walkSteps(variant.steps, events, visit, present)));
    case 'branch': {
      const outcomes = step.cases.map((option) => walkSteps(option.steps, events, visit, including(present, option.when)));
      return union([...outcomes, walkSteps(step.otherwise, events, visit, present)]);
    }
    default:
      return assertNever(step);
  }
}

function union(sets: Set<string>[]): Set<string> {
  return new Set(sets.flatMap((set) => [...set]));
}

/** The step lists nested in a step (wait_for outcomes, branch cases, split variants), for walking every step. */
export function childLists(step: Step): Step[][] {
  if (step.kind === 'wait_for') return [...step.events.map((option) => option.steps), step.onTimeout];
  if (step.kind === 'branch') return [...step.cases.map((option) => option.steps), step.otherwise];
  if (step.kind === 'split') return step.variants.map((variant) => variant.steps);
  return [];
}

/** Every step, nested and unreachable ones included, in document order. */
export function allSteps(steps: Step[]): Step[] {
  return steps.flatMap((step) => [step, ...childLists(step).flatMap(allSteps)]);
}
