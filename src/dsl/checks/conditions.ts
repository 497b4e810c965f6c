import type { YamlPath } from '../compile.js';
import { conditionPaths } from '../../../workflows/conditions.js';
import type { Condition, SequenceDefinition } from '../definition.js';
import { walkSteps } from '../flow.js';
import type { Locator } from '../locate.js';
import { didYouMean, type Problem } from '../problems.js';
import { BUILT_IN_CUSTOMER_FIELDS, EVENT_FIELDS, declarationHint, factPathProblem, type Declarations } from '../variables.js';

/**
 * Condition paths name something a customer or event can have: customer.<field>,
 * event.<field> / event.data.<declared>, trigger.… — a typo would silently never match.
 */
export function checkConditions(definition: SequenceDefinition, stepPaths: Map<string, YamlPath>, declarations: Declarations, locator: Locator): Problem[] {
  const problems: Problem[] = [];
  const check = (condition: Condition | undefined, at: YamlPath, events: Iterable<string>): void => {
    if (!condition) return;
    for (const path of conditionPaths(condition)) {
      const problem = pathProblem(path, [...events], declarations);
      if (!problem) continue;
      const offset = locator.findKey(at, path)?.range?.[0] ?? locator.node(at)?.range?.[0] ?? 0;
      problems.push(locator.at(offset, `${locator.describe(at)}${problem.message}`, problem.hint));
    }
  };
  check(definition.trigger.where, ['trigger', 'where'], [definition.trigger.event]);
  if (definition.goal) check(definition.goal.where, ['goal', 'where'], [definition.goal.event]);
  walkSteps(definition.steps, new Set([definition.trigger.event]), (step, events) => {
    const path = stepPaths.get(step.id) ?? ['steps'];
    if (step.kind === 'branch') step.cases.forEach((option, index) => check(option.when, [...path, 'branch', index, 'when'], events));
    if (step.kind === 'wait_for') {
      step.events.forEach((option, index) => {
        const at = option.event && step.events.length === 1 ? [...path, 'wait_for', 'where'] : [...path, 'wait_for', 'events', index, 'where'];
        check(option.where, at, [option.event]);
      });
    }
  });
  return problems;
}

function pathProblem(path: string, events: string[], declarations: Declarations): { message: string; hint?: string } | undefined {
  const [root, field, dataField, ...rest] = path.split('.');
  const customerFields = { ...BUILT_IN_CUSTOMER_FIELDS, ...declarations.customerFields };
  if (root === 'customer' && field === 'facts') return factPathProblem(path);
  if (root === 'customer') {
    if (field && field in customerFields && dataField === undefined) return undefined;
    const suggestion = field ? didYouMean(field, Object.keys(customerFields)) : undefined;
    return { message: `"${path}" is not a customer field`, hint: suggestion ? `did you mean customer.${suggestion}?` : declarationHint(path, '', declarations) };
  }
  if (root === 'event' || root === 'trigger') {
    const types = root === 'trigger' ? [declarations.triggerEvent] : events;
    if (field !== 'data') {
      if (field && (EVENT_FIELDS as readonly string[]).includes(field) && dataField === undefined) return undefined;
      return { message: `"${path}" is not a field of an event`, hint: `an event has ${EVENT_FIELDS.join(', ')}; its own fields are under ${root}.data.` };
    }
    if (dataField && rest.length === 0 && types.some((type) => declarations.eventData[type]?.[dataField])) return undefined;
    return { message: `"${path}" is not declared for ${types.join(' or ')}`, hint: declarationHint(path, types[0] ?? '', declarations) };
  }
  const suggestion = didYouMean(root ?? '', ['customer', 'event', 'trigger']);
  return { message: `"${path}" must start with customer., event. or trigger.`, hint: suggestion ? `did you mean ${suggestion}.${path.split('.').slice(1).join('.')}?` : undefined };
}
