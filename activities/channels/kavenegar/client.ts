import { z } from 'zod';
import { parseRetryAfter } from '../retryAfter.js';
import { classifyKavenegarStatus, KavenegarError } from './errors.js';
import type { KavenegarErrorDetails } from './errors.js';

/**
 * Typed client for the Kavenegar REST API (https://kavenegar.com/rest.html) over global fetch:
 * HTTPS by default, configurable base URL, a timeout on every call, and responses checked with zod.
 * Every failure is thrown as a classified KavenegarError.
 */
export interface KavenegarClientOptions {
  apiKey: string;
  /** Defaults to https://api.kavenegar.com/v1 */
  baseUrl?: string;
  /** Per call, covering connect, headers and body; defaults to 10 s. */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export interface SendSmsInput {
  /** Recipient, e.g. `09121234567` (see normalizeIranianMobile). */
  receptor: string;
  message: string;
  /** Sender line; the account's default line when omitted. */
  sender?: string;
  /** Our own id for this message; lets statusByLocalId find it after an ambiguous failure. */
  localId?: string;
  /** Schedule the send for later. */
  date?: Date;
}

export interface VerifyLookupInput {
  receptor: string;
  /** Template name as defined in the Kavenegar panel. */
  template: string;
  token: string;
  token2?: string;
  token3?: string;
  /** Deliver as a text (default) or as a voice call. */
  type?: 'sms' | 'call';
}

export interface MakeTtsCallInput {
  receptor: string;
  /** Text read out to the recipient. */
  message: string;
  localId?: string;
}

const messageSchema = z.object({
  messageid: z.number(),
  message: z.string(),
  status: z.number(),
  statustext: z.string(),
  sender: z.string(),
  receptor: z.string(),
  /** Unix time in seconds. */
  date: z.number(),
  /** In rials. */
  cost: z.number(),
});

const statusSchema = z.object({
  messageid: z.number(),
  status: z.number(),
  statustext: z.string(),
});

const localStatusSchema = statusSchema.extend({
  localid: z.union([z.string(), z.number()]).transform(String),
});

/** One message as Kavenegar reports it after send, lookup or maketts. */
export type KavenegarMessage = z.infer<typeof messageSchema>;
/** Delivery status of one message; see deliveryOutcome() in errors.ts. */
export type KavenegarMessageStatus = z.infer<typeof statusSchema>;
export type KavenegarLocalMessageStatus = z.infer<typeof localStatusSchema>;

const envelopeSchema = z.object({
  return: z.object({ status: z.number(), message: z.string() }),
  entries: z.unknown().optional(),
});

export interface KavenegarClient {
  sendSms(input: SendSmsInput): Promise<KavenegarMessage[]>;
  verifyLookup(input: VerifyLookupInput): Promise<KavenegarMessage[]>;
  makeTtsCall(input: MakeTtsCallInput): Promise<KavenegarMessage[]>;
  status(messageIds: readonly (string | number)[]): Promise<KavenegarMessageStatus[]>;
  statusByLocalId(localIds: readonly string[]): Promise<KavenegarLocalMessageStatus[]>;
}

type FormFields = Record<string, string | undefined>;

export function createKavenegarClient(options: KavenegarClientOptions): KavenegarClient {
  const { apiKey, baseUrl = 'https://api.kavenegar.com/v1', timeoutMs = 10_000 } = options;
  const doFetch = options.fetch ?? fetch;
  const root = baseUrl.replace(/\/+$/, '');

  async function call<T>(method: string, fields: FormFields, entrySchema: z.ZodType<T>): Promise<T[]> {
    const body = new URLSearchParams();
    for (const [name, value] of Object.entries(fields)) if (value !== undefined) body.set(name, value);

    const signal = AbortSignal.timeout(timeoutMs);
    let response: Response;
    let text: string;
    try {
      response = await doFetch(`${root}/${encodeURIComponent(apiKey)}/${method}.json`, {
        method: 'POST',
        headers: { accept: 'application/json' },
        body,
        signal,
      });
      text = await response.text();
    } catch (cause) {
      // Messages name the method only: the URL carries the API key.
      if (signal.aborted) {
        throw new KavenegarError(
          `Kavenegar ${method}: no answer within ${timeoutMs} ms`,
          { code: 'timeout', kind: 'retry', httpStatus: undefined },
          { cause },
        );
      }
      throw new KavenegarError(
        `Kavenegar ${method}: network error (${describeNetworkError(cause)})`,
        { code: 'network', kind: 'retry', httpStatus: undefined },
        { cause },
      );
    }
    return readEntries(method, response, text, entrySchema);
  }

  return {
    sendSms: ({ receptor, message, sender, localId, date }) =>
      call(
        'sms/send',
        { receptor, message, sender, localid: localId, date: date && String(Math.floor(date.getTime() / 1000)) },
        messageSchema,
      ),
    verifyLookup: ({ receptor, template, token, token2, token3, type }) =>
      call('verify/lookup', { receptor, template, token, token2, token3, type }, messageSchema),
    makeTtsCall: ({ receptor, message, localId }) =>
      call('call/maketts', { receptor, message, localid: localId }, messageSchema),
    status: (messageIds) => call('sms/status', { messageid: messageIds.join(',') }, statusSchema),
    statusByLocalId: (localIds) =>
      call('sms/statuslocalmessageid', { localid: localIds.join(',') }, localStatusSchema),
  };
}

const BAD_RESPONSE = { code: 'bad_response', kind: 'retry' } as const;

/** Turns a Kavenegar HTTP answer into entries, or throws a classified KavenegarError. */
function readEntries<T>(method: string, response: Response, text: string, entrySchema: z.ZodType<T>): T[] {
  const httpStatus = response.status;
  const fail = (message: string, details: Omit<KavenegarErrorDetails, 'httpStatus'>): KavenegarError =>
    new KavenegarError(`Kavenegar ${method}: ${message}`, { ...details, httpStatus });

  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    const contentType = response.headers.get('content-type') ?? 'no content type';
    throw fail(`HTTP ${httpStatus} with a non-JSON body (${contentType})`, BAD_RESPONSE);
  }

  const envelope = envelopeSchema.safeParse(json);
  if (!envelope.success) {
    const problem = z.prettifyError(envelope.error);
    throw fail(`HTTP ${httpStatus} with an unexpected response shape: ${problem}`, BAD_RESPONSE);
  }

  const { status, message } = envelope.data.return;
  if (status !== 200) {
    const { kind, message: meaning, retryAfterMs } = classifyKavenegarStatus(status);
    throw fail(`status ${status}: ${meaning} (Kavenegar says: ${message})`, {
      code: status,
      kind,
      retryAfterMs: retryAfterMs === undefined ? undefined : (parseRetryAfter(response.headers.get('retry-after')) ?? retryAfterMs),
    });
  }
  if (!response.ok) throw fail(`HTTP ${httpStatus} although the body says status 200`, BAD_RESPONSE);

  const entries = z.array(entrySchema).safeParse(envelope.data.entries);
  if (!entries.success) {
    throw fail(`unexpected entries in the response: ${z.prettifyError(entries.error)}`, BAD_RESPONSE);
  }
  return entries.data;
}

/** fetch() rejects with a bare "fetch failed"; the useful part (ECONNREFUSED, ENOTFOUND…) is its cause. */
function describeNetworkError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return error.cause instanceof Error ? `${error.message}: ${error.cause.message}` : error.message;
}
