import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { buildApi } from '../src/api/server.js';
import { apiDeps, silentLog, testLinks } from './support/stack.js';
import { useStack } from './support/useStack.js';

/** A request whose body is still arriving when shutdown starts, answered once it is complete. */
function slowPost(port: number, body: string): { finish(): void; answer: Promise<{ status: number; body: string }> } {
  const half = Math.floor(body.length / 2);
  const outgoing = request({ port, host: '127.0.0.1', method: 'POST', path: '/v1/events', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } });
  const answer = new Promise<{ status: number; body: string }>((done, fail) => {
    outgoing.once('response', (response) => {
      let text = '';
      response.on('data', (chunk: Buffer) => (text += chunk.toString()));
      response.once('end', () => done({ status: response.statusCode ?? 0, body: text }));
    });
    outgoing.once('error', fail);
  });
  outgoing.write(body.slice(0, half));
  return { finish: () => outgoing.end(body.slice(half)), answer };
}

describe('graceful shutdown: the API drains requests in flight (SIGTERM closes it first)', () => {
  const t = useStack({ definitions: [] });

  it('a request in flight when close() starts is still accepted; new connections are refused', async () => {
    const api = await buildApi(apiDeps({ client: t.stack.env.client, taskQueue: t.stack.taskQueue, sequences: t.stack.sequences, links: testLinks }), silentLog);
    await api.listen({ port: 0, host: '127.0.0.1' });
    const { port } = api.server.address() as AddressInfo;
    const inFlight = slowPost(port, JSON.stringify({ eventId: 'drain-1', type: 'purchase', customerId: 'drain-customer' }));
    await new Promise((done) => setTimeout(done, 100)); // the server has the headers and half the body

    const closed = api.close();
    await new Promise((done) => setTimeout(done, 100));
    inFlight.finish();
    const answer = await inFlight.answer;
    expect(answer.status, answer.body).toBe(202);
    expect(JSON.parse(answer.body)).toMatchObject({ eventId: 'drain-1' });
    await closed;

    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
    const contact = await t.stack.env.client.workflow.getHandle('contact/drain-customer').describe();
    expect(contact.status.name).toBe('RUNNING'); // the drained event reached Temporal
  });
});
