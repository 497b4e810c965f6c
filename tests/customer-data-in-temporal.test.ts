import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stateQuery } from '../workflows/index.js';
import { post } from './support/events.js';
import { sleepingRun } from './support/runs.js';
import { startSmtpServer, type LocalSmtpServer } from './support/smtpServer.js';
import { startTestStack, type TestStack } from './support/stack.js';

const { customerId, ...sara } = JSON.parse(readFileSync('sequences/samples/sara.json', 'utf8')) as { customerId: string; name: string; email: string; phone: string };

/** Every way a string may sit in the file: UTF-8 (JSON, protobuf), UTF-16, and JSON's \u escapes. */
function encodings(value: string): Buffer[] {
  const escaped = [...value].map((char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`).join('');
  return [Buffer.from(value, 'utf8'), Buffer.from(value, 'utf16le'), Buffer.from(escaped), Buffer.from(escaped.toUpperCase())];
}

/**
 * The real Temporal dev server keeping its SQLite database in a file, the shipped welcome sequence run to
 * its end for the sample customer Sara (the week's wait skipped as ops would, through the API), then the
 * bytes of the database (and its write-ahead log) searched for her name, email and phone.
 */
describe('customer data in Temporal', () => {
  const dbDir = mkdtempSync(join(tmpdir(), 'peygir-temporal-db-'));
  let smtp: LocalSmtpServer;
  let stack: TestStack;
  let closing: Promise<void> | undefined;
  const closeStack = (): Promise<void> => (closing ??= stack.close());
  beforeAll(async () => {
    smtp = await startSmtpServer();
    stack = await startTestStack({ smtpUrl: smtp.url, server: 'dev', dbFilename: join(dbDir, 'temporal.db') });
  }, 120_000);
  afterAll(async () => {
    if (stack) await closeStack();
    await smtp?.close();
  });

  it('after a whole shipped sequence, the Temporal database holds none of the customer’s name, email or phone', async () => {
    await post(stack, { eventId: 'order-42', type: 'purchase', customerId, customer: sara, data: { product: 'کتاب فارسی' } });
    const run = await sleepingRun(stack, `enrollment/welcome/${customerId}/order-42`);
    const skip = await stack.api.inject({ method: 'POST', url: `/v1/enrollments/${encodeURIComponent(run.workflowId)}/skip-wait` });
    expect(skip.statusCode).toBe(202);
    expect(await run.result()).toBe('completed');
    expect((await run.query(stateQuery)).status).toBe('completed');
    expect(smtp.messages.map((mail) => mail.subject)).toEqual([`${sara.name} عزیز، به خانواده ما خوش آمدید`, `راهنمای شروع، ${sara.name}`]);
    // The summary the Temporal UI shows is a payload too: encrypted, and in clear through the codec.
    expect(await (await run.describe()).staticSummary()).toBe(`Welcome after purchase — ${sara.name}`);

    await closeStack(); // the server closes its database: everything is in the file
    const files = readdirSync(dbDir).filter((name) => name.startsWith('temporal.db'));
    const stored = Buffer.concat(files.map((name) => readFileSync(join(dbDir, name))));
    expect(stored.includes(Buffer.from(`enrollment/welcome/${customerId}/order-42`)), 'the runs are in this file').toBe(true);
    for (const value of [sara.name, sara.email, sara.phone, sara.phone.slice(1)]) {
      for (const bytes of encodings(value)) expect(stored.includes(bytes), `${value} as ${JSON.stringify(bytes.toString('latin1'))}`).toBe(false);
    }
  }, 180_000);
});
