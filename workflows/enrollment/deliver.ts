import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import {
  ActivityFailure,
  ApplicationFailure,
  ParentClosePolicy,
  WorkflowIdReusePolicy,
  condition,
  getExternalWorkflowHandle,
  log,
  patched,
  startChild,
  workflowInfo,
} from '@temporalio/workflow';
import { consentRefusal } from '../consent.js';
import { isHardBounce } from '../hardBounce.js';
import { customerEventSignal, sendPermitRequestSignal } from '../protocol.js';
import { signalWorkflow } from '../externalSignals.js';
import { permitRequestId } from '../sendPermits.js';
import { smsDeliveryWorkflow } from '../smsDelivery.js';
import type { Channel, Step } from '../../src/dsl/definition.js';
import { compute, providerOptions, providers } from '../activities.js';
import { enrollmentMetrics } from '../metricsSink.js';
import { patches } from '../patches.js';
import { invalidPhone, phoneOf } from './phone.js';
import { sendSlot } from './sendSlot.js';
import type { EnrollmentRun } from './run.js';

/**
 * Failures that no retry of this message can fix (the recipient's address, the provider's final no, a
 * channel this installation has not configured, consent the store says was withdrawn while the send was
 * being retried): the run records them, stops using that channel, and goes on. Anything else (a broken
 * template, say) waits for ops to fix it and signal retry_step.
 */
const FINAL_FOR_THIS_MESSAGE = new Set([
  'NoEmailAddress',
  'EmailRejected',
  'InvalidPhone',
  'SmsRejected',
  'CallRejected',
  'ChannelNotConfigured',
  'ConsentWithdrawn',
]);

/**
 * Sends one message on one channel, the way every send must go: consent first, then quiet hours
 * (the send waits for the next open slot in the customer's time zone), then the provider, with a
 * message key that stays the same across retries so the provider recognises a repeat.
 */
export type DeliveryOutcome = 'sent' | 'skipped' | 'failed';

export async function deliver(run: EnrollmentRun, step: Step, channel: Channel, templateName: string): Promise<DeliveryOutcome> {
  const refusal = consentRefusal(run.input.consent, channel) ?? (channel === 'email' ? undefined : invalidPhone(run));
  if (refusal) return skipped(run, step, channel, refusal);

  const notBefore = await sendPermit(run, step, channel);
  const slot = await sendSlot(run, channel, notBefore);
  if (slot && Date.parse(slot.at) > Date.now()) {
    const reason = notBefore > Date.now() ? 'frequency cap' : 'quiet hours';
    if (step.kind === 'send' && step.whenNotAllowed === 'skip') return skipped(run, step, channel, `${reason}: not allowed before ${slot.display}`);
    // Only the timeline query sees this (no command): replays are unchanged.
    const why = reason === 'frequency cap' ? reason : run.bestContactTime ? `send window and best contact time ${run.bestContactTime}` : 'send window';
    run.record(step, 'held', `${why} until ${slot.at}`);
    await run.waitUntil(Date.parse(slot.at), `${reason}: ${step.label} at ${slot.display}`, `${reason} (${slot.display})`);
    const late = consentRefusal(run.input.consent, channel);
    if (late) return skipped(run, step, channel, late);
  }

  const template = run.input.sequence.templates[templateName];
  if (!template) throw ApplicationFailure.nonRetryable(`template ${templateName} is not in sequence version ${run.input.sequence.version}`, 'TemplateError');
  for (;;) {
    // The message can reach the customer as soon as this send starts, before Temporal hears that it
    // completed (retries, a lost acknowledgement): a reply from then on answers this message.
    const sendStartedAt = Date.now();
    // Built per attempt: a retry after ops fixed the profile uses the fixed profile.
    const message = {
      messageKey: messageKeyOf(step),
      locale: run.customer.locale ?? 'fa',
      // Whose message: the send asks the store for this customer's consent right before the provider.
      customerId: run.input.customerId,
      sequenceId: run.input.sequence.id,
      template,
      context: { customer: run.customer, event: run.event, trigger: run.input.trigger },
    };
    try {
      const options = { ...providerOptions, summary: step.label };
      switch (channel) {
        case 'email':
          await run.ledger.carry((ledger) =>
            providers.sendEmail.executeWithOptions(options, [{ ...message, to: run.customer.email ?? '', ...run.input.sequence.email, ...ledger }]),
          );
          break;
        case 'sms': {
          const sent = await run.ledger.carry((ledger) => providers.sendSms.executeWithOptions(options, [{ ...message, to: phoneOf(run), ...ledger }]));
          await followDelivery(run, sent.messageId, message.messageKey);
          break;
        }
        case 'call':
          await run.ledger.carry((ledger) => providers.placeCall.executeWithOptions(options, [{ ...message, to: phoneOf(run), ...ledger }]));
          break;
      }
      run.listeningSince = patched(patches.listenFromSendStart) ? sendStartedAt : Date.now();
      run.record(step, 'done');
      return 'sent';
    } catch (error) {
      const failure = error instanceof ActivityFailure && error.cause instanceof ApplicationFailure ? error.cause : undefined;
      if (failure?.type && FINAL_FOR_THIS_MESSAGE.has(failure.type)) {
        run.input.consent.suppressed.push(channel);
        if (isHardBounce(failure)) await reportBounce(run, step, failure);
        run.record(step, 'failed', `${failure.type}: ${failure.message}`);
        return 'failed';
      }
      await waitForRetry(run, step, failureOf(error));
    }
  }
}

/** A hard bounce suppresses the address for every sequence: the contact hears it as an `email_bounced` event. */
async function reportBounce(run: EnrollmentRun, step: Step, failure: ApplicationFailure): Promise<void> {
  await signalWorkflow(run.input.contactWorkflowId, customerEventSignal, {
    eventId: `${workflowInfo().workflowId}/${step.id}/bounced`,
    type: 'email_bounced',
    customerId: run.input.customerId,
    data: { channel: 'email', address: run.customer.email, reason: failure.message },
  });
}

/** Starts the workflow that turns Kavenegar's delivery report into an sms_delivered / sms_failed event. */
async function followDelivery(run: EnrollmentRun, messageId: number, messageKey: string): Promise<void> {
  await startChild(smsDeliveryWorkflow, {
    workflowId: `sms-delivery/${run.input.customerId}/${messageId}`,
    args: [{ messageId, customerId: run.input.customerId, contactWorkflowId: run.input.contactWorkflowId, messageKey, sequenceId: run.input.sequence.id }],
    parentClosePolicy: ParentClosePolicy.ABANDON,
    workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
    staticSummary: `Delivery of SMS ${messageId}`,
  }).catch((error: unknown) => {
    // Already followed (the same message reported twice, e.g. after a retry found it sent).
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
  });
}

const PERMIT_ANSWER_WAIT = '1 minute';
const PERMIT_ASKS = 3;

/**
 * When this send may go out under the frequency caps: the contact workflow answers for a capped
 * channel (it sees all of the customer's sequences); an uncapped one may send now.
 */
async function sendPermit(run: EnrollmentRun, step: Step, channel: Channel): Promise<number> {
  const enrollmentWorkflowId = workflowInfo().workflowId;
  const requestId = permitRequestId(enrollmentWorkflowId, step.id);
  if (!run.permits.has(requestId)) {
    if (patched(patches.askPermitOnlyWhenCapped) && !(await compute.frequencyCaps())[channel]) return Date.now();
    const request = { requestId, enrollmentWorkflowId, channel };
    if (patched(patches.permitAskedAgainThenStepFails)) {
      await askUntilAnswered(run, step, request);
    } else {
      await getExternalWorkflowHandle(run.input.contactWorkflowId).signal(sendPermitRequestSignal, request);
      await condition(() => run.permits.has(requestId));
    }
  }
  return run.permits.get(requestId) ?? Date.now();
}

/**
 * The contact answers in moments (it answers a repeated request with the same permit). Without an
 * answer a minute after each of three requests (its worker stuck, the contact terminated), the step
 * fails as any step ops must look at: status `failed`, waiting for retry_step (which asks again) or
 * cancel_enrollment; an answer that comes late lets the run go on by itself. Nothing is sent without a permit.
 */
async function askUntilAnswered(run: EnrollmentRun, step: Step, request: { requestId: string; enrollmentWorkflowId: string; channel: Channel }): Promise<void> {
  const answered = (): boolean => run.permits.has(request.requestId);
  for (;;) {
    for (let asked = 0; asked < PERMIT_ASKS; asked++) {
      await signalWorkflow(run.input.contactWorkflowId, sendPermitRequestSignal, request);
      if (await condition(answered, PERMIT_ANSWER_WAIT)) return;
    }
    await waitForRetry(run, step, { reason: `no send permit from ${run.input.contactWorkflowId} after ${PERMIT_ASKS} requests`, type: 'SendPermitNotAnswered' }, answered);
    if (answered()) return;
  }
}

/** The message a send step sends, the same across retries: the ledger's subject and the provider's dedupe key. */
const messageKeyOf = (step: Step): string => `${workflowInfo().workflowId}/${step.id}`;

function skipped(run: EnrollmentRun, step: Step, channel: Channel, reason: string): DeliveryOutcome {
  run.record(step, 'skipped', reason);
  run.noteFact('message.skipped', { channel, reason }, { subject: messageKeyOf(step) });
  return 'skipped';
}


/** Why an activity failed, for the timeline and the log: its ApplicationFailure's message and type. */
export function failureOf(error: unknown): { reason: string; type: string } {
  const failure = error instanceof ActivityFailure && error.cause instanceof ApplicationFailure ? error.cause : undefined;
  return { reason: failure?.message ?? String(error), type: failure?.type ?? 'unknown' };
}

/**
 * A step that failed for a reason ops can fix: the run says so (state, PeygirStatus, the failed-steps
 * metric, an error log line without the message, which may quote customer data) and waits for
 * retry_step or cancel_enrollment (or until `resolved`); nothing after the step goes out.
 */
export async function waitForRetry(
  run: EnrollmentRun,
  step: Step,
  { reason, type }: { reason: string; type: string },
  resolved: () => boolean = () => false,
): Promise<void> {
  run.record(step, 'failed', reason);
  run.setStatus('failed');
  enrollmentMetrics.stepFailed(run.input.sequence.id, step.id);
  log.error('step failed; see the run\'s state, fix the cause, then signal retry_step (or cancel_enrollment)', {
    sequenceId: run.input.sequence.id,
    stepId: step.id,
    failureType: type,
  });
  run.state.waitingFor = `ops: step ${step.id} failed (${reason}); signal retry_step or cancel_enrollment`;
  await condition(() => run.retryRequested || resolved());
  run.retryRequested = false;
  delete run.state.waitingFor;
  run.setStatus('running');
}
