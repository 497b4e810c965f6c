import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openGraphRenderer, type GraphRenderer } from '../src/cli/graphImage.js';
import { toMermaid } from '../src/cli/mermaid.js';
import type { SequenceDefinition, Step } from '../src/dsl/definition.js';
import { loadSequences } from '../src/dsl/load.js';
import { chromiumInstalled, CHROMIUM_PATH } from './support/browser.js';

const sequences = await loadSequences('sequences');

/** Lines a person reads in the drawing: label text of nodes, edges, boxes and the title, entities decoded. */
function visibleLines(svg: string): string[] {
  const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", '#34': '"' };
  return svg
    .replace(/<style>[\s\S]*?<\/style>/g, '')
    .replace(/<br\s*\/?>|<\/p>|<\/text>/g, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&(amp|lt|gt|quot|#39|#34);/g, (_, name: string) => entities[name] ?? '')
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
}

/** Lines each shipped sequence must show, as its YAML says them. */
const expected: Record<string, string[]> = {
  welcome: ['Welcome after purchase (welcome)', 'starts on purchase', '1. send email', 'template: welcome', '2. wait 7d', 'exit_on: unsubscribed, refund_requested'],
  'post-purchase': ['2. wait 1w', 'at 10:00', '6. wait for survey_answered', 'timeout 5d', 'event.data.nps ≤ 6', 'call task for manager, high', 'due in 4h', 'no survey_answered within 2d', 'goal: second purchase'],
  escalation: ['1. branch', 'customer.preferred_channel = "sms"', 'escalate until quote_accepted or email_replied', 'template: quote_call', 'goal: quote accepted'],
  inactivity: ['no login or purchase for 30d', 'email_opened', 'exit: replied', 'call task for agents, normal', 'due in 2d', 'exit_on: unsubscribed, do_not_call, purchase'],
  'onboarding-risk': ['update customer', 'set onboarding_risk: high', 'add tags: high-risk', 'wait for call_requested', 'exit: not_activated', 'on feature_used where event.data.feature = "core_report"'],
  'survey-followup': ['event.data.nps ≥ 9', 'call task for manager, urgent', 'template: detractor_call', 'otherwise'],
  loyalty: ['where event.data.order_count ≥ 2', '3. call task for agents, normal', '4. wait 20d from enrollment', 'at 11:00', "email, sms: every day 09:00–21:00, customer's time zone"],
  'win-back': ['event.data.churn_type in ["voluntary","competitive"]', 'template: payment_failed', 'add tags: dormant', 'goal: won back'],
  'cart-abandoned': ['starts on cart_abandoned', '1. wait 2h', '3. wait 1d from enrollment', '4. send sms', 'goal: cart recovered', "email, sms: every day 09:00–21:00, customer's time zone"],
  dunning: ['starts on payment_failed', '2. wait 3d', '3. send sms', '5. call task for billing, high', 'due in 1d', 'goal: payment recovered', 'exit_on: unsubscribed, account_closed'],
  birthday: ['on customer.birthday every year at 09:00', '2. wait 6d', 'at 10:00', 'goal: used the birthday code', 'exit_on: unsubscribed'],
  'experiment-welcome': ['2. split 3 ways', 'discount 45%', 'stories 45%', 'holdout 10%: nothing sent', 'waits 14d for the goal', 'goal: first purchase'],
};

/** Every template a sequence's steps use, for the "template: …" lines. */
function templatesUsed(steps: Step[]): string[] {
  return steps.flatMap((step) => {
    switch (step.kind) {
      case 'send':
      case 'call_task':
        return [step.template];
      case 'escalate':
        return step.ladder.map((rung) => rung.template);
      case 'wait_for':
        return templatesUsed([...step.events.flatMap((option) => option.steps), ...step.onTimeout]);
      case 'branch':
        return templatesUsed([...step.cases.flatMap((option) => option.steps), ...step.otherwise]);
      case 'split':
        return templatesUsed(step.variants.flatMap((variant) => variant.steps));
      default:
        return [];
    }
  });
}

const scratch = mkdtempSync(join(tmpdir(), 'peygir-graph-'));
const peygir = (env: Record<string, string>, ...args: string[]) =>
  spawnSync(process.execPath, ['bin/peygir.js', 'graph', ...args], { encoding: 'utf8', env: { ...process.env, ...env } });

/** Width and height from a PNG's header. */
const pngSize = (png: Buffer): { width: number; height: number } => ({ width: png.readUInt32BE(16), height: png.readUInt32BE(20) });

if (!chromiumInstalled) console.warn(`tests/graph-rendering.test.ts skipped: ${CHROMIUM_PATH} is missing (apt-get install chromium, as .ci/run does)`);

describe.skipIf(!chromiumInstalled)('peygir graph drawn by Mermaid in headless Chromium', { timeout: 120_000 }, () => {
  let renderer: GraphRenderer | undefined;
  beforeAll(async () => {
    renderer = await openGraphRenderer();
  }, 120_000);
  afterAll(async () => {
    await renderer?.close();
  });

  it('ships the sequences this test knows', () => {
    expect(sequences.map((definition) => definition.id).sort()).toEqual(Object.keys(expected).sort());
  });

  it.each(sequences.map((definition) => [definition.id, definition] as [string, SequenceDefinition]))(
    '%s: the SVG shows its steps, templates, waits and rules as the YAML says them, and the PNG of that file',
    async (id, definition) => {
      const mermaid = toMermaid(definition);
      const svg = await renderer!.svg(mermaid);
      const lines = visibleLines(svg);
      expect(lines).toEqual(expect.arrayContaining([...(expected[id] ?? []), ...templatesUsed(definition.steps).map((template) => `template: ${template}`)]));
      for (const line of lines) expect(line).not.toMatch(/#quot;|#\d+;|&quot;|&#|\d+\.(case\d|otherwise|timeout)/);
      expect(svg).toMatch(/^<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
      const png = await renderer!.png(mermaid);
      expect(png.subarray(1, 4).toString()).toBe('PNG');
      expect(pngSize(png).width).toBeGreaterThan(400);
    },
  );

  it('peygir graph --svg FILE --png FILE writes both', () => {
    const drawn = peygir({}, 'survey-followup', '--svg', join(scratch, 'g.svg'), '--png', join(scratch, 'g.png'));
    expect(drawn.stdout).toBe(`wrote ${join(scratch, 'g.svg')}\nwrote ${join(scratch, 'g.png')}\n`);
    expect(drawn.status).toBe(0);
    expect(visibleLines(readFileSync(join(scratch, 'g.svg'), 'utf8'))).toContain('template: detractor_call');
    expect(readFileSync(join(scratch, 'g.png')).subarray(1, 4).toString()).toBe('PNG');
  });
});

describe('peygir graph without Chromium', () => {
  it('says how to install it, with exit 69', () => {
    const missing = peygir({ PEYGIR_CHROMIUM: join(scratch, 'no-chromium') }, 'survey-followup', '--svg', join(scratch, 'h.svg'));
    expect(missing.status).toBe(69);
    expect(missing.stderr).toContain(`needs Chromium, and there is none at ${join(scratch, 'no-chromium')}`);
    expect(missing.stderr).toContain('apt-get install chromium');
  });
});
