import type { Client } from '@temporalio/client';
import { cancelSignal, retryStepSignal, skipWaitSignal } from '../../workflows/index.js';
import { resolveEnrollmentId } from './enrollmentIds.js';
import { ApiError } from './errors.js';
import { callRunning } from './temporalCalls.js';

/** What ops may tell a running enrollment, by the name the routes and the console use. */
export const ENROLLMENT_CONTROLS = {
  cancel: { summary: 'End the run now (exit reason "cancelled by ops: <reason>")', signal: cancelSignal },
  'skip-wait': { summary: 'End the current wait now and go on', signal: skipWaitSignal },
  'retry-step': { summary: 'Run the failed step again (after fixing its cause)', signal: retryStepSignal },
} as const;
export type EnrollmentControl = keyof typeof ENROLLMENT_CONTROLS;

export const isEnrollmentControl = (action: unknown): action is EnrollmentControl => typeof action === 'string' && Object.hasOwn(ENROLLMENT_CONTROLS, action);

/**
 * Sends a control signal to a running enrollment, for POST /v1/enrollments/:id/<action> and the console alike:
 * 404 `enrollment_not_found`, 409 `enrollment_closed` once it has ended, 503 when Temporal does not answer.
 * Answers the run's ID (resolved from an old-style unescaped one).
 */
export async function controlEnrollment(client: Client, givenId: string, action: EnrollmentControl, reason?: string): Promise<string> {
  const id = await resolveEnrollmentId(client, givenId);
  const notFound = () => new ApiError(404, 'enrollment_not_found', `no enrollment "${id}"`);
  if (!id.startsWith('enrollment/')) throw notFound();
  const handle = client.workflow.getHandle(id);
  const send = () => (action === 'cancel' ? handle.signal(cancelSignal, reason ? { reason } : {}) : handle.signal(ENROLLMENT_CONTROLS[action].signal));
  await callRunning(client, id, send, { notFound, closed: () => new ApiError(409, 'enrollment_closed', `enrollment "${id}" has ended`) });
  return id;
}
