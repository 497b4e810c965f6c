import { describe, expect, it } from 'vitest';
import { apiSettingsFromConfig } from '../src/api/settings.js';
import { loadConfig } from '../src/config.js';
import { stateQuery } from '../workflows/protocol.js';
import { consoleUser, ConsoleVisitor } from './support/consoleClient.js';
import { send, sequence, emailTemplate, wait } from './support/definitions.js';
import { eventually } from './support/eventually.js';
import { post } from './support/events.js';
import { useStack } from './support/useStack.js';

const waits = sequence({ id: 'waits', trigger: { event: 'signed_up' }, steps: [wait('1', 7), send('2', 'hello')], templates: { hello: emailTemplate('hello') } });
const page = '/console/customers/op-1';

/** Ops on a customer's page (dev server: the runs come from Temporal visibility): the runs with their links and controls, the export. */
describe('console for ops: a customer’s runs, their controls, the export', { timeout: 120_000 }, () => {
  const t = useStack(async () => ({
    definitions: [waits],
    server: 'dev',
    apiSettings: { ...apiSettingsFromConfig(loadConfig({})), console: { users: [await consoleUser('admin-ava', 'admin'), await consoleUser('agent-ali', 'agent')], loginsPerMinute: 10 } },
  }));

  it('lists the runs with their Temporal UI links; skip wait moves one on, cancel ends the other; each post needs its token and the admin role', async () => {
    await post(t.stack, { eventId: 's-1', type: 'signed_up', customerId: 'op-1', customer: { name: 'Nima', email: 'nima@example.com' } });
    await post(t.stack, { eventId: 's-2', type: 'signed_up', customerId: 'op-1' });
    const [first, second] = ['enrollment/waits/op-1/s-1', 'enrollment/waits/op-1/s-2'].map((id) => t.stack.env.client.workflow.getHandle(id));
    const admin = new ConsoleVisitor(t.stack.api);
    await admin.logIn('admin-ava');
    await eventually(async () => {
      const listed = await admin.get(`${page}?lang=en`);
      expect(listed.body).toContain('enrollment/waits/op-1/s-1');
      expect(listed.body).toContain('enrollment/waits/op-1/s-2');
      expect(listed.body).toContain('Waiting · Step <span dir="ltr">1</span>');
    }, 100, 200);
    const listed = await admin.get(`${page}?lang=en`);
    expect(listed.body).toContain(`/workflows/${encodeURIComponent('enrollment/waits/op-1/s-1')}">in the Temporal UI</a>`);
    expect(listed.body).toContain('<button name="action" value="skip-wait">End the wait, go on</button>');
    expect(listed.body).toContain('<button name="action" value="retry-step">');

    const skipped = await admin.submit(page, `${page}/runs`, { run: first?.workflowId ?? '', action: 'skip-wait' });
    expect(skipped.statusCode).toBe(303);
    expect(skipped.headers.location).toBe(`${page}?done=skip-wait`);
    expect(await first?.result()).toBe('completed');
    await t.smtp.waitForMessages(1);
    expect(t.smtp.messages.map((mail) => mail.subject)).toEqual(['hello Nima']);

    const cancelled = await admin.submit(page, `${page}/runs`, { run: second?.workflowId ?? '', action: 'cancel' });
    expect(cancelled.statusCode).toBe(303);
    await second?.result();
    expect((await second?.query(stateQuery))?.exitReason).toContain('from the console by admin-ava');
    const ended = await admin.submit(page, `${page}/runs`, { run: second?.workflowId ?? '', action: 'skip-wait' });
    expect(ended.statusCode).toBe(409); // as POST /v1/enrollments/:id/skip-wait answers for a run that ended
    expect((await admin.submit(page, `${page}/runs`, { run: second?.workflowId ?? '', action: 'terminate' })).statusCode).toBe(422);
    expect((await admin.post(`${page}/runs`, { run: second?.workflowId ?? '', action: 'cancel' })).statusCode).toBe(403); // no CSRF token

    const agent = new ConsoleVisitor(t.stack.api);
    await agent.logIn('agent-ali');
    expect((await agent.submit('/console/call-tasks', `${page}/runs`, { run: first?.workflowId ?? '', action: 'retry-step' })).statusCode).toBe(403);
    expect((await agent.get(`${page}/export`)).statusCode).toBe(403);
  });

  it('downloads everything held about the customer as a JSON file, the same as GET /v1/customers/:id/export', async () => {
    const admin = new ConsoleVisitor(t.stack.api);
    await admin.logIn('admin-ava');
    expect((await admin.get(page)).body).toContain(`<a href="${page}/export" download>`);
    const file = await admin.get(`${page}/export`);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toContain('application/json');
    expect(file.headers['content-disposition']).toBe('attachment; filename="peygir-customer-op-1.json"');
    const exported = file.json<{ customerId: string; profile: Record<string, { value: unknown }>; temporal: { listed: boolean; enrollments: unknown[] } }>();
    expect(exported).toMatchObject({ customerId: 'op-1', profile: { email: { value: 'nima@example.com' } }, temporal: { listed: true } });
    expect(exported.temporal.enrollments).toHaveLength(2);
    expect((await admin.get('/console/customers/nobody/export')).statusCode).toBe(404);
  });
});
