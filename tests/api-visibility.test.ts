import { beforeAll, describe, expect, it } from 'vitest';
import type { Step } from '../src/dsl/definition.js';
import { ROUND_THE_CLOCK, send, sequence, wait } from './support/definitions.js';
import { eventually } from './support/eventually.js';
import { post } from './support/events.js';
import { useStack } from './support/useStack.js';

const longWait = sequence({ id: 'long', steps: [wait('1', 30), send('2', 'hello')], templates: { hello: { email: { fa: { subject: 'سلام', text: 'متن' } } } } });
const callStep: Step = { kind: 'call_task', id: '1', label: 'call task', assignee: 'retention', priority: 'normal', template: 'script' };
const calls = sequence({ id: 'calls', trigger: { event: 'call_needed' }, sendWindows: { call: ROUND_THE_CLOCK }, steps: [callStep], templates: { script: { call_task: { fa: { text: 'تماس' } } } } });

interface Listed {
  id: string;
  status: string;
  customerId: string;
  assignee?: string;
}

/** The lists come from Temporal visibility, which the Java test server lacks: these run on the real dev server. */
describe('listing enrollments and call tasks (Temporal visibility, dev server)', () => {
  const t = useStack({ definitions: [longWait, calls], server: 'dev' });
  beforeAll(async () => {
    for (const customerId of ['v-1', 'v-2', 'v-3']) {
      await post(t.stack, { eventId: `p-${customerId}`, type: 'purchase', customerId, customer: { email: `${customerId}@example.com` } });
    }
    await post(t.stack, { eventId: 'need-1', type: 'call_needed', customerId: 'v-1', customer: { name: 'x', phone: '09121234567' } });
  });

  const list = async (url: string) => {
    const response = await t.stack.api.inject({ url });
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  };

  it('filters enrollments by sequence, customer and status, with links', async () => {
    await eventually(async () => expect((await list('/v1/enrollments?sequence=long&status=waiting')).enrollments).toHaveLength(3), 100, 200);
    const { enrollments, temporalUiUrl } = await list('/v1/enrollments?customerId=v-2');
    expect(enrollments).toEqual([
      expect.objectContaining({
        id: 'enrollment/long/v-2/p-v-2',
        sequenceId: 'long',
        version: 'v1',
        customerId: 'v-2',
        status: 'waiting',
        step: '1',
        execution: 'running',
        url: `/v1/enrollments/${encodeURIComponent('enrollment/long/v-2/p-v-2')}`,
      }),
    ]);
    expect(decodeURIComponent(temporalUiUrl)).toContain("PeygirCustomerId = 'v-2'");
    expect((await list('/v1/enrollments?sequence=long&status=completed')).enrollments).toEqual([]);
  });

  it('pages with nextPageToken until the last page', async () => {
    const seen: string[] = [];
    let token: string | undefined;
    do {
      const page = await list(`/v1/enrollments?sequence=long&pageSize=2${token ? `&nextPageToken=${token}` : ''}`);
      seen.push(...page.enrollments.map((enrollment: Listed) => enrollment.id));
      token = page.nextPageToken;
    } while (token);
    expect(seen.sort()).toEqual(['enrollment/long/v-1/p-v-1', 'enrollment/long/v-2/p-v-2', 'enrollment/long/v-3/p-v-3']);
  });

  it('rejects a filter value that could break out of the query, and a made-up page token', async () => {
    const response = await t.stack.api.inject({ url: `/v1/enrollments?customerId=${encodeURIComponent("x' OR '1'='1")}` });
    expect(response.statusCode).toBe(400);
    const token = await t.stack.api.inject({ url: '/v1/enrollments?nextPageToken=bm90LWEtdG9rZW4' });
    expect(token.statusCode, token.body).toBe(400);
    expect(token.json()).toMatchObject({ error: { code: 'invalid_request' } });
  });

  it('lists call tasks with their details, by assignee and status', async () => {
    await eventually(async () => expect((await list('/v1/call-tasks?assignee=retention')).callTasks).toHaveLength(1), 100, 200);
    const [task] = (await list('/v1/call-tasks?assignee=retention&customerId=v-1')).callTasks as Listed[];
    expect(task).toMatchObject({ id: 'call-task/v-1/calls/need-1/1', customerId: 'v-1', assignee: 'retention', status: expect.stringMatching(/^(scheduled|open)$/) });
    expect((await list(`/v1/call-tasks?status=${task?.status}`)).callTasks).toHaveLength(1);
    expect((await list('/v1/call-tasks?assignee=nobody')).callTasks).toEqual([]);
    expect((await list('/v1/call-tasks?status=completed')).callTasks).toEqual([]);
  });
});
