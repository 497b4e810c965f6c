import type { YamlPath } from '../compile.js';
import type { Channel, SequenceDefinition, Step } from '../definition.js';
import { allSteps, childLists } from '../flow.js';
import type { Locator } from '../locate.js';
import type { Problem } from '../problems.js';

/** Steps that can never run: anything after an `exit` in the same list. */
export function checkReachability(definition: SequenceDefinition, stepPaths: Map<string, YamlPath>, locator: Locator): Problem[] {
  const problems: Problem[] = [];
  const visitList = (steps: Step[]): void => {
    const exitIndex = steps.findIndex((step) => step.kind === 'exit');
    const unreachable = exitIndex >= 0 ? steps[exitIndex + 1] : undefined;
    if (unreachable) {
      problems.push(locator.problem(stepPaths.get(unreachable.id) ?? ['steps'], `this step can never run: the step before it exits`, 'move the exit to the end or remove the steps after it'));
    }
    for (const step of steps) childLists(step).forEach(visitList);
  };
  visitList(definition.steps);
  return problems;
}

/** SMS and calls need a number: the sequence must declare a customer field of type phone. */
export function checkPhoneChannels(definition: SequenceDefinition, stepPaths: Map<string, YamlPath>, locator: Locator): Problem[] {
  if (definition.phoneField !== undefined) return [];
  return allSteps(definition.steps).flatMap((step) => {
    const channels: (Channel | 'call_task')[] = step.kind === 'send' ? [step.channel] : step.kind === 'escalate' ? step.ladder.map((rung) => rung.channel) : [];
    const phoneChannel = channels.find((channel) => channel === 'sms' || channel === 'call');
    if (!phoneChannel) return [];
    return [locator.problem(stepPaths.get(step.id) ?? ['steps'], `${phoneChannel === 'sms' ? 'an' : 'a'} ${phoneChannel} step needs the customer's phone number, and the sequence declares no phone field`, 'add customer_fields: { phone: phone }')];
  });
}

/** A wait_for that lists the same event twice: only the first could ever win. */
export function checkDuplicateEvents(definition: SequenceDefinition, stepPaths: Map<string, YamlPath>, locator: Locator): Problem[] {
  return allSteps(definition.steps).flatMap((step) => {
    if (step.kind !== 'wait_for') return [];
    const seen = new Set<string>();
    return step.events.flatMap((option, index) => {
      if (!seen.has(option.event)) {
        seen.add(option.event);
        return [];
      }
      const path = [...(stepPaths.get(step.id) ?? ['steps']), 'wait_for', 'events', index, 'event'];
      return [locator.problem(path, `event "${option.event}" is listed twice`, 'give each event once; use where: with any: for alternatives')];
    });
  });
}
