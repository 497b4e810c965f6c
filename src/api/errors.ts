import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';

/** An error with a stable machine-readable code, rendered as `{ error: { code, message, details } }`. */
export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    /** Extra response headers, e.g. Retry-After on a 503. */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** Seconds a client should wait before retrying when Temporal (or the customer store) is unreachable. */
export const TEMPORAL_RETRY_AFTER_SECONDS = 5;

export const temporalUnavailable = (message: string): ApiError =>
  new ApiError(503, 'temporal_unavailable', message, undefined, { 'retry-after': String(TEMPORAL_RETRY_AFTER_SECONDS) });

export const storeUnavailable = (message: string): ApiError =>
  new ApiError(503, 'store_unavailable', message, undefined, { 'retry-after': String(TEMPORAL_RETRY_AFTER_SECONDS) });

/** Codes for errors Fastify itself raises (bad JSON, body too large, wrong content type …), by status. */
const CODE_BY_STATUS: Record<number, string> = {
  400: 'invalid_request',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  422: 'unprocessable',
  429: 'rate_limited',
};

/** The one error handler: every error leaves as `{ error: { code, message, details } }`. */
export function errorHandler(error: FastifyError | ApiError, request: FastifyRequest, reply: FastifyReply): void {
  if (error instanceof ApiError) {
    void reply
      .status(error.statusCode)
      .headers(error.headers)
      .send({ error: { code: error.code, message: error.message, details: error.details } });
    return;
  }
  if (error.validation) {
    void reply.status(400).send({
      error: { code: 'invalid_request', message: error.message, details: error.validation },
    });
    return;
  }
  const statusCode = error.statusCode && error.statusCode < 500 ? error.statusCode : 500;
  if (statusCode === 500) request.log.error({ err: error }, 'request failed');
  void reply.status(statusCode).send({
    error: {
      code: CODE_BY_STATUS[statusCode] ?? (statusCode === 500 ? 'internal_error' : 'bad_request'),
      message: statusCode === 500 ? 'internal error; see the server log' : error.message,
      details: error.code ? { reason: error.code } : undefined,
    },
  });
}

/** Unknown routes answer in the same shape. */
export function notFoundHandler(request: FastifyRequest, reply: FastifyReply): void {
  void reply.status(404).send({ error: { code: 'not_found', message: `no route ${request.method} ${request.url.split('?')[0]}` } });
}
