import { Context } from '@temporalio/activity';
import type { Mailer } from '../../activities/channels/email/mailer.js';
import type { KavenegarClient, KavenegarMessage } from '../../activities/channels/kavenegar/client.js';
import type { PostWebhookInput } from '../../activities/channels/webhook/postWebhook.js';
import { renderBody } from '../../activities/channels/webhook/renderBody.js';

/** One message the workers handed to a channel during a preview, instead of sending it. */
export interface RecordedMessage {
  /** The enrollment (or call task) workflow that sent it. */
  workflowId: string;
  channel: 'email' | 'sms' | 'call' | 'webhook';
  to: string;
  subject?: string;
  text: string;
  html?: string;
  /** Webhooks: the URL and the JSON body as it would be posted. */
  url?: string;
  body?: unknown;
}

/** Kavenegar's status code for a delivered message. */
const DELIVERED = 10;

/**
 * The preview's channels: a Mailer, a Kavenegar client and a webhook poster that keep what the
 * activities give them, in order, with the workflow that sent it (activities run them in its context).
 * Every SMS is reported delivered, every webhook answered 200.
 */
export function createRecorders() {
  const messages: RecordedMessage[] = [];
  const sender = (): string => Context.current().info.workflowExecution?.workflowId ?? '';
  let nextMessageId = 1;
  const accepted = (receptor: string, message: string): KavenegarMessage[] => [
    { messageid: nextMessageId++, message, status: 1, statustext: 'queued', sender: 'preview', receptor, date: 0, cost: 0 },
  ];

  const mailer: Mailer = {
    async send(mail) {
      messages.push({
        workflowId: sender(),
        channel: 'email',
        to: String(mail.to),
        subject: String(mail.subject ?? ''),
        text: String(mail.text ?? ''),
        ...(typeof mail.html === 'string' ? { html: mail.html } : {}),
      });
      return { accepted: [String(mail.to)] };
    },
    close() {},
  };

  const sms: KavenegarClient = {
    async sendSms({ receptor, message }) {
      messages.push({ workflowId: sender(), channel: 'sms', to: receptor, text: message });
      return accepted(receptor, message);
    },
    async makeTtsCall({ receptor, message }) {
      messages.push({ workflowId: sender(), channel: 'call', to: receptor, text: message });
      return accepted(receptor, message);
    },
    async verifyLookup({ receptor, token }) {
      return accepted(receptor, token);
    },
    async status(messageIds) {
      return messageIds.map((id) => ({ messageid: Number(id), status: DELIVERED, statustext: 'delivered' }));
    },
    async statusByLocalId(localIds) {
      return localIds.map((localid) => ({ localid, messageid: 0, status: 100, statustext: 'unknown' }));
    },
  };

  async function postWebhook(input: PostWebhookInput): Promise<{ status: number }> {
    // Rendered as the real poster renders it: a body that cannot render fails the step the same way.
    const body = input.context ? await renderBody(input.body, input.context) : input.body;
    messages.push({ workflowId: sender(), channel: 'webhook', to: input.url, url: input.url, body, text: JSON.stringify(body) });
    return { status: 200 };
  }

  return { messages, mailer, sms, postWebhook };
}

export type Recorders = ReturnType<typeof createRecorders>;
