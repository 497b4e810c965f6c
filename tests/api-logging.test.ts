import { Client } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import { buildApi } from '../src/api/server.js';
import { SequenceRegistry } from '../src/dsl/registry.js';
import { createLogger } from '../src/logger.js';
import { apiDeps, testLinks } from './support/stack.js';
import { unreachableTemporal } from './support/unreachableTemporal.js';

const customer = { email: 'sara@example.com', phone: '09121234567', name: 'سارا رضایی' };

/** Runs requests (Temporal down, so errors are logged too) and an activity-style log line; returns every JSON line. */
async function logsOf(logPii: boolean): Promise<string> {
  const lines: string[] = [];
  const log = createLogger('debug', { logPii, destination: { write: (line: string) => void lines.push(line) } });
  const connection = unreachableTemporal();
  const api = await buildApi(apiDeps({ client: new Client({ connection }), taskQueue: 'unused', sequences: new SequenceRegistry('sequences'), links: testLinks }), log);
  try {
    await api.inject({
      method: 'POST',
      url: '/v1/events',
      headers: { authorization: 'Bearer some-key', 'x-request-id': 'req-pii-1' },
      payload: { eventId: 'e1', type: 'signup', customerId: 'c-1', customer },
    });
    await api.inject({ method: 'GET', url: `/v1/customers?email=${customer.email}`, headers: { 'x-request-id': 'req-pii-2' } });
    log.info({ to: customer.email, customer, event: { customer } }, 'email caught in the local outbox');
  } finally {
    await api.close();
    await connection.close();
  }
  return lines.join('');
}

describe('logs', () => {
  it('carry request ids and never customer emails, phones or names (nor credentials)', async () => {
    const output = await logsOf(false);
    expect(output).toContain('"reqId":"req-pii-1"');
    expect(output).toContain('Temporal did not accept the event');
    expect(output).toContain('[redacted]');
    // Each request's method, URL (an address in its query scrubbed) and status.
    expect(output).toContain('"req":{"method":"POST","url":"/v1/events"}');
    expect(output).toContain('"res":{"statusCode":503}');
    expect(output).toContain('"url":"/v1/customers?email=[email]"');
    for (const secret of [customer.email, customer.phone, customer.name, 'some-key']) expect(output).not.toContain(secret);
  });

  it('show them with LOG_PII=true (debugging)', async () => {
    const output = await logsOf(true);
    expect(output).toContain(customer.email);
    expect(output).toContain(customer.name);
    expect(output).not.toContain('some-key');
  });
});
