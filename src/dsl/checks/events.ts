import { isMap, isScalar, parseDocument } from 'yaml';
import { documentedEventTypes } from '../../events/eventTypes.js';
import type { YamlPath } from '../compile.js';
import type { SequenceDefinition } from '../definition.js';
import { allSteps } from '../flow.js';
import type { Locator } from '../locate.js';
import { didYouMean, type Problem } from '../problems.js';
import type { Declarations } from '../variables.js';

/** Where a sequence listens for an event by name: a silence's events, exit_on, goal, wait_for and escalate's until. */
function eventUses(definition: SequenceDefinition, stepPaths: Map<string, YamlPath>): { event: string; path: YamlPath }[] {
  const uses = [
    ...(definition.trigger.silence?.events ?? []).map((event, index) => ({ event, path: ['trigger', 'silence', 'events', index] })),
    ...definition.exitOn.map((event, index) => ({ event, path: ['exit_on', index] })),
    ...(definition.goal ? [{ event: definition.goal.event, path: ['goal', 'event'] }] : []),
  ];
  for (const step of allSteps(definition.steps)) {
    const path = stepPaths.get(step.id) ?? ['steps'];
    if (step.kind === 'escalate') uses.push(...step.until.map((event, index) => ({ event, path: [...path, 'escalate', 'until', index] })));
    if (step.kind === 'wait_for') uses.push(...waitForEvents(step.events, path));
  }
  return uses;
}

function waitForEvents(events: { event: string }[], path: YamlPath): { event: string; path: YamlPath }[] {
  return events.map(({ event }, index) => ({ event, path: events.length === 1 ? [...path, 'wait_for', 'event'] : [...path, 'wait_for', 'events', index, 'event'] }));
}

/**
 * An event name that nothing ever sends is a silent typo (the run waits forever, the exit never
 * happens): each must be a documented type, or the trigger or an event_data entry of a loaded sequence.
 */
export function checkEventNames(
  definition: SequenceDefinition,
  stepPaths: Map<string, YamlPath>,
  declarations: Declarations,
  otherSequences: Iterable<string>,
  locator: Locator,
): Problem[] {
  const known = new Set([...documentedEventTypes, ...otherSequences, declarations.triggerEvent, ...Object.keys(declarations.eventData)]);
  return eventUses(definition, stepPaths).flatMap(({ event, path }) => {
    if (known.has(event)) return [];
    const suggestion = didYouMean(event, known);
    const declare = `if your system sends ${event}, declare it: event_data: { ${event}: {} }`;
    return [locator.problem(path, `no sequence or documented event type is called "${event}"`, suggestion ? `did you mean ${suggestion}? ${declare}` : declare)];
  });
}

/** A wait_for on an event that exit_on ends the run with: the run is over before the wait could see it. */
export function checkWaitsOnExitEvents(definition: SequenceDefinition, stepPaths: Map<string, YamlPath>, locator: Locator): Problem[] {
  const exits = new Set(definition.exitOn);
  return allSteps(definition.steps).flatMap((step) => {
    if (step.kind !== 'wait_for') return [];
    return waitForEvents(step.events, stepPaths.get(step.id) ?? ['steps'])
      .filter(({ event }) => exits.has(event))
      .map(({ event, path }) => locator.problem(path, `"${event}" is in exit_on: it ends the run, so this wait can never see it`, `wait for another event, or take ${event} out of exit_on`));
  });
}

/** The event types a sequence file introduces (its trigger and event_data), read leniently from any file, broken or not. */
export function declaredEvents(source: string): string[] {
  const document = parseDocument(source, { merge: true });
  const trigger = document.getIn(['trigger', 'event']);
  const eventData = document.get('event_data', true);
  const dataEvents = isMap(eventData) ? eventData.items.flatMap((pair) => (isScalar(pair.key) ? [String(pair.key.value)] : [])) : [];
  return [...(typeof trigger === 'string' ? [trigger] : []), ...dataEvents];
}
