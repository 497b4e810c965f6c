import { log, patched, startChild, ParentClosePolicy, workflowInfo } from '@temporalio/workflow';
import type {
  BranchStep,
  CallTaskStep,
  EscalateStep,
  Step,
  Template,
  UpdateStep,
  WaitForStep,
  WaitStep,
  WebhookStep,
} from '../../src/dsl/definition.js';
import { callTaskWorkflow } from '../callTask.js';
import { evaluate } from '../conditions.js';
import { callTaskScript, customerEventSignal } from '../protocol.js';
import { callTaskWorkflowId, legacyCallTaskWorkflowId } from '../ids.js';
import { compute, providerOptions, providers } from '../activities.js';
import { enrollmentMetrics } from '../metricsSink.js';
import { patches } from '../patches.js';
import { consentRefusal } from '../consent.js';
import { deliver, failureOf, waitForRetry } from './deliver.js';
import { invalidPhone } from './phone.js';
import { signalWorkflow } from '../externalSignals.js';
import { renderedSet } from './updateSet.js';
import { split } from './split.js';
import type { EnrollmentRun } from './run.js';

/** Thrown (and caught by the workflow) when an `exit` step ends the run. */
export class ExitRequested extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

export async function runSteps(run: EnrollmentRun, steps: Step[]): Promise<void> {
  for (const [index, step] of steps.entries()) {
    const next = steps[index + 1];
    run.nextStep = next ? { id: next.id, label: next.label } : undefined;
    run.enterStep(step);
    await runStep(run, step);
  }
}

async function runStep(run: EnrollmentRun, step: Step): Promise<void> {
  switch (step.kind) {
    case 'send':
      await deliver(run, step, step.channel, step.template);
      return;
    case 'wait':
      return wait(run, step);
    case 'wait_for':
      return waitFor(run, step);
    case 'branch':
      return branch(run, step);
    case 'split':
      return split(run, step);
    case 'escalate':
      return escalate(run, step);
    case 'call_task':
      return createCallTask(run, step);
    case 'update':
      return update(run, step);
    case 'webhook':
      return webhook(run, step);
    case 'exit':
      run.record(step, 'done', step.reason);
      throw new ExitRequested(step.reason);
    default:
      return assertNever(step);
  }
}

async function wait(run: EnrollmentRun, step: WaitStep): Promise<void> {
  const from = step.from === 'enrollment' ? run.state.startedAt : new Date(Date.now()).toISOString();
  const wake = await run.ledger.carry((ledger) => compute.wakeTime({ from, duration: step.duration, at: step.at, timeZone: run.timeZone, ...ledger }));
  const ended = await run.waitUntil(Date.parse(wake.at), `${step.label} until ${wake.display}`, `${step.label} (until ${wake.display})`);
  run.record(step, 'done', ended === 'skipped' ? 'skipped by ops' : undefined);
}

async function waitFor(run: EnrollmentRun, step: WaitForStep): Promise<void> {
  const since = run.listeningSince;
  const wake = await run.ledger.carry((ledger) => compute.wakeTime({ from: new Date(Date.now()).toISOString(), duration: step.timeout, timeZone: run.timeZone, ...ledger }));
  const names = step.events.map((expected) => expected.event).join(' or ');
  let found = run.findEvent(step.events, since);
  if (!found) {
    await run.waitUntil(Date.parse(wake.at), `${step.label} until ${wake.display}`, `${names} (timeout ${wake.display})`, () => {
      found = run.findEvent(step.events, since);
      return found !== undefined;
    });
  }
  if (found) {
    run.event = found.received.event;
    run.listeningSince = found.received.receivedAt + 1;
    run.record(step, 'matched', `${found.received.event.type} (${found.received.event.eventId})`);
    return runSteps(run, found.match.steps);
  }
  run.record(step, 'timed_out');
  return runSteps(run, step.onTimeout);
}

async function branch(run: EnrollmentRun, step: BranchStep): Promise<void> {
  const index = step.cases.findIndex((candidate) => evaluate(candidate.when, run.scope));
  const chosen = step.cases[index];
  run.record(step, 'done', chosen ? `case ${index + 1}` : 'otherwise');
  return runSteps(run, chosen ? chosen.steps : step.otherwise);
}

async function escalate(run: EnrollmentRun, step: EscalateStep): Promise<void> {
  const since = run.listeningSince;
  const stopEvents = step.until.map((event) => ({ event }));
  for (const [index, rung] of step.ladder.entries()) {
    if (run.findEvent(stopEvents, since)) break;
    const rungStep = { ...step, id: `${step.id}.${index + 1}`, label: `${step.label}: ${rung.channel} ${rung.template}` };
    if (rung.channel === 'call_task') {
      const { assignee = 'agents', priority = 'normal', dueIn } = rung;
      await createCallTask(run, { ...rungStep, kind: 'call_task', assignee, priority, template: rung.template, ...(dueIn && { dueIn }) });
    } else if ((await deliver(run, rungStep, rung.channel, rung.template)) !== 'sent') {
      continue; // this channel cannot reach the customer (bounced, opted out, not configured): next rung now
    }
    const duration = rung.wait;
    if (!duration) continue;
    const wake = await run.ledger.carry((ledger) => compute.wakeTime({ from: new Date(Date.now()).toISOString(), duration, timeZone: run.timeZone, ...ledger }));
    await run.waitUntil(Date.parse(wake.at), `wait for ${step.until.join(' or ')} until ${wake.display}`, `${step.until.join(' or ')} (next rung ${wake.display})`, () =>
      run.findEvent(stopEvents, since) !== undefined,
    );
  }
  const stoppedBy = run.findEvent(stopEvents, since);
  if (stoppedBy) run.event = stoppedBy.received.event;
  run.record(step, 'done', stoppedBy ? `stopped by ${stoppedBy.received.event.type}` : 'ladder finished');
}

async function createCallTask(run: EnrollmentRun, step: CallTaskStep): Promise<void> {
  const refusal = consentRefusal(run.input.consent, 'call');
  if (refusal && patched(patches.callTasksFollowConsent)) {
    run.record(step, 'skipped', refusal);
    return;
  }
  const badNumber = invalidPhone(run);
  if (badNumber) {
    run.record(step, 'skipped', badNumber);
    return;
  }
  const { workflowId } = workflowInfo();
  const { customerId, sequence, trigger } = run.input;
  const taskId = patched(patches.workflowIdsEscapeParts)
    ? callTaskWorkflowId(customerId, sequence.id, trigger.eventId, step.id)
    : legacyCallTaskWorkflowId(customerId, workflowId, step.id);
  const template = run.input.sequence.templates[step.template];
  const scriptFromRun = patched(patches.callScriptRenderedByRun);
  // Started before the script is rendered: the manager's task exists in the run's first workflow task.
  const started = startChild(callTaskWorkflow, {
    workflowId: taskId,
    args: [
      {
        taskId,
        customerId: run.input.customerId,
        customer: run.customer,
        enrollmentId: workflowId,
        sequenceId: run.input.sequence.id,
        assignee: step.assignee,
        priority: step.priority,
        template: template ?? {},
        context: { customer: run.customer, event: run.event, trigger: run.input.trigger },
        contactWorkflowId: run.input.contactWorkflowId,
        ...(step.dueIn ? { dueIn: step.dueIn } : {}),
        ...(run.input.sequence.sendWindows.call ? { callHours: run.input.sequence.sendWindows.call } : {}),
        ...(run.bestContactTime ? { bestContactTime: run.bestContactTime } : {}),
        ...(scriptFromRun ? { scriptFromRun } : {}),
      },
    ],
    parentClosePolicy: ParentClosePolicy.ABANDON,
    staticSummary: `Call ${run.customer.name ?? run.input.customerId} (${step.priority}, ${step.assignee})`,
  });
  if (scriptFromRun) {
    run.callTasks.push(taskId);
    const script = await renderCallScript(run, step, template ?? {});
    // A task ops cancelled while the step waited for a retry has ended: there is nobody to tell.
    await (await started).signal(callTaskScript, { script }).catch((error: unknown) => log.info('call task already ended', { taskId, error: String(error) }));
  } else {
    await started;
    run.callTasks.push(taskId);
  }
  enrollmentMetrics.callTaskCreated(run.input.sequence.id, (Date.now() - run.eventAt) / 1000);
  run.record(step, 'done', taskId);
}

/** The call task's script; a template that cannot be rendered fails the step until ops retry it. */
async function renderCallScript(run: EnrollmentRun, step: CallTaskStep, template: Template): Promise<string> {
  for (;;) {
    try {
      const context = { customer: run.customer, event: run.event, trigger: run.input.trigger };
      return await run.ledger.carry((ledger) => compute.renderText({ template, channel: 'call_task', locale: run.customer.locale ?? 'fa', context, ...ledger }));
    } catch (error) {
      await waitForRetry(run, step, failureOf(error));
    }
  }
}

async function update(run: EnrollmentRun, step: UpdateStep): Promise<void> {
  const tags = new Set(Array.isArray(run.customer.tags) ? (run.customer.tags as string[]) : []);
  for (const tag of step.addTags) tags.add(tag);
  for (const tag of step.removeTags) tags.delete(tag);
  const patch = { ...(await renderedSet(run, step)), ...(step.addTags.length + step.removeTags.length > 0 ? { tags: [...tags] } : {}) };
  run.customer = { ...run.customer, ...patch };
  // Other sequences of this customer see the change through the contact workflow.
  await signalWorkflow(run.input.contactWorkflowId, customerEventSignal, {
    eventId: `${workflowInfo().workflowId}/${step.id}`,
    type: 'profile_updated',
    customerId: run.input.customerId,
    customer: patch,
  });
  run.record(step, 'done', Object.keys(patch).join(', '));
}

async function webhook(run: EnrollmentRun, step: WebhookStep): Promise<void> {
  await run.ledger.carry((ledger) =>
    providers.postWebhook.executeWithOptions(
      { ...providerOptions, summary: step.label },
      [{ url: step.url, body: step.body, context: run.scope, idempotencyKey: `${workflowInfo().workflowId}/${step.id}`, ...ledger }],
    ),
  );
  run.record(step, 'done');
}

function assertNever(step: never): never {
  throw new Error(`unknown step kind in ${JSON.stringify(step)}`);
}
