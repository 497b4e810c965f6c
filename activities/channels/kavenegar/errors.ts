/**
 * What the caller should do about a failed Kavenegar call:
 * - `retry`: transient (network, provider hiccup, rate limit); try again later.
 * - `pause`: the account or configuration needs a human (no credit, bad API key, IP not allowed);
 *   retrying will not help until someone fixes it, so stop sending and alert.
 * - `permanent`: this request can never succeed (bad number, missing template, …); do not retry.
 */
export type KavenegarErrorKind = 'retry' | 'pause' | 'permanent';

/** A Kavenegar `return.status`, or what went wrong before one could be read. */
export type KavenegarErrorCode = number | 'timeout' | 'network' | 'bad_response';

interface StatusRule {
  kind: KavenegarErrorKind;
  message: string;
  retryAfterMs?: number;
}

/** Suggested wait after a 451 (too many requests) when the response carries no Retry-After. */
export const RATE_LIMIT_DELAY_MS = 30_000;

/** Every documented `return.status` other than 200 (translated from Kavenegar's Persian docs). */
const STATUS_RULES: Readonly<Record<number, StatusRule>> = {
  400: { kind: 'permanent', message: 'parameters are incomplete or invalid' },
  401: { kind: 'pause', message: 'the Kavenegar account is disabled' },
  402: { kind: 'retry', message: 'the operation failed at Kavenegar' },
  403: { kind: 'pause', message: 'the API key is not valid; check the Kavenegar configuration' },
  404: { kind: 'permanent', message: 'no such API method' },
  405: { kind: 'permanent', message: 'wrong HTTP method for this API method' },
  406: { kind: 'permanent', message: 'a required parameter is empty' },
  407: { kind: 'pause', message: 'this account may not access this information (or this IP is not allowed)' },
  409: { kind: 'retry', message: 'the Kavenegar server cannot answer right now' },
  411: { kind: 'permanent', message: 'the receptor (recipient number) is not valid' },
  412: { kind: 'permanent', message: 'the sender line is not valid' },
  413: { kind: 'permanent', message: 'the message is empty or too long' },
  414: { kind: 'permanent', message: 'too many receptors in one request' },
  415: { kind: 'permanent', message: 'index out of range' },
  416: { kind: 'pause', message: 'the calling IP does not match the IPs allowed in the Kavenegar panel' },
  417: { kind: 'permanent', message: 'the send date is not valid' },
  418: { kind: 'pause', message: 'the Kavenegar account has insufficient credit' },
  419: { kind: 'permanent', message: 'receptor and message arrays differ in length' },
  422: { kind: 'permanent', message: 'the data contains invalid characters' },
  424: { kind: 'permanent', message: 'the verify template was not found' },
  426: { kind: 'pause', message: 'this method requires a premium Kavenegar account' },
  427: { kind: 'permanent', message: 'this line may only send to its allowed receptors' },
  428: {
    kind: 'permanent',
    message: 'a template token is too long or invalid, or this template cannot be sent as a call',
  },
  431: { kind: 'permanent', message: 'the code structure is not valid' },
  432: { kind: 'permanent', message: 'the code parameter was not found in the message' },
  451: { kind: 'retry', message: 'too many requests (rate limited)', retryAfterMs: RATE_LIMIT_DELAY_MS },
  501: { kind: 'permanent', message: 'test accounts may only send to the account owner' },
};

/** How to react to a Kavenegar `return.status`; unknown codes are retried. */
export function classifyKavenegarStatus(code: number): StatusRule {
  return STATUS_RULES[code] ?? { kind: 'retry', message: `unknown Kavenegar status ${code}; retrying` };
}

export interface KavenegarErrorDetails {
  code: KavenegarErrorCode;
  kind: KavenegarErrorKind;
  /** HTTP status of the response; undefined when none arrived (timeout, network error). */
  httpStatus: number | undefined;
  retryAfterMs?: number;
}

/** A failed Kavenegar call, classified so an activity can map `kind` to Temporal retry behaviour. */
export class KavenegarError extends Error {
  override readonly name = 'KavenegarError';
  readonly code: KavenegarErrorCode;
  readonly kind: KavenegarErrorKind;
  readonly httpStatus: number | undefined;
  readonly retryAfterMs: number | undefined;

  constructor(message: string, details: KavenegarErrorDetails, options?: { cause?: unknown }) {
    super(message, options);
    this.code = details.code;
    this.kind = details.kind;
    this.httpStatus = details.httpStatus;
    this.retryAfterMs = details.retryAfterMs;
  }
}

/** Where a sent message stands, reduced to what a follow-up sequence branches on. */
export type DeliveryOutcome = 'pending' | 'delivered' | 'failed';

/**
 * Kavenegar per-message status (sms/status, sms/statuslocalmessageid) → outcome.
 * 1 queued, 2 scheduled, 4/5 at the telecom → pending; 10 delivered;
 * 6 failed, 11 undelivered, 13 cancelled, 14 blocked by the recipient, 100 unknown id → failed.
 * Unlisted statuses count as pending so a poller keeps asking until its own deadline.
 */
export function deliveryOutcome(status: number): DeliveryOutcome {
  switch (status) {
    case 10:
      return 'delivered';
    case 6:
    case 11:
    case 13:
    case 14:
    case 100:
      return 'failed';
    default:
      return 'pending';
  }
}
