import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createLogger } from '../src/logger.js';
import { callTaskQuery } from '../workflows/protocol.js';
import { eventually } from './support/eventually.js';
import { post } from './support/events.js';
import { listenToSdkLog } from './support/quietRuntime.js';
import { startedRun } from './support/runs.js';
import { useStack } from './support/useStack.js';

const { customerId, ...sara } = JSON.parse(readFileSync('sequences/samples/sara.json', 'utf8')) as { customerId: string } & Record<string, string>;
const answer = (parse(readFileSync('sequences/samples/survey-followup.events.yaml', 'utf8')) as { trigger: { data: Record<string, unknown> } }).trigger.data;

/**
 * Everything the API, the worker, its activities and the Temporal SDK log while the shipped survey
 * follow-up runs for the sample customer (LOG_PII unset), with mail caught in the local outbox (whose
 * log line names the message): none of the customer's values may appear.
 */
describe('logs while a whole sequence runs hold no customer data', () => {
  const lines: string[] = [];
  const capture = (line: string): void => void lines.push(line);
  const stopListening = listenToSdkLog(capture);
  const outboxDir = mkdtempSync(join(tmpdir(), 'peygir-outbox-'));
  const t = useStack({ outboxDir, log: createLogger('debug', { destination: { write: capture } }) });
  afterAll(stopListening);

  it('no name, email, phone, subject, message text, call script or comment of the customer is logged', async () => {
    await post(t.stack, { eventId: 'nps-sara', type: 'survey_answered', customerId, customer: sara, data: answer });
    const run = await startedRun(t.stack, `enrollment/survey-followup/${customerId}/nps-sara`);
    expect(await run.result()).toBe('completed');
    const task = await t.stack.env.client.workflow.getHandle(`call-task/${customerId}/survey-followup/nps-sara/1.case1.1`).query(callTaskQuery);
    await eventually(async () => expect(readdirSync(outboxDir)).toHaveLength(1));
    const mail = readFileSync(join(outboxDir, readdirSync(outboxDir)[0] ?? ''), 'utf8');
    const log = lines.join('');
    expect(log).toContain('email caught in the local outbox');
    expect(mail).toContain(sara.email);

    const values = {
      name: sara.name,
      email: sara.email,
      phone: sara.phone,
      'phone, international': sara.phone?.slice(1),
      favourite_product: sara.favourite_product,
      comment: answer.comment,
      subject: 'سارا، متأسفیم',
      'email text': 'از اینکه تجربه خوبی نداشتید متأسفیم',
      script: task.script,
    };
    for (const [what, value] of Object.entries(values)) {
      expect(value, what).toBeTruthy();
      expect(log.includes(String(value)), `${what} in the log`).toBe(false);
    }
  });
});
