import { describe, expect, it } from 'vitest';
import type { SplitStep } from '../src/dsl/definition.js';
import { loadSequences } from '../src/dsl/load.js';
import { stateQuery, timelineQuery } from '../workflows/index.js';
import { variantKey } from '../workflows/searchAttributes.js';
import { assignVariant, HOLDOUT } from '../workflows/variants.js';
import { eventually } from './support/eventually.js';
import { post } from './support/events.js';
import { keepHistory } from './support/histories.js';
import { sleepingRun } from './support/runs.js';
import { useStack } from './support/useStack.js';

const experiment = (await loadSequences('sequences')).find((sequence) => sequence.id === 'experiment-welcome');
if (!experiment) throw new Error('sequences/experiment-welcome.yaml is not loaded');
const split = experiment.steps.find((step): step is SplitStep => step.kind === 'split');
if (!split) throw new Error('experiment-welcome has no split step');

/** The first customer id (c-0, c-1, …) the assignment function puts in `arm`, after `skip` of them. */
const customerIn = (arm: string, skip = 0): string => {
  const ids = Array.from({ length: 500 }, (_, index) => `c-${index}`);
  const found = ids.filter((customerId) => assignVariant(split, { customerId, sequenceId: experiment.id, stepId: split.id }) === arm)[skip];
  if (!found) throw new Error(`no customer in ${arm}`);
  return found;
};

describe('split: the shipped experiment gives each customer the arm the assignment function picks', () => {
  const t = useStack({ definitions: [experiment] });

  const signUp = async (customerId: string) => {
    await post(t.stack, { eventId: `s-${customerId}`, type: 'signup', customerId, customer: { email: `${customerId}@example.com`, name: 'مریم', locale: 'fa' } });
    return sleepingRun(t.stack, `enrollment/experiment-welcome/${customerId}/s-${customerId}`);
  };
  const mailTo = (customerId: string) => t.smtp.messages.filter((mail) => JSON.stringify(mail.to).includes(`${customerId}@example.com`));

  it.each(split.variants.map((variant) => variant.name))('a customer in %s gets that variant\'s email, and the arm is in state, timeline and search attribute', async (variant) => {
    const customerId = customerIn(variant);
    const handle = await signUp(customerId);
    expect(await handle.result()).toBe('completed');
    const template = split.variants.find((candidate) => candidate.name === variant)?.steps[0];
    expect(template).toMatchObject({ kind: 'send' });
    expect(mailTo(customerId)).toHaveLength(1);
    const subject = experiment.templates[template?.kind === 'send' ? template.template : '']?.email?.fa?.subject.replace('{{ customer.name }}', 'مریم');
    expect(mailTo(customerId)[0]?.subject).toBe(subject);
    expect((await handle.query(stateQuery)).variants).toEqual({ [split.id]: variant });
    const { done } = await handle.query(timelineQuery);
    expect(done.find((entry) => entry.stepId === split.id)).toMatchObject({ outcome: 'done', detail: `variant ${variant}` });
    expect((await handle.describe()).typedSearchAttributes.get(variantKey)).toBe(variant);
    if (variant === split.variants[0]?.name) await keepHistory(handle, 'enrollment-split-variant');
  });

  it('a holdout customer gets nothing, and a purchase while held out ends the run as converted (counted for the holdout)', async () => {
    const customerId = customerIn(HOLDOUT);
    const handle = await signUp(customerId);
    await t.stack.env.sleep('2 days');
    await eventually(async () => expect((await handle.query(stateQuery)).waitingFor).toContain('holdout'));
    await post(t.stack, { eventId: `p-${customerId}`, type: 'purchase', customerId });
    expect(await handle.result()).toBe('converted');
    expect(mailTo(customerId)).toHaveLength(0);
    expect((await handle.query(stateQuery)).variants).toEqual({ [split.id]: HOLDOUT });
    expect((await handle.describe()).typedSearchAttributes.get(variantKey)).toBe(HOLDOUT);
    const metrics = (await t.stack.api.inject({ url: '/metrics' })).body;
    await keepHistory(handle, 'enrollment-split-holdout-converted');
    const timeline = (await t.stack.api.inject({ url: `/v1/customers/${customerId}/timeline?limit=200` })).json() as { items: { type: string; occurrence: string; data: unknown }[] };
    expect(timeline.items.find((item) => item.type === 'enrollment.variant')).toMatchObject({ occurrence: split.id, data: { variant: HOLDOUT } });
    expect(metrics).toContain(`peygir_split_endings_total{sequence="experiment-welcome",step="${split.id}",variant="holdout",reason="converted"} 1`);
  });

  it('a holdout customer who never buys is followed for the holdout\'s two weeks, then the run completes', async () => {
    const customerId = customerIn(HOLDOUT, 1);
    const handle = await signUp(customerId);
    expect(await handle.result()).toBe('completed');
    expect(mailTo(customerId)).toHaveLength(0);
    const { done } = await handle.query(timelineQuery);
    expect(done.map((entry) => `${entry.stepId}:${entry.outcome}`)).toEqual(['1:done', `${split.id}:done`, `${split.id}:timed_out`]);
  });
});
