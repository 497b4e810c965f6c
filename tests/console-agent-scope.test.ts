import { describe, expect, it } from 'vitest';
import type { Step } from '../src/dsl/definition.js';
import { apiSettingsFromConfig } from '../src/api/settings.js';
import { loadConfig } from '../src/config.js';
import { callTaskQuery } from '../workflows/protocol.js';
import { consoleUser, ConsoleVisitor } from './support/consoleClient.js';
import { ROUND_THE_CLOCK, sequence } from './support/definitions.js';
import { eventually } from './support/eventually.js';
import { post } from './support/events.js';
import { useStack } from './support/useStack.js';

const callStep: Step = { kind: 'call_task', id: '1', label: 'call task for agents', assignee: 'agents', priority: 'normal', template: 'script' };
const calls = sequence({
  id: 'calls',
  trigger: { event: 'call_needed' },
  steps: [callStep],
  // Calls open at any hour: the dev server does not skip time.
  sendWindows: { call: ROUND_THE_CLOCK },
  templates: { script: { call_task: { fa: { text: 'با {{ customer.name }} تماس بگیرید.' } } } },
});
const taskOf = (customer: string) => `call-task/${customer}/calls/need-${customer}/1`;
const pageOf = (customer: string) => `/console/call-tasks/${encodeURIComponent(taskOf(customer))}`;

/** Each agent sees the open calls and the calls they claimed, and only the customers those concern (dev server: the queue is a visibility list). */
describe('console: an agent works only open call tasks and their own', { timeout: 120_000 }, () => {
  const t = useStack(async () => ({
    definitions: [calls],
    server: 'dev',
    apiSettings: {
      ...apiSettingsFromConfig(loadConfig({})),
      console: { users: await Promise.all([consoleUser('agent-ali', 'agent'), consoleUser('agent-sara', 'agent'), consoleUser('admin-ava', 'admin')]), loginsPerMinute: 10 },
    },
  }));

  it('a call claimed by one agent leaves the other’s queue, and its page, claim and outcome are refused to the other; an admin sees every call', async () => {
    for (const [customer, name] of [['sc-1', 'Omid'], ['sc-2', 'Leila']] as const) {
      await post(t.stack, { eventId: `need-${customer}`, type: 'call_needed', customerId: customer, customer: { name, phone: '09121234567' } });
    }
    for (const customer of ['sc-1', 'sc-2']) {
      await eventually(async () => expect((await t.stack.env.client.workflow.getHandle(taskOf(customer)).query(callTaskQuery)).status).toBe('open'), 100, 200);
    }
    const [ali, sara, admin] = [new ConsoleVisitor(t.stack.api), new ConsoleVisitor(t.stack.api), new ConsoleVisitor(t.stack.api)];
    await ali.logIn('agent-ali');
    await sara.logIn('agent-sara');
    await admin.logIn('admin-ava');
    expect((await ali.submit(pageOf('sc-1'), `${pageOf('sc-1')}/claim`, {})).statusCode).toBe(303);

    const queue = (visitor: ConsoleVisitor) => visitor.get('/console/call-tasks').then((page) => ['Omid', 'Leila'].filter((name) => page.body.includes(`>${name}</a>`)));
    await eventually(async () => {
      expect(await queue(sara)).toEqual(['Leila']); // Omid's call is Ali's now
      expect(await queue(ali)).toEqual(['Omid', 'Leila']);
      expect(await queue(admin)).toEqual(['Omid', 'Leila']);
    }, 100, 200);

    const refused = await sara.get(`${pageOf('sc-1')}?lang=en`);
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain('claimed by another agent');
    expect(refused.body).not.toContain('Omid'); // nor the customer it concerns
    const token = /name="_csrf" value="([^"]+)"/.exec((await sara.get('/console/call-tasks')).body)?.[1] ?? '';
    expect((await sara.post(`${pageOf('sc-1')}/claim`, { _csrf: token })).statusCode).toBe(403);
    expect((await sara.post(`${pageOf('sc-1')}/complete`, { _csrf: token, outcome: 'reached' })).statusCode).toBe(403);
    expect((await t.stack.env.client.workflow.getHandle(taskOf('sc-1')).query(callTaskQuery))).toMatchObject({ status: 'claimed', claimedBy: 'agent-ali' });
    expect((await sara.get('/console/customers/sc-1')).statusCode).toBe(403);

    expect((await sara.get(pageOf('sc-2'))).statusCode).toBe(200); // open: anyone's
    expect((await ali.get(pageOf('sc-1'))).statusCode).toBe(200);
    expect((await admin.get(pageOf('sc-1'))).statusCode).toBe(200);
  });
});
