import { ApplicationFailure, proxyActivities, sleep, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { PeygirActivities } from '../activities/index.js';
import type { SequenceDefinition, Step } from '../src/dsl/definition.js';
import type { CustomerEvent, CustomerProfile } from '../src/events/customerEvent.js';
import { customerIdKey, sequenceKey, sequenceVersionKey, statusKey, stepKey } from './searchAttributes.js';

export interface EnrollmentInput {
  /** The compiled definition, pinned for the whole run. */
  sequence: SequenceDefinition;
  customerId: string;
  customer: CustomerProfile;
  trigger: CustomerEvent;
}

const { sendEmail, wakeTime } = proxyActivities<PeygirActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});

/** One customer's run through one sequence: interprets the pinned definition step by step. */
export async function enrollmentWorkflow(input: EnrollmentInput): Promise<void> {
  const { sequence } = input;
  upsertSearchAttributes([
    { key: customerIdKey, value: input.customerId },
    { key: sequenceKey, value: sequence.id },
    { key: sequenceVersionKey, value: sequence.version },
    { key: statusKey, value: 'running' },
  ]);
  for (const step of sequence.steps) {
    upsertSearchAttributes([{ key: stepKey, value: step.id }]);
    await runStep(input, step);
  }
  upsertSearchAttributes([{ key: statusKey, value: 'completed' }]);
}

async function runStep(input: EnrollmentInput, step: Step): Promise<void> {
  switch (step.kind) {
    case 'send': {
      const template = input.sequence.templates[step.template];
      if (!template) throw ApplicationFailure.nonRetryable(`template ${step.template} missing from the compiled definition`);
      await sendEmail({
        messageKey: `${workflowInfo().workflowId}/${step.id}`,
        to: input.customer.email ?? '',
        locale: input.customer.locale ?? 'fa',
        template,
        context: { customer: input.customer, event: input.trigger },
      });
      return;
    }
    case 'wait': {
      const wake = await wakeTime({ from: new Date(Date.now()).toISOString(), duration: step.duration });
      upsertSearchAttributes([{ key: statusKey, value: 'waiting' }]);
      await sleep(Date.parse(wake.at) - Date.now(), { summary: `${step.label} until ${wake.display}` });
      upsertSearchAttributes([{ key: statusKey, value: 'running' }]);
      return;
    }
    default:
      throw ApplicationFailure.nonRetryable(`step kind ${step.kind} is not supported by this worker yet`, 'UnsupportedStep');
  }
}
