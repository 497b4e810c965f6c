import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';

/** An error with a stable machine-readable code, rendered as `{ error: { code, message, details } }`. */
export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export function errorHandler(error: FastifyError | ApiError, request: FastifyRequest, reply: FastifyReply): void {
  if (error instanceof ApiError) {
    void reply.status(error.statusCode).send({ error: { code: error.code, message: error.message, details: error.details } });
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
      code: statusCode === 500 ? 'internal_error' : (error.code ?? 'bad_request').toLowerCase(),
      message: statusCode === 500 ? 'internal error; see the server log' : error.message,
    },
  });
}
