import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contactStateQuery, stateQuery } from '../workflows/index.js';
import { eventually } from './support/eventually.js';
import { useStack } from './support/useStack.js';

describe('event ingest: single, batch, idempotent, manual enrollment, sequences, metrics', () => {
  const sequencesDir = mkdtempSync(join(tmpdir(), 'peygir-sequences-'));
  const t = useStack(async () => {
    cpSync('sequences', sequencesDir, { recursive: true });
    return { sequencesDir };
  });

  const purchase = (eventId: string, customerId: string) => ({
    eventId,
    type: 'purchase',
    customerId,
    customer: { email: `${customerId}@example.com`, name: 'سارا' },
    data: { product: 'کتاب' },
  });

  it('a retried eventId gets the first answer and changes nothing', async () => {
    const first = await t.stack.api.inject({ method: 'POST', url: '/v1/events', payload: purchase('order-1', 'i-1') });
    expect(first.statusCode).toBe(202);
    expect(first.json()).toEqual({
      eventId: 'order-1',
      status: 'accepted',
      workflowId: 'contact/i-1',
      temporalUiUrl: 'http://localhost:8233/namespaces/default/workflows/contact%2Fi-1',
    });
    const again = await t.stack.api.inject({ method: 'POST', url: '/v1/events', payload: purchase('order-1', 'i-1') });
    expect(again.statusCode).toBe(202);
    expect(again.json()).toEqual(first.json());

    const contact = t.stack.env.client.workflow.getHandle('contact/i-1');
    await eventually(async () => expect((await contact.query(contactStateQuery)).duplicateEvents).toBe(1));
    expect((await contact.query(contactStateQuery)).enrollments).toEqual(['enrollment/welcome/i-1/order-1']);
  });

  it('a batch with one bad item: the others are stored, the bad one is reported by index (207)', async () => {
    const response = await t.stack.api.inject({
      method: 'POST',
      url: '/v1/events/batch',
      payload: {
        events: [
          purchase('order-2', 'b-1'),
          { eventId: 'bad-1', type: 'survey_answered', customerId: 'b-2', data: { nps: 'ten' } },
          { eventId: 'p-1', type: 'profile_changed', customerId: 'b-1', customer: { locale: 'en' } },
          { type: 'purchase', customerId: 'b-3' },
        ],
      },
    });
    expect(response.statusCode).toBe(207);
    expect(response.json()).toMatchObject({
      accepted: 2,
      rejected: 2,
      unavailable: 0,
      results: [
        { index: 0, eventId: 'order-2', status: 'accepted', workflowId: 'contact/b-1' },
        { index: 1, eventId: 'bad-1', status: 'rejected', error: { code: 'invalid_event_data', details: [{ path: 'data.nps' }] } },
        { index: 2, eventId: 'p-1', status: 'accepted' },
        { index: 3, status: 'rejected', error: { code: 'invalid_request', details: [{ path: 'eventId' }] } },
      ],
    });
    // Events of one customer keep their order: the profile change came after the purchase.
    const contact = t.stack.env.client.workflow.getHandle('contact/b-1');
    await eventually(async () => expect((await contact.query(contactStateQuery)).profile).toMatchObject({ name: 'سارا', locale: 'en' }));

    const allGood = await t.stack.api.inject({ method: 'POST', url: '/v1/events/batch', payload: { events: [purchase('order-3', 'b-4'), purchase('order-4', 'b-5')] } });
    expect(allGood.statusCode).toBe(202);
    expect(allGood.json()).toMatchObject({ accepted: 2, rejected: 0 });
  });

  it('manual enrollment sends the trigger event with data.manual; the same requestId again changes nothing', async () => {
    const enroll = () =>
      t.stack.api.inject({
        method: 'POST',
        url: '/v1/sequences/welcome/enroll',
        payload: { requestId: 'campaign-7', customers: [{ customerId: 'm-1', customer: { email: 'm-1@example.com', name: 'نیما' }, data: { product: 'دفتر' } }] },
      });
    const first = await enroll();
    expect(first.statusCode).toBe(202);
    const enrollmentId = 'enrollment/welcome/m-1/manual%2Fwelcome%2Fcampaign-7'; // the eventId's '/' escaped inside its part
    expect(first.json()).toMatchObject({ accepted: 1, results: [{ index: 0, status: 'accepted', eventId: 'manual/welcome/campaign-7', enrollmentId }] });
    const run = t.stack.env.client.workflow.getHandle(enrollmentId);
    await eventually(async () => expect((await run.query(stateQuery)).status).toBe('waiting'));
    expect((await enroll()).json()).toEqual(first.json());
    const contact = t.stack.env.client.workflow.getHandle('contact/m-1');
    await eventually(async () => expect((await contact.query(contactStateQuery)).duplicateEvents).toBe(1));
    // Read after the repeat was handled (a snapshot from before it could not show a second enrollment).
    expect((await contact.query(contactStateQuery)).enrollments).toEqual([enrollmentId]);
  });

  it('lists the sequences with versions; a broken reload is a 422 listing the problems and keeps the running set', async () => {
    const listed = await t.stack.api.inject({ url: '/v1/sequences' });
    expect(listed.statusCode).toBe(200);
    const welcome = listed.json().sequences.find((sequence: { id: string }) => sequence.id === 'welcome');
    expect(welcome).toMatchObject({ name: expect.any(String), version: expect.stringMatching(/\w+/), source: 'welcome.yaml', trigger: 'purchase' });
    expect(listed.json().validation.valid).toBe(true);

    const file = join(sequencesDir, 'welcome.yaml');
    const original = readFileSync(file, 'utf8');
    writeFileSync(file, original.replace('wait: 7d', 'wait: 7 days please'));
    const broken = await t.stack.api.inject({ method: 'POST', url: '/v1/sequences/reload' });
    expect(broken.statusCode).toBe(422);
    expect(broken.json()).toMatchObject({ error: { code: 'invalid_sequences', details: [{ file: 'welcome.yaml', problems: [expect.stringContaining('welcome.yaml:')] }] } });
    const after = await t.stack.api.inject({ url: '/v1/sequences' });
    expect(after.json().sequences.find((sequence: { id: string }) => sequence.id === 'welcome')?.version).toBe(welcome.version);
    expect(after.json().validation.valid).toBe(false);

    writeFileSync(file, original.replace('wait: 7d', 'wait: 8d'));
    const fixed = await t.stack.api.inject({ method: 'POST', url: '/v1/sequences/reload' });
    expect(fixed.statusCode).toBe(200);
    expect(fixed.json().sequences.find((sequence: { id: string }) => sequence.id === 'welcome')?.version).not.toBe(welcome.version);
    expect(fixed.json().validation.valid).toBe(true);
  });

  it('metrics count events by type and outcome, and time requests by route', async () => {
    // profile_changed (in the batch above) and this one: types no sequence knows are counted as `custom`.
    await t.stack.api.inject({ method: 'POST', url: '/v1/events', payload: { eventId: 'x', type: 'my_custom_thing', customerId: 'i-9' } });
    const text = (await t.stack.api.inject({ url: '/metrics' })).body;
    expect(text).toMatch(/peygir_events_ingested_total\{type="purchase",outcome="accepted"\} [1-9]/);
    expect(text).toMatch(/peygir_events_ingested_total\{type="survey_answered",outcome="invalid"\} 1/);
    expect(text).toMatch(/peygir_events_ingested_total\{type="custom",outcome="accepted"\} 2/);
    expect(text).toMatch(/peygir_http_request_duration_seconds_count\{method="POST",route="\/v1\/events\/batch",status_code="207"\} 1/);
    expect(text).toContain('# TYPE peygir_sends_total counter');
  });
});
