import { ApplicationFailure } from '@temporalio/activity';
import { isHttpUrl } from '../../../src/security/links.js';
import { hmacHex } from '../../../src/security/signing.js';
import { retryLater } from '../failures.js';
import { parseRetryAfter } from '../retryAfter.js';
import { renderBody } from './renderBody.js';

export interface PostWebhookInput {
  url: string;
  /** Sent as JSON. */
  body: unknown;
  /** When given, every string in `body` is a Liquid template rendered with it (webhook steps). */
  context?: Record<string, unknown>;
  /** Whose, for a webhook step: `context.customer` is then the customer as the store knows them (createActivities). */
  customerId?: string;
  /** The same for every attempt of one delivery (e.g. enrollment workflow ID + step ID), so receivers can drop repeats. */
  idempotencyKey: string;
}

export interface PostWebhookDeps {
  /** Signs every request (PEYGIR_SECRET); receivers verify with the same secret. */
  secret: string;
  /** Per attempt, covering connect, headers and body; defaults to 10 s. */
  timeoutMs?: number;
}

/** Answers worth retrying besides 5xx: request timeout and rate limiting. */
const RETRYABLE_STATUSES = new Set([408, 429]);

/**
 * `X-Peygir-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`. A receiver recomputes
 * the HMAC over the raw body with the shared secret, compares in constant time and rejects old `t`.
 */
export function signatureHeader(secret: string, body: string, now: Date): string {
  const timestamp = Math.floor(now.getTime() / 1000);
  return `t=${timestamp},v1=${hmacHex(secret, `${timestamp}.${body}`)}`;
}

/**
 * POSTs a signed JSON webhook (webhook steps, call tasks pushed to a CRM). 2xx → done;
 * 408/429/5xx, timeouts and network errors → retry (after Retry-After when given) as `WebhookUnavailable`;
 * any other answer (4xx, a redirect) or a non-http(s) URL → `WebhookRejected`, final, with the status and
 * the start of the body; a body template that does not render → `TemplateError`, final.
 */
export function createPostWebhook(deps: PostWebhookDeps) {
  const timeoutMs = deps.timeoutMs ?? 10_000;
  return async function postWebhook(input: PostWebhookInput): Promise<{ status: number }> {
    if (!isHttpUrl(input.url)) {
      throw ApplicationFailure.nonRetryable(`webhook URL ${JSON.stringify(input.url)} is not http(s)`, 'WebhookRejected');
    }
    const body = JSON.stringify(input.context ? await renderBody(input.body, input.context) : input.body);
    let response: Response;
    let answer: string;
    try {
      response = await fetch(input.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'user-agent': 'Peygir-Webhook/1',
          'idempotency-key': input.idempotencyKey,
          'x-peygir-signature': signatureHeader(deps.secret, body, new Date()),
        },
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
      });
      answer = await response.text();
    } catch (error) {
      const reason = error instanceof Error && error.cause instanceof Error ? error.cause.message : String(error);
      throw retryLater(`webhook ${input.url} did not answer: ${reason}`, 'WebhookUnavailable', { cause: error });
    }
    const { status } = response;
    if (status >= 200 && status < 300) return { status };
    const excerpt = answer.slice(0, 500);
    if (status >= 500 || RETRYABLE_STATUSES.has(status)) {
      throw retryLater(`webhook ${input.url} answered ${status}`, 'WebhookUnavailable', {
        delayMs: parseRetryAfter(response.headers.get('retry-after')),
        details: [{ status, body: excerpt }],
      });
    }
    throw ApplicationFailure.create({
      message: `webhook ${input.url} refused the delivery with HTTP ${status}`,
      type: 'WebhookRejected',
      nonRetryable: true,
      details: [{ status, body: excerpt }],
    });
  };
}
