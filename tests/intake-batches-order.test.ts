import { describe, expect, it } from 'vitest';
import { BATCHES_IN_FLIGHT, MAX_BATCH, intakeBatches } from '../src/store/intakeBatches.js';
import type { EventToRecord, Recorded } from '../src/store/recordEvent.js';

const item = (customerId: string, eventId: string): EventToRecord => ({ event: { customerId, eventId, type: 'purchase' }, receivedAt: new Date(0) });

/** A store write that holds each batch until the test lets it go, and remembers what each batch held. */
function heldWrites() {
  const batches: string[][] = [];
  const release: (() => void)[] = [];
  const write = (batch: EventToRecord[]): Promise<Recorded[]> => {
    batches.push(batch.map(({ event }) => `${event.customerId}:${event.eventId}`));
    return new Promise((done) =>
      release.push(() => done(batch.map(({ event }) => (event.eventId === 'refused' ? { error: new Error('refused') } : { outcome: { recorded: true } })))),
    );
  };
  const settle = async (): Promise<void> => {
    release.shift()?.();
    await new Promise((done) => setImmediate(done));
  };
  return { batches, write, settle };
}

describe('events waiting for the store are recorded in batches', () => {
  it('writes at once while few batches are in flight, then groups what arrived meanwhile, one event per customer, in arrival order', async () => {
    const held = heldWrites();
    const record = intakeBatches(held.write);
    const answers = [
      item('a', '1'), item('b', '1'), // written at once, one batch each
      item('c', '1'), item('a', '2'), item('d', '1'), item('c', '2'), item('e', '1'), // arrive meanwhile
    ].map((each) => record(each));
    expect(held.batches).toEqual([['a:1'], ['b:1']].slice(0, BATCHES_IN_FLIGHT));

    await held.settle(); // a:1 done: a is free again, so a:2 joins, but c's second event waits for its first
    expect(held.batches[2]).toEqual(['c:1', 'a:2', 'd:1', 'e:1']);
    await held.settle();
    await held.settle();
    expect(held.batches[3]).toEqual(['c:2']);
    await held.settle();
    expect(await Promise.all(answers)).toEqual(Array.from({ length: 7 }, () => ({ recorded: true })));
  });

  it('answers each caller for its own event: one refused, the others recorded', async () => {
    const held = heldWrites();
    const record = intakeBatches(held.write);
    const first = record(item('x', 'first'));
    const rest = Promise.allSettled(['ok-1', 'refused', 'ok-2'].map((eventId, n) => record(item(`y${n}`, eventId))));
    for (let i = 0; i < 3; i++) await held.settle();
    await expect(first).resolves.toEqual({ recorded: true });
    const settled = await rest;
    expect(settled.map((each) => each.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  });

  it(`takes at most ${MAX_BATCH} events into one batch`, async () => {
    const held = heldWrites();
    const record = intakeBatches(held.write);
    const answers = Array.from({ length: BATCHES_IN_FLIGHT + MAX_BATCH + 1 }, (_, n) => record(item(`c${n}`, 'e')));
    for (let i = 0; i < 4; i++) await held.settle();
    expect(held.batches.map((batch) => batch.length)).toEqual([...Array.from({ length: BATCHES_IN_FLIGHT }, () => 1), MAX_BATCH, 1]);
    expect(await Promise.all(answers)).toHaveLength(answers.length);
  });
});
