import { describe, expect, it } from 'vitest';
import { compileCondition, evaluate } from '../workflows/conditions.js';

/** `event.data.x` holds `actual` (left out when undefined); the condition is `{ event.data.x: { <op>: expected } }`. */
const CASES: [op: string, actual: unknown, expected: unknown, holds: boolean][] = [
  // Numbers, and text that reads as a number (webhooks, rendered update.set values), compare as numbers.
  ['lte', '10', 6, false],
  ['lte', 10, 6, false],
  ['lte', '5', 6, true],
  ['lte', 6, '6', true],
  ['gt', '10', '9', true],
  ['gte', 2.5, 2, true],
  ['lt', -1, 0, true],
  ['lte', '', 6, true], // empty text reads as 0
  // Anything else compares as text, by code unit: ISO dates and times order correctly.
  ['gt', '2026-01-02', '2026-01-01', true],
  ['lt', '09:30', '10:00', true],
  ['gt', 'b', 'a', true],
  ['gt', 'abc', 6, true], // "abc" > "6" as text
  // A missing or null value never compares.
  ['lte', undefined, 6, false],
  ['gte', null, 0, false],
  // eq / ne / in are exact: the number 10 is not the text "10".
  ['eq', 10, 10, true],
  ['eq', '10', 10, false],
  ['eq', true, true, true],
  ['eq', 'true', true, false],
  ['ne', '10', 10, true],
  ['ne', undefined, 'x', true],
  ['in', 'vip', ['vip', 'gold'], true],
  ['in', 3, ['3'], false],
  ['in', undefined, ['vip'], false],
  // exists: anything but missing or null exists — 0, "" and false too.
  ['exists', 0, true, true],
  ['exists', '', true, true],
  ['exists', false, true, true],
  ['exists', null, true, false],
  ['exists', undefined, true, false],
  ['exists', 0, false, false],
  ['exists', undefined, false, true],
  // contains: a substring of text, or an item of a list.
  ['contains', 'سفارش ویژه', 'ویژه', true],
  ['contains', ['vip', 'gold'], 'gold', true],
  ['contains', ['vip'], 'vi', false],
  ['contains', 42, '4', false],
];

describe('one meaning of a condition, for workflows, validator and preview', () => {
  it.each(CASES)('%s: %j against %j → %s', (op, actual, expected, holds) => {
    const condition = compileCondition({ 'event.data.x': { [op]: expected } });
    const event = { data: actual === undefined ? {} : { x: actual } };
    expect(evaluate(condition, { customer: {}, event, trigger: event })).toBe(holds);
  });

  it('reads own properties only, lists by index, and combines with all / any / not', () => {
    const scope = { customer: { tags: ['vip'], plan: 'gold' }, event: { data: {} }, trigger: {} };
    expect(evaluate(compileCondition({ 'customer.tags.0': 'vip' }), scope)).toBe(true);
    expect(evaluate(compileCondition({ 'customer.plan.length': { exists: true } }), scope)).toBe(false);
    expect(evaluate(compileCondition({ 'customer.constructor': { exists: true } }), scope)).toBe(false);
    expect(evaluate(compileCondition({ any: [{ 'customer.plan': 'base' }, { not: { 'customer.vip': true } }] }), scope)).toBe(true);
    expect(evaluate(compileCondition({ 'customer.plan': 'gold', 'customer.tags.0': 'gold' }), scope)).toBe(false);
  });
});
