import { createServer } from 'node:http';
import type { IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The API key the fake accepts; any other gets Kavenegar's 403. */
export const API_KEY = 'test-key-0123';

export interface RecordedRequest {
  httpMethod: string;
  apiMethod: string;
  contentType: string;
  form: Form;
}

/** How the fake answers one request; `hang` never answers. */
export type Reply = { status: number; body: string; headers?: Record<string, string> } | 'hang';
export type Form = Record<string, string>;

/** Kavenegar answers errors with an HTTP status equal to `return.status`. */
export function kavenegarReply(status: number, message: string, entries: unknown, headers: Form = {}): Reply {
  return {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    body: JSON.stringify({ return: { status, message }, entries }),
  };
}

export const ok = (entries: unknown[]): Reply => kavenegarReply(200, 'تایید شد', entries);
const listOf = (commaJoined: string | undefined): string[] => (commaJoined ?? '').split(',');

export interface FakeKavenegarOptions {
  /**
   * Like Kavenegar: a send with a localid it already has is not sent again; the answer repeats the
   * first message (same messageid). Off by default: every send then counts as a new message.
   */
  uniqueLocalIds?: boolean;
}

/**
 * A small stand-in for api.kavenegar.com: checks `/v1/<key>/<method>.json`, records form bodies,
 * remembers sent messages by localid, and answers like Kavenegar unless a test sets `override`
 * (every request) or `intercept` (request by request, e.g. a fault plan).
 */
export function fakeKavenegar(options: FakeKavenegarOptions = {}) {
  const requests: RecordedRequest[] = [];
  const sentByLocalId = new Map<string, number>();
  let nextMessageId = 8_792_343;
  let override: Reply | undefined;
  let intercept: ((apiMethod: string, form: Form) => Reply | undefined) | undefined;
  /** Runs after a message is accepted and before the answer goes out (a test crashes the worker here). */
  let afterAccept: ((form: Form, messageId: number) => Promise<void>) | undefined;

  const sent = (form: Form, message: string): Reply => {
    const known = form.localid ? sentByLocalId.get(form.localid) : undefined;
    const messageid = options.uniqueLocalIds && known !== undefined ? known : nextMessageId++;
    if (form.localid) sentByLocalId.set(form.localid, messageid);
    const { sender = '10004346', receptor } = form;
    const statustext = 'در صف ارسال';
    return ok([{ messageid, message, status: 1, statustext, sender, receptor, date: 1_700_000_000, cost: 1120 }]);
  };

  const answer = (apiKey: string, apiMethod: string, form: Form): Reply => {
    if (override) return override;
    const intercepted = intercept?.(apiMethod, form);
    if (intercepted) return intercepted;
    if (apiKey !== API_KEY) return kavenegarReply(403, 'کد شناسائی API-Key معتبر نمی‌باشد', null);
    switch (apiMethod) {
      case 'sms/send':
      case 'call/maketts':
        return sent(form, form.message ?? '');
      case 'verify/lookup':
        return sent(form, `کد تایید شما: ${form.token ?? ''}`);
      case 'sms/status':
        return ok(
          listOf(form.messageid).map((id) => ({ messageid: Number(id), status: 10, statustext: 'رسیده به گیرنده' })),
        );
      case 'sms/statuslocalmessageid':
        return ok(
          listOf(form.localid).map((localid) => {
            const messageid = sentByLocalId.get(localid);
            return messageid === undefined
              ? { messageid: 0, localid, status: 100, statustext: 'شناسه نامعتبر' }
              : { messageid, localid, status: 4, statustext: 'ارسال به مخابرات' };
          }),
        );
      default:
        return kavenegarReply(404, 'متد ناشناخته', null);
    }
  };

  const server: Server = createServer((req, res) => {
    void readBody(req).then((raw) => {
      const path = /^\/v1\/([^/]+)\/(.+)\.json$/.exec(req.url ?? '');
      const apiMethod = path?.[2] ?? '';
      const form: Form = Object.fromEntries(new URLSearchParams(raw));
      requests.push({ httpMethod: req.method ?? '', apiMethod, contentType: req.headers['content-type'] ?? '', form });
      const reply = path
        ? answer(decodeURIComponent(path[1] ?? ''), apiMethod, form)
        : kavenegarReply(404, 'not found', null);
      const accepted = ['sms/send', 'call/maketts'].includes(apiMethod) && reply !== 'hang' && reply.status === 200;
      const messageId = accepted ? acceptedMessageId(reply) : 0;
      const hook = accepted && afterAccept ? afterAccept(form, messageId) : Promise.resolve();
      void hook.then(() => {
        if (reply !== 'hang' && !res.destroyed) res.writeHead(reply.status, reply.headers).end(reply.body);
      });
    });
  });

  return {
    requests,
    set override(reply: Reply | undefined) {
      override = reply;
    },
    set intercept(hook: ((apiMethod: string, form: Form) => Reply | undefined) | undefined) {
      intercept = hook;
    },
    /** Runs for each accepted send or call with Kavenegar's messageid, before the answer goes out. */
    set afterAccept(hook: ((form: Form, messageId: number) => Promise<void>) | undefined) {
      afterAccept = hook;
    },
    async start(): Promise<string> {
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
    },
    async stop(): Promise<void> {
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}

/** The messageid of the (single) message in an accepted send's answer. */
function acceptedMessageId(reply: { body: string }): number {
  const parsed = JSON.parse(reply.body) as { entries?: { messageid?: number }[] };
  return parsed.entries?.[0]?.messageid ?? 0;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

