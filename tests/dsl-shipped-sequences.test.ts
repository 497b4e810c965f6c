import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Template } from '../src/dsl/definition.js';
import { loadSequences } from '../src/dsl/load.js';

const sequences = await loadSequences('sequences');

const shipped = ['welcome', 'post-purchase', 'escalation', 'inactivity', 'onboarding-risk', 'survey-followup', 'loyalty', 'win-back', 'experiment-welcome', 'cart-abandoned', 'dunning', 'birthday'];

describe('the shipped sequences', () => {
  it('are the seven from the requirements (and welcome, the experiment, the abandoned cart, dunning and the birthday), all valid', () => {
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
});
