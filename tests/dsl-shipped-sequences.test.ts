import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { previewCommand } from '../src/cli/commands.js';
import type { Template } from '../src/dsl/definition.js';
import { loadSequences } from '../src/dsl/load.js';

const sequences = await loadSequences('sequences');

const customers: Record<string, string> = { escalation: 'anna', 'win-back': 'anna' };
const previews = Object.fromEntries(
  sequences.map((sequence) => [
    sequence.id,
    { customer: `sequences/samples/${customers[sequence.id] ?? 'sara'}.json`, events: `sequences/samples/${sequence.id}.events.yaml` },
  ]),
);
const shipped = ['welcome', 'post-purchase', 'escalation', 'inactivity', 'onboarding-risk', 'survey-followup', 'loyalty', 'win-back', 'experiment-welcome', 'cart-abandoned', 'dunning'];

describe('the shipped sequences', () => {
  it('are the seven from the requirements (and welcome, the experiment, the abandoned cart and dunning), all valid', () => {
    expect(sequences.map((sequence) => sequence.id).sort()).toEqual([...shipped].sort());
  });

  it.each(sequences.map((sequence) => [sequence.id, sequence.templates] as const))('%s has fa and en text for every channel of every template', (_, templates) => {
    for (const template of Object.values(templates)) {
      for (const channel of ['email', 'sms', 'call', 'call_task'] as const satisfies (keyof Template)[]) {
        const byLocale = template[channel];
        if (byLocale) expect(Object.keys(byLocale).sort()).toEqual(['en', 'fa']);
      }
    }
  });

  it('each have a sample events script to preview with (and no script is left over from a removed sequence)', () => {
    const scripts = readdirSync('sequences/samples').flatMap((name) => (name.endsWith('.events.yaml') ? [name.slice(0, -'.events.yaml'.length)] : []));
    expect(scripts.sort()).toEqual(sequences.map((sequence) => sequence.id).sort());
  });

  it.each(Object.entries(previews))('%s previews deterministically, every message rendered', async (id, files) => {
    const options = { ...files, start: '2026-11-25T10:00:00+03:30' };
    const first = await previewCommand(id, options);
    expect(await previewCommand(id, options)).toBe(first);
    expect(first).not.toContain('cannot render');
    expect(first).toMatch(/▶ (completed|exited|converted)/);
  });
});

describe('previewing post-purchase for a detractor', () => {
  const run = (): Promise<string> =>
    previewCommand('post-purchase', { customer: 'sequences/samples/sara.json', events: 'sequences/samples/post-purchase.events.yaml' });

  it('shows Jalali and Gregorian times in Tehran, send windows and the detractor call task', async () => {
    const timeline = await run();
    expect(timeline).toContain('1405/09/04 19:30  Wed 2026-11-25 19:30');
    // 1 week later at 10:00
    expect(timeline).toMatch(/1405\/09\/11 10:00 {2}Wed 2026-12-02 10:00 {2}\[3\] +send email: tutorial/);
    // a month after enrollment is a Friday: held by the send window until Saturday 09:00
    expect(timeline).toContain('Fri 2026-12-25 10:00  [5]        email held until the send window opens');
    expect(timeline).toMatch(/Sat 2026-12-26 09:00 {2}\[5\] +send email: survey/);
    expect(timeline).toContain('call task for manager (high): detractor, due within 4h');
    expect(timeline).toContain('سارا به خرید کتاب «صد سال تنهایی» امتیاز ۴ داد');
    expect(timeline).toMatch(/Thu 2027-02-25 10:00 {2}\[8\] +send email: related_offer/);
  });

  it('shows English messages in the customer zone for an English customer', async () => {
    const timeline = await previewCommand('welcome', { customer: 'sequences/samples/anna.json', start: '2026-03-28T12:00:00+01:00' });
    expect(timeline).toContain('times in Europe/Berlin');
    expect(timeline).toContain('Subject: Welcome aboard, Anna');
    // 7 calendar days across the DST change keep the local clock time
    expect(timeline).toMatch(/Sat 2026-04-04 12:00 {2}\[3\] +send email: tutorial/);
  });
});
