import type { ComparisonOperator, Condition } from '../src/dsl/definition.js';
import type { ConditionYaml } from '../src/dsl/schema-conditions.js';

/**
 * The one meaning of a condition (`trigger.where`, `goal.where`, `wait_for … where`, `branch … when`):
 * compiled from the YAML, described for labels and the graph, checked by the validator and
 * evaluated by the workflows and the preview, all here. Pure and deterministic, so it runs inside
 * workflows; changing what `evaluate` answers changes what runs in flight do (put it behind `patched()`).
 *
 * - `eq`, `ne`, `in` compare exactly: the number 10 is not the text "10", `true` is not "true".
 * - `gt`, `gte`, `lt`, `lte`: when both sides read as numbers (JavaScript's `Number()`), as numbers:
 *   `"10" > 6`, as webhooks and rendered `update.set` values send them (so `""` counts as 0 and
 *   `true` as 1); otherwise as text, by code unit (ISO dates and times order correctly); a missing
 *   or null value never compares.
 * - `exists: true` holds for any value but a missing one or null (0, "" and false exist).
 * - `contains`: a substring of text, or an item of a list.
 * - A path reads own properties only (`customer.tags.0` is the first tag).
 */

/** What conditions can look at: `customer.*`, `event.*` (the event that matters now), `trigger.*`. */
export type ConditionScope = Record<'customer' | 'event' | 'trigger', unknown>;

const OPERATORS: readonly ComparisonOperator[] = ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in', 'exists', 'contains'];
const SYMBOLS: Record<ComparisonOperator, string> = {
  eq: '=', ne: '≠', gt: '>', gte: '≥', lt: '<', lte: '≤', in: 'in', exists: 'exists', contains: 'contains',
};

const isOperatorMap = (value: unknown): value is Partial<Record<ComparisonOperator, unknown>> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The YAML condition map → the compiled tree; several entries in one map are `all`. */
export function compileCondition(yaml: ConditionYaml): Condition {
  const parts: Condition[] = [];
  for (const [key, value] of Object.entries(yaml)) {
    if (key === 'all') parts.push({ all: (value as ConditionYaml[]).map(compileCondition) });
    else if (key === 'any') parts.push({ any: (value as ConditionYaml[]).map(compileCondition) });
    else if (key === 'not') parts.push({ not: compileCondition(value as ConditionYaml) });
    else if (isOperatorMap(value)) {
      for (const op of OPERATORS) if (op in value) parts.push({ path: key, op, value: value[op] });
    } else parts.push({ path: key, op: 'eq', value });
  }
  return parts.length === 1 && parts[0] ? parts[0] : { all: parts };
}

/** Every dotted path a condition reads, for validation. */
export function conditionPaths(condition: Condition): string[] {
  if ('all' in condition) return condition.all.flatMap(conditionPaths);
  if ('any' in condition) return condition.any.flatMap(conditionPaths);
  if ('not' in condition) return conditionPaths(condition.not);
  return [condition.path];
}

/**
 * The paths that hold a value whenever the condition holds: a comparison is false on a missing value,
 * so `{ event.data.nps: { lte: 6 } }` guards event.data.nps for the steps it leads to.
 */
export function presentPaths(condition: Condition): Set<string> {
  if ('all' in condition) return new Set(condition.all.flatMap((part) => [...presentPaths(part)]));
  if ('any' in condition) {
    const [first, ...rest] = condition.any.map(presentPaths);
    return new Set([...(first ?? [])].filter((path) => rest.every((paths) => paths.has(path))));
  }
  if ('not' in condition || condition.op === 'ne') return new Set();
  if (condition.op === 'exists' ? condition.value === false : condition.value === null) return new Set();
  return new Set([condition.path]);
}

/** "event.data.nps ≤ 6", "(customer.vip = true or …)" — for labels and the graph. */
export function describeCondition(condition: Condition): string {
  if ('all' in condition) return condition.all.map(describeCondition).join(' and ');
  if ('any' in condition) return `(${condition.any.map(describeCondition).join(' or ')})`;
  if ('not' in condition) return `not (${describeCondition(condition.not)})`;
  if (condition.op === 'exists') return condition.value === false ? `${condition.path} missing` : `${condition.path} exists`;
  return `${condition.path} ${SYMBOLS[condition.op]} ${JSON.stringify(condition.value)}`;
}

/** Whether a condition holds for the customer, the event that matters now and the trigger. */
export function evaluate(condition: Condition, scope: ConditionScope): boolean {
  if ('all' in condition) return condition.all.every((part) => evaluate(part, scope));
  if ('any' in condition) return condition.any.some((part) => evaluate(part, scope));
  if ('not' in condition) return !evaluate(condition.not, scope);
  const actual = lookup(scope, condition.path);
  const expected = condition.value;
  switch (condition.op) {
    case 'exists':
      return (actual !== undefined && actual !== null) === (expected ?? true);
    case 'eq':
      return actual === expected;
    case 'ne':
      return actual !== expected;
    case 'gt':
      return compare(actual, expected, (a, b) => a > b);
    case 'gte':
      return compare(actual, expected, (a, b) => a >= b);
    case 'lt':
      return compare(actual, expected, (a, b) => a < b);
    case 'lte':
      return compare(actual, expected, (a, b) => a <= b);
    case 'in':
      return Array.isArray(expected) && expected.includes(actual);
    case 'contains':
      return typeof actual === 'string' ? actual.includes(String(expected)) : Array.isArray(actual) && actual.includes(expected);
    default: {
      const unknown: never = condition.op;
      throw new Error(`unknown condition operator ${String(unknown)}`);
    }
  }
}

/** Reads a dotted path ("event.data.nps") through own properties only. */
export function lookup(root: unknown, path: string): unknown {
  let value: unknown = root;
  for (const key of path.split('.')) {
    if (value === null || typeof value !== 'object' || !Object.prototype.hasOwnProperty.call(value, key)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/**
 * Numbers compare as numbers (numeric text from webhooks included), other values as text by code
 * unit — never by locale, whose order could differ between workers' ICU versions.
 */
function compare(actual: unknown, expected: unknown, test: (a: number | string, b: number | string) => boolean): boolean {
  if (actual === undefined || actual === null) return false;
  const a = Number(actual);
  const b = Number(expected);
  if (!Number.isNaN(a) && !Number.isNaN(b)) return test(a, b);
  return test(String(actual), String(expected));
}
