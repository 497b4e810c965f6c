import type { PostWebhookInput } from '../channels/webhook/postWebhook.js';

export interface PushCallTaskInput {
  /** The task as agents see it (see workflows/callTask.ts). */
  task: { taskId: string };
  idempotencyKey: string;
}

/**
 * Pushes an opened call task to the CRM / call center as a signed webhook (`call_task.opened`), when
 * CRM_WEBHOOK_URL is set. The CRM reports the outcome back with POST /v1/call-tasks/:id/complete.
 */
export function createPushCallTask(deps: { crmWebhookUrl?: string | undefined; postWebhook: (input: PostWebhookInput) => Promise<{ status: number }> }) {
  return async function pushCallTask(input: PushCallTaskInput): Promise<{ pushed: boolean }> {
    if (!deps.crmWebhookUrl) return { pushed: false };
    await deps.postWebhook({ url: deps.crmWebhookUrl, body: { type: 'call_task.opened', task: input.task }, idempotencyKey: input.idempotencyKey });
    return { pushed: true };
  };
}
