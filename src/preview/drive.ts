import type { Client } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { SequenceDefinition } from '../dsl/definition.js';
import { parseDuration } from '../dsl/duration.js';
import type { CustomerEvent } from '../events/customerEvent.js';
import { addCalendarDuration, zoneOrDefault } from '../schedule/index.js';
import type { CallTask } from '../../workflows/callTask.js';
import type { ContactState } from '../../workflows/contact.js';
import { callTaskQuery, contactStateQuery, stateQuery, timelineQuery } from '../../workflows/protocol.js';
import type { EnrollmentState, TimelineEntry } from '../../workflows/enrollment/state.js';
import { contactWorkflowId } from '../../workflows/ids.js';
import { isIdle } from './idle.js';
import { isSelfTriggered } from '../../workflows/watches/triggers.js';
import type { EventScript, PreviewCustomer } from './script.js';

/** A customer event and the instant (server time) it arrives. */
export interface ScriptedEvent {
  at: Date;
  event: CustomerEvent;
}

/**
 * The sample customer's events: the trigger at `start` (with their profile), then the script's, counted
 * from it in their zone. Without `occurredAt`: each happens when it arrives, on the server's clock.
 * A silence or date trigger, which Peygir fires itself, arrives as it would fire, with the script's data,
 * as a manual enrollment names its sequence.
 */
export function scriptedEvents(definition: SequenceDefinition, customer: PreviewCustomer, script: EventScript, start: Date): ScriptedEvent[] {
  const { customerId = 'preview', ...profile } = customer;
  const timeZone = zoneOrDefault(customer.timezone);
  const at = (after: string): Date => addCalendarDuration(start, parseDuration(after) ?? {}, timeZone);
  const trigger: ScriptedEvent = {
    at: start,
    event: {
      eventId: 'preview-trigger',
      type: definition.trigger.event,
      customerId,
      customer: profile,
      data: { ...script.trigger?.data, ...(isSelfTriggered(definition) && { manual: true, sequenceId: definition.id }) },
    },
  };
  const later = script.events.map((scripted, index) => {
    const when = at(scripted.after);
    return { at: when, event: { eventId: `preview-${index + 1}`, type: scripted.type, customerId, data: scripted.data } };
  });
  return [trigger, ...later.sort((a, b) => a.at.getTime() - b.at.getTime())];
}

/** One customer's runs as the workers hold them: the contact, each enrollment, each call task. */
export interface RunsSnapshot {
  contact?: ContactState;
  enrollments: { workflowId: string; state: EnrollmentState; timeline: TimelineEntry[] }[];
  callTasks: CallTask[];
}

/** Where the scripted events go and whose runs to watch: the preview's workers, or (in a test) a real stack beside them. */
export interface Audience {
  client: Client;
  customerId: string;
  deliver(event: CustomerEvent): Promise<void>;
}

const ENDED = new Set(['completed', 'converted', 'exited']);
/** Nothing a sequence does takes longer than this; a run still going then is reported as it stands. */
const HORIZON_MS = 3 * 366 * 24 * 3_600_000;
const SETTLE_POLL_MS = 40;
const SETTLE_LIMIT_MS = 20_000;
const SLEEP_RECHECK_MS = 10_000;

/**
 * Plays the events on the time-skipping server and lets its clock run, only ever to the next thing that
 * happens: the next scripted event, the next wake-up of a run (a wait, a held send, a rung) or the
 * opening of a call task. Before each jump every run has settled (none is mid-step), so no activity
 * is in flight while the server skips time. Stops when every run has ended, or one has failed.
 */
export async function driveEvents(env: TestWorkflowEnvironment, events: ScriptedEvent[], audiences: Audience[]): Promise<void> {
  const pending = [...events];
  const until = (pending[0]?.at.getTime() ?? (await env.currentTimeMs())) + HORIZON_MS;
  for (;;) {
    const snapshots = await Promise.all(audiences.map(settled));
    const now = await env.currentTimeMs();
    const next = pending[0];
    if (next && next.at.getTime() <= now) {
      pending.shift();
      for (const audience of audiences) await audience.deliver(next.event);
      continue;
    }
    const states = snapshots.flatMap((snapshot) => snapshot.enrollments.map((enrollment) => enrollment.state));
    if (states.some((state) => state.status === 'failed')) return;
    const wakes = [
      next?.at.getTime(),
      ...states.flatMap((state) => (state.wakeAt && !ENDED.has(state.status) ? [Date.parse(state.wakeAt)] : [])),
      ...snapshots.flatMap((snapshot) => snapshot.callTasks.flatMap((task) => (task.status === 'scheduled' && task.opensAt ? [Date.parse(task.opensAt)] : []))),
    ].filter((wake): wake is number => wake !== undefined);
    if (wakes.length === 0) return; // all ended, or waiting for something only a person does
    const wake = Math.min(...wakes);
    if (wake > until) return;
    await advanceTo(env, Math.max(wake, now + 1));
  }
}

/**
 * Lets the server's clock run to `target`. A sleep call can outlive its connection (the test server
 * answers a client's keepalive pings with GOAWAY under load), so each call is given a while and the
 * clock is read again: the server finishes the sleep on its side either way.
 */
async function advanceTo(env: TestWorkflowEnvironment, target: number): Promise<void> {
  for (let now = await env.currentTimeMs(); now < target; now = await env.currentTimeMs()) {
    let timer: NodeJS.Timeout | undefined;
    const recheck = new Promise<void>((resolve) => (timer = setTimeout(resolve, SLEEP_RECHECK_MS)));
    await Promise.race([env.sleep(target - now).catch(() => undefined), recheck]);
    clearTimeout(timer);
  }
}

/** The audience's runs once nothing is in flight in any of them (see isIdle); after a limit, as they stand. */
async function settled(audience: Audience): Promise<RunsSnapshot> {
  const giveUpAt = Date.now() + SETTLE_LIMIT_MS;
  for (;;) {
    const snapshot = await snapshotRuns(audience.client, audience.customerId);
    const workflowIds = [
      contactWorkflowId(audience.customerId),
      ...snapshot.enrollments.map((enrollment) => enrollment.workflowId),
      ...snapshot.callTasks.map((task) => task.taskId),
    ];
    const idle = await Promise.all(workflowIds.map((workflowId) => isIdle(audience.client, workflowId).catch(() => true)));
    // A step that stays busy (an activity retrying on its backoff timer) needs the clock to move on.
    if (idle.every(Boolean) || Date.now() > giveUpAt) {
      const again = await snapshotRuns(audience.client, audience.customerId);
      if (JSON.stringify(again) === JSON.stringify(snapshot) || Date.now() > giveUpAt) return again;
    }
    await new Promise((resolve) => setTimeout(resolve, SETTLE_POLL_MS));
  }
}

/** The customer's contact, enrollments (state and timeline) and call tasks, by query. */
export async function snapshotRuns(client: Client, customerId: string): Promise<RunsSnapshot> {
  const contact = await client.workflow
    .getHandle(contactWorkflowId(customerId))
    .query(contactStateQuery)
    .catch(() => undefined);
  const enrollments = await Promise.all(
    (contact?.enrollments ?? []).map(async (workflowId) => {
      const handle = client.workflow.getHandle(workflowId);
      const { done, held = [] } = await handle.query(timelineQuery);
      const timeline = [...done, ...held].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
      return { workflowId, state: await handle.query(stateQuery), timeline };
    }),
  );
  const taskIds = enrollments.flatMap((enrollment) => enrollment.timeline.flatMap((entry) => (entry.detail?.startsWith('call-task/') ? [entry.detail] : [])));
  const callTasks = await Promise.all(taskIds.map((taskId) => client.workflow.getHandle(taskId).query(callTaskQuery)));
  return { ...(contact ? { contact } : {}), enrollments, callTasks };
}
