import { describe, expect, it } from 'vitest';
import type { SendWindow, Step } from '../src/dsl/definition.js';
import { WEEKDAYS } from '../src/schedule/index.js';
import { sequence } from './support/definitions.js';
import { eventually } from './support/eventually.js';
import { post } from './support/events.js';
import { useStack } from './support/useStack.js';

const callStep: Step = { kind: 'call_task', id: '1', label: 'call the customer', assignee: 'agents', priority: 'normal', template: 'script' };
const withCallHours = (id: string, callHours: SendWindow) =>
  sequence({ id, trigger: { event: id }, sendWindows: { call: callHours }, steps: [callStep], templates: { script: { call_task: { fa: { text: 'تماس' } } } } });

const hour = new Date().getUTCHours();
const pad = (value: number) => `${String(value).padStart(2, '0')}:00`;
/** Every day, all day: open now, whatever the day or hour the test runs. */
const always = withCallHours('always_open', { timezone: 'UTC', days: [...WEEKDAYS], start: '00:00', end: '24:00' });
/** Every day, one hour that is not now. */
const later = withCallHours('later', { timezone: 'UTC', days: [...WEEKDAYS], ...(hour >= 20 ? { start: '02:00', end: '03:00' } : { start: pad(hour + 2), end: pad(hour + 3) }) });

/** A sequence's `call_hours` decide when its call tasks open (not only automated calls). */
describe('call tasks open within the sequence call_hours', () => {
  const t = useStack({ definitions: [always, later] });
  const task = async (id: string) => (await t.stack.api.inject({ url: `/v1/call-tasks/${encodeURIComponent(id)}` })).json();

  it('open at once inside call_hours, and wait when call_hours are closed', async () => {
    await post(t.stack, { eventId: 'e-1', type: 'always_open', customerId: 'h-1', customer: { name: 'Sara', phone: '09121234567' } });
    await post(t.stack, { eventId: 'e-2', type: 'later', customerId: 'h-2', customer: { name: 'Reza', phone: '09121234568' } });
    await eventually(async () => expect(await task('call-task/h-1/always_open/e-1/1')).toMatchObject({ status: 'open' }));
    await eventually(async () => expect(await task('call-task/h-2/later/e-2/1')).toMatchObject({ status: 'scheduled' }));
    await new Promise((done) => setTimeout(done, 1_000));
    expect(await task('call-task/h-2/later/e-2/1')).toMatchObject({ status: 'scheduled' });
  });
});
