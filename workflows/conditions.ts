import type { Condition } from '../src/dsl/definition.js';

/** What conditions can look at: `customer.*`, `event.*` (the event that matters now), `trigger.*`. */
export type ConditionScope = Record<'customer' | 'event' | 'trigger', unknown>;

/** Evaluates a structured condition; pure and deterministic, so it runs inside workflows. */
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

/** Numbers compare as numbers (numeric strings from webhooks included), other values as strings. */
function compare(actual: unknown, expected: unknown, test: (a: number | string, b: number | string) => boolean): boolean {
  if (actual === undefined || actual === null) return false;
  const a = Number(actual);
  const b = Number(expected);
  if (!Number.isNaN(a) && !Number.isNaN(b)) return test(a, b);
  return test(String(actual), String(expected));
}
