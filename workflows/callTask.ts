import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  patched,
  setCurrentDetails,
  setHandler,
  sleep,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import type { CalendarDuration, SendWindow, Template } from '../src/dsl/definition.js';
import type { CustomerProfile } from '../src/events/customerEvent.js';
import type { LedgerKind } from '../src/store/ledger.js';
import { signalWorkflow } from './externalSignals.js';
import { compute, providers } from './activities.js';
import { WorkflowLedger } from './ledger.js';
import { patches } from './patches.js';
import { callTaskQuery, callTaskScript, cancelCallTaskUpdate, claimCallTask, completeCallTask, customerEventSignal, legacy, withdrawCallTask } from './protocol.js';
import { assigneeKey, customerIdKey, sequenceKey, statusKey } from './searchAttributes.js';

export const CALL_OUTCOMES = ['reached', 'no_answer', 'busy', 'voicemail', 'wrong_number', 'callback_requested', 'declined'] as const;
export type CallOutcome = (typeof CALL_OUTCOMES)[number];

export interface CallTaskInput {
  taskId: string;
  customerId: string;
  customer: CustomerProfile;
  enrollmentId: string;
  sequenceId: string;
  assignee: string;
  priority: 'low' | 'normal' | 'high' | 'urgent';
  template: Template;
  context: Record<string, unknown>;
  contactWorkflowId: string;
  dueIn?: CalendarDuration;
  /** The sequence's `call_hours` (unset: business hours in the customer's time zone). */
  callHours?: SendWindow;
  /** The customer's best_contact_time, narrowing the call hours when it overlaps them. */
  bestContactTime?: string;
  /**
   * The run that asked for the call renders the script and signals it (`callTaskScript`) before it
   * counts the step as done; without this flag (tasks started by older runs) the task renders it itself.
   */
  scriptFromRun?: boolean;
}

export interface CallTask {
  taskId: string;
  customerId: string;
  customerName?: string;
  phone?: string;
  sequenceId: string;
  enrollmentId: string;
  assignee: string;
  priority: CallTaskInput['priority'];
  status: 'scheduled' | 'open' | 'claimed' | 'completed' | 'cancelled';
  /** The call script, rendered from the sequence's call_task template. */
  script: string;
  createdAt: string;
  /** While scheduled: when business hours open it (state only; no command, so replays are unchanged). */
  opensAt?: string;
  openAt?: string;
  dueAt?: string;
  claimedBy?: string;
  /** When it was last claimed. */
  claimedAt?: string;
  outcome?: CallOutcome;
  notes?: string;
  /** When the customer asked to be called back (an ISO instant), as the agent entered it. */
  callbackAt?: string;
  completedAt?: string;
  /** Why it was cancelled: by ops, or because the customer unsubscribed, converted or left the sequence. */
  cancelReason?: string;
}

/**
 * A call for a human agent (`call-task/<customer>/…`): opens inside business hours of the customer's
 * time zone, is pushed to the CRM if one is configured, and waits for an agent to claim and complete
 * it. The outcome goes back to the customer's contact workflow as a `call_completed` event, so the
 * sequence that asked for the call can branch on it.
 */
export async function callTaskWorkflow(input: CallTaskInput): Promise<CallTask> {
  const task: CallTask = {
    taskId: input.taskId,
    customerId: input.customerId,
    ...(input.customer.name ? { customerName: input.customer.name } : {}),
    ...(input.customer.phone ? { phone: input.customer.phone } : {}),
    sequenceId: input.sequenceId,
    enrollmentId: input.enrollmentId,
    assignee: input.assignee,
    priority: input.priority,
    status: 'scheduled',
    script: '',
    createdAt: new Date(Date.now()).toISOString(),
  };
  // Opened, claimed, completed and cancelled, for the customer's ledger (subject: the task ID).
  const ledger = new WorkflowLedger(patched(patches.callTaskLedger));
  const noteFact = (kind: LedgerKind, details: Record<string, unknown>, occurrence?: string): void =>
    ledger.note(kind, { customerId: input.customerId, sequenceId: input.sequenceId, subject: input.taskId, details, ...(occurrence ? { occurrence } : {}) });
  /** Milliseconds from an instant of this task (openAt, claimedAt) to now: the ledger's durations. */
  const msSince = (instant: string | undefined): number | undefined => (instant === undefined ? undefined : Date.now() - Date.parse(instant));
  const setStatus = (status: CallTask['status']): void => {
    task.status = status;
    upsertSearchAttributes([{ key: statusKey, value: status }]);
  };
  upsertSearchAttributes([
    { key: customerIdKey, value: input.customerId },
    { key: sequenceKey, value: input.sequenceId },
    { key: statusKey, value: task.status },
    { key: assigneeKey, value: input.assignee },
  ]);
  setHandler(callTaskQuery, () => task);
  let scriptReady = false;
  setHandler(callTaskScript, ({ script }) => {
    task.script = script;
    scriptReady = true;
  });
  const cancel = (reason: string | undefined): CallTask => {
    if (task.status === 'completed' || task.status === 'cancelled') return task;
    if (reason) task.cancelReason = reason;
    setStatus('cancelled');
    noteFact('call_task.cancelled', reason ? { reason } : {});
    return task;
  };
  const withdraw = (request?: { reason?: string }): void => void cancel(request?.reason);
  setHandler(withdrawCallTask, withdraw);
  setHandler(legacy.withdrawCallTask, withdraw);
  const cancelByOps = ({ reason }: { reason?: string }): CallTask => cancel(reason);
  const whileOpen = { validator: (_request: { reason?: string }) => assertStatus(task, ['scheduled', 'open', 'claimed']) };
  setHandler(cancelCallTaskUpdate, cancelByOps, whileOpen);
  setHandler(legacy.cancelCallTaskUpdate, cancelByOps, whileOpen);
  setHandler(
    claimCallTask,
    ({ agentId }) => {
      task.claimedBy = agentId;
      task.claimedAt = new Date(Date.now()).toISOString();
      setStatus('claimed');
      noteFact('call_task.claimed', { agentId, sinceOpenMs: msSince(task.openAt) }, agentId);
      return task;
    },
    { validator: (_request: { agentId: string }) => assertStatus(task, ['open', 'claimed']) },
  );
  setHandler(
    completeCallTask,
    async ({ outcome, notes, agentId, callbackAt }) => {
      const callback = callbackAt !== undefined && patched(patches.callbackTimeCarried) ? { callbackAt } : {};
      Object.assign(task, { outcome, completedAt: new Date(Date.now()).toISOString() }, notes ? { notes } : {}, agentId ? { claimedBy: agentId } : {}, callback);
      setStatus('completed');
      const by = task.claimedBy ? { agentId: task.claimedBy } : {};
      noteFact('call_task.completed', { ...by, sinceOpenMs: msSince(task.openAt), sinceClaimMs: msSince(task.claimedAt) });
      noteFact('call_task.outcome', { ...by, outcome, ...callback });
      if (notes) noteFact('call_task.note', { ...by, notes });
      await signalWorkflow(input.contactWorkflowId, customerEventSignal, {
        eventId: `${input.taskId}/completed`,
        type: 'call_completed',
        customerId: input.customerId,
        data: { outcome, taskId: input.taskId, sequenceId: input.sequenceId, ...(notes ? { notes } : {}), ...callback },
      });
      return task;
    },
    {
      validator: ({ outcome, callbackAt }) => {
        assertStatus(task, ['scheduled', 'open', 'claimed']);
        if (!CALL_OUTCOMES.includes(outcome)) {
          throw ApplicationFailure.nonRetryable(`unknown outcome "${outcome}"; use one of ${CALL_OUTCOMES.join(', ')}`, 'InvalidOutcome');
        }
        if (callbackAt !== undefined && (typeof callbackAt !== 'string' || callbackAt.length > 40 || Number.isNaN(Date.parse(callbackAt)))) {
          throw ApplicationFailure.nonRetryable(`callbackAt: "${String(callbackAt).slice(0, 40)}" is not an instant like 2026-12-20T07:00:00Z`, 'InvalidCallbackAt');
        }
      },
    },
  );

  const timeZone = input.customer.timezone ?? 'Asia/Tehran';
  const slot = await compute.sendSlot({ channel: 'call', window: input.callHours, timeZone, after: task.createdAt, bestContactTime: input.bestContactTime });
  if (Date.parse(slot.at) > Date.now()) {
    task.opensAt = slot.at;
    setCurrentDetails(`waiting for business hours (${slot.display})`);
    await Promise.race([sleep(Date.parse(slot.at) - Date.now(), { summary: `open at ${slot.display} (business hours)` }), condition(() => task.status !== 'scheduled')]);
  }
  if (input.scriptFromRun) {
    setCurrentDetails('waiting for its script from the run');
    await condition(() => scriptReady || task.status !== 'scheduled');
  } else {
    task.script = await compute.renderText({
      template: input.template,
      channel: 'call_task',
      locale: input.customer.locale ?? 'fa',
      context: input.context,
      customerId: input.customerId,
    });
  }
  // The store has the last word: an unsubscribe still on its way from the contact to the run stops the task here.
  if (task.status === 'scheduled' && patched(patches.callTaskAsksStore)) {
    setCurrentDetails('asking the customer store whether the customer may be called');
    const { refusal } = await compute.callRefusal({ customerId: input.customerId, ...(input.customer.phone ? { phone: input.customer.phone } : {}) });
    if (refusal) cancel(refusal);
  }
  if (task.status === 'scheduled') {
    task.openAt = new Date(Date.now()).toISOString();
    if (input.dueIn) task.dueAt = (await compute.wakeTime({ from: task.openAt, duration: input.dueIn, timeZone })).at;
    setStatus('open');
    noteFact('call_task.opened', { enrollmentId: input.enrollmentId, assignee: input.assignee, priority: input.priority, ...(task.dueAt ? { dueAt: task.dueAt } : {}) });
    await ledger.carry((carried) => providers.pushCallTask({ task, idempotencyKey: input.taskId, ...carried }));
  }
  setCurrentDetails(`open for ${input.assignee} (${input.priority})`);
  const ended = (): boolean => task.status === 'completed' || task.status === 'cancelled';
  // Each claim, the completion or the cancellation is written as it happens (none for runs from before the ledger).
  for (;;) {
    await condition(() => ended() || ledger.hasPending);
    if (!ledger.hasPending) break;
    await ledger.flush((facts) => compute.recordLedger(facts));
  }
  await condition(allHandlersFinished);
  return task;
}

function assertStatus(task: CallTask, allowed: CallTask['status'][]): void {
  if (!allowed.includes(task.status)) {
    throw ApplicationFailure.nonRetryable(`call task ${task.taskId} is ${task.status}`, 'CallTaskClosed');
  }
}
