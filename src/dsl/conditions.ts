import { assertNever } from './assertNever.js';
import type { ComparisonOperator, Condition } from './definition.js';
import type { ConditionYaml } from './schema-conditions.js';

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

/** "event.data.nps ≤ 6", "any(customer.vip = true, …)" — for labels and the graph. */
export function describeCondition(condition: Condition): string {
  if ('all' in condition) return condition.all.map(describeCondition).join(' and ');
  if ('any' in condition) return `(${condition.any.map(describeCondition).join(' or ')})`;
  if ('not' in condition) return `not (${describeCondition(condition.not)})`;
  if (condition.op === 'exists') return condition.value === false ? `${condition.path} missing` : `${condition.path} exists`;
  return `${condition.path} ${SYMBOLS[condition.op]} ${JSON.stringify(condition.value)}`;
}

/** Reads a dotted path like "event.data.nps" from the variables; own properties only. */
export function readPath(variables: Record<string, unknown>, path: string): unknown {
  let value: unknown = variables;
  for (const key of path.split('.')) {
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/** Whether a condition holds for the variables (customer, event, trigger); used by the preview. */
export function evaluateCondition(condition: Condition, variables: Record<string, unknown>): boolean {
  if ('all' in condition) return condition.all.every((part) => evaluateCondition(part, variables));
  if ('any' in condition) return condition.any.some((part) => evaluateCondition(part, variables));
  if ('not' in condition) return !evaluateCondition(condition.not, variables);
  const actual = readPath(variables, condition.path);
  const expected = condition.value;
  switch (condition.op) {
    case 'exists': return (actual !== undefined && actual !== null) === (expected !== false);
    case 'eq': return actual === expected;
    case 'ne': return actual !== expected;
    case 'gt': return compare(actual, expected) > 0;
    case 'gte': return compare(actual, expected) >= 0;
    case 'lt': return compare(actual, expected) < 0;
    case 'lte': return compare(actual, expected) <= 0;
    case 'in': return Array.isArray(expected) && expected.includes(actual);
    case 'contains':
      return Array.isArray(actual) ? actual.includes(expected) : typeof actual === 'string' && actual.includes(String(expected));
    default: return assertNever(condition.op);
  }
}

/** Numbers compare as numbers, anything else as text; a missing value never compares. */
function compare(actual: unknown, expected: unknown): number {
  if (actual === undefined || actual === null) return Number.NaN;
  if (typeof actual === 'number' && typeof expected === 'number') return actual - expected;
  return String(actual).localeCompare(String(expected));
}
