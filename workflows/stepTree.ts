import type { Step } from '../src/dsl/definition.js';

// Walking a sequence's steps: pure, for the validator (src/dsl/flow.ts) and the workflows alike.

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
