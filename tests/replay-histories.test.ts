import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultPayloadConverter } from '@temporalio/common';
import proto from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { describe, expect, inject, it } from 'vitest';
import { enrollmentMetricsSinks } from '../src/metrics/workflowSinks.js';
import * as workflows from '../workflows/index.js';
import { patches } from '../workflows/patches.js';
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

/** The code of a source file without its comments (where `patched(…)` is prose). */
const withoutComments = (source: string): string => source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1');

/** Every `patched(…)` and `deprecatePatch(…)` call in the workflow code, with its file and argument. */
function patchCallsInWorkflowCode(): { file: string; call: 'patched' | 'deprecatePatch'; argument: string }[] {
  return readdirSync('workflows', { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .flatMap((file) =>
      [...withoutComments(readFileSync(join('workflows', file), 'utf8')).matchAll(/\b(patched|deprecatePatch)\(([^)]*)\)/g)].map(([, call, argument = '']) => ({
        file,
        call: call === 'deprecatePatch' ? ('deprecatePatch' as const) : ('patched' as const),
        argument: argument.trim(),
      })),
    );
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

  it('takes every patch ID in workflows/ from workflows/patches.ts, and uses every ID there', () => {
    const calls = patchCallsInWorkflowCode();
    const unknown = calls.filter(({ argument }) => !/^patches\.\w+$/.test(argument) || !(argument.slice('patches.'.length) in patches));
    expect(unknown, 'give patched()/deprecatePatch() an ID from workflows/patches.ts: patched(patches.<name>)').toEqual([]);
    const used = new Set(calls.map(({ argument }) => argument.slice('patches.'.length)));
    expect(Object.keys(patches).filter((name) => !used.has(name)), 'patches no workflow code uses any more: delete them (see workflows/patches.ts)').toEqual([]);
    expect(new Set(Object.values(patches)).size, 'patch IDs are unique').toBe(Object.keys(patches).length);
  });

  it('has every patch recorded both with its marker and without it (a run from before the patch)', () => {
    const deprecated = new Set(patchCallsInWorkflowCode().flatMap(({ call, argument }) => (call === 'deprecatePatch' ? [argument.slice('patches.'.length)] : [])));
    const markers = fixtures.map((fixture) => patchesIn(eventsOf(fixture)));
    for (const [name, patch] of Object.entries(patches)) {
      expect(markers.some((recorded) => recorded.includes(patch)), `a history with the ${patch} marker`).toBe(true);
      // A deprecated patch takes the new branch always: the runs without its marker are gone, and so are their histories.
      if (!deprecated.has(name)) expect(markers.some((recorded) => !recorded.includes(patch)), `a history without the ${patch} marker`).toBe(true);
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
