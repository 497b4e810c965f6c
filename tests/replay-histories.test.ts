import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultPayloadConverter } from '@temporalio/common';
import proto from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { describe, expect, inject, it } from 'vitest';
import { enrollmentMetricsSinks } from '../src/metrics/workflowSinks.js';
import * as workflows from '../workflows/index.js';
import { HISTORIES_DIR, readHistoryFixture } from './support/histories.js';
import { testDataConverter } from './support/stack.js';

const { EventType } = proto.temporal.api.enums.v1;
type HistoryEvent = proto.temporal.api.history.v1.IHistoryEvent;

/** Events that record a command of the workflow code: replay checks that today's code issues the same ones. */
const COMMAND_EVENTS = new Set([
  EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED,
  EventType.EVENT_TYPE_TIMER_STARTED,
  EventType.EVENT_TYPE_MARKER_RECORDED,
  EventType.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED,
  EventType.EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED,
  EventType.EVENT_TYPE_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED,
  EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES,
  EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED,
  EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW,
]);
/** Where a saved history may end: the run closed, or (a contact that runs on) between workflow tasks. */
const WHOLE_HISTORY_ENDS = new Set([
  EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED,
  EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW,
  EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED,
  EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED,
]);

const workflowTypeOf = (events: HistoryEvent[]): string | undefined => events[0]?.workflowExecutionStartedEventAttributes?.workflowType?.name ?? undefined;

/** The patch IDs a history's markers record (`patched()` writes one the first time a run reaches it). */
const patchesIn = (events: HistoryEvent[]): string[] =>
  events.flatMap((event) => {
    const payload = event.markerRecordedEventAttributes?.details?.['patch-data']?.payloads?.[0];
    return payload ? [defaultPayloadConverter.fromPayload<{ id: string }>(payload).id] : [];
  });

/** Every `patched('id')` or `patched(ID)` in the workflow code, ID resolved from its `const ID = '…'` there. */
function patchesInWorkflowCode(): string[] {
  const sources = readdirSync('workflows', { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .map((file) => readFileSync(join('workflows', file), 'utf8'))
    .join('\n');
  // `patched()` with nothing in it is prose in a comment, not a call.
  const ids = [...sources.matchAll(/\bpatched\(([^)]+)\)/g)].map(([, argument = '']) => {
    const text = argument.trim();
    const constant = new RegExp(`\\bconst ${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} = '([^']+)'`);
    const id = /^'([^']+)'$/.exec(text)?.[1] ?? constant.exec(sources)?.[1];
    expect(id, `patched(${text}): give it a string, or a const ${text} = '<patch-id>' in workflows/`).toBeDefined();
    return id ?? '';
  });
  return [...new Set(ids)];
}

/**
 * Recorded histories of real runs (escalation with a call task, a detractor branch, ops retry, an SMS delivery report …)
 * replayed against today's workflow code: a change that would break runs in flight fails here.
 * Such a change must go behind `patched()`. Record with `RECORD_HISTORIES=1 npx vitest run`.
 */
describe('replaying recorded histories with the current workflow code', () => {
  const fixtures = readdirSync(HISTORIES_DIR)
    .filter((name) => name.endsWith('.json'))
    .map((file) => ({ file, ...readHistoryFixture(file) }));
  const eventsOf = (fixture: (typeof fixtures)[number]): HistoryEvent[] => fixture.history.events ?? [];

  it('has a history for every workflow type the worker runs', () => {
    const registered = Object.entries(workflows).flatMap(([name, value]) => (typeof value === 'function' && name.endsWith('Workflow') ? [name] : []));
    const recorded = new Set(fixtures.map((fixture) => workflowTypeOf(eventsOf(fixture))));
    expect(registered.filter((type) => !recorded.has(type))).toEqual([]);
  });

  it('has every patch recorded both with its marker and without it (a run from before the patch)', () => {
    const patches = patchesInWorkflowCode();
    expect(patches.length).toBeGreaterThan(0);
    const markers = fixtures.map((fixture) => patchesIn(eventsOf(fixture)));
    for (const patch of patches) {
      expect(markers.some((recorded) => recorded.includes(patch)), `a history with the ${patch} marker`).toBe(true);
      expect(markers.some((recorded) => !recorded.includes(patch)), `a history without the ${patch} marker`).toBe(true);
    }
  });

  it.each(fixtures.map((fixture) => [fixture.file, fixture] as const))('%s is a whole run with commands to replay, and replays without nondeterminism', async (_, fixture) => {
    const events = eventsOf(fixture);
    const last = events.at(-1)?.eventType ?? EventType.EVENT_TYPE_UNSPECIFIED;
    expect(events.filter((event) => event.eventType != null && COMMAND_EVENTS.has(event.eventType)).length, 'commands recorded').toBeGreaterThan(0);
    expect(WHOLE_HISTORY_ENDS.has(last), `cut off after ${EventType[last]}`).toBe(true);
    // Histories recorded from test stacks carry payloads encrypted with the test key; older ones are in clear.
    await Worker.runReplayHistory(
      { workflowBundle: { codePath: inject('workflowBundlePath') }, sinks: enrollmentMetricsSinks(undefined), dataConverter: testDataConverter },
      fixture.history,
      fixture.workflowId,
    );
  });
});
