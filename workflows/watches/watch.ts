import { condition, patched } from '@temporalio/workflow';
import type { SequenceDefinition } from '../../src/dsl/definition.js';
import type { CustomerEvent } from '../../src/events/customerEvent.js';
import { compute } from '../activities.js';
import type { ContactState } from '../contact.js';
import { customerStore, takeCustomerFromStore } from '../customerStore.js';
import { patches } from '../patches.js';
import { DATE_EVENT, elapsedMs, isSelfTriggered, SILENCE_EVENT } from './triggers.js';

/**
 * The contact's durable timers for the triggers Peygir fires itself, per sequence: a silence (re-armed by
 * each of its events) and a date field (re-armed when the field changes). One timer at a time waits for
 * the earliest; when it is due the contact starts the sequence with a trigger event whose ID is made from
 * what fired (the silence's last_seen, the date), so one silence or one birthday starts one run.
 */
export interface Watches {
  silence: Record<string, SilenceWatch>;
  dates: Record<string, DateWatch>;
  /** Sequences a rollout asked this contact to watch (workflows/rollout.ts), applied between events. */
  requested: SequenceDefinition[];
}

interface SilenceWatch {
  events: string[];
  forMs: number;
  /** Epoch ms of the last of `events` (or when the customer was first seen). */
  lastSeen: number;
  /** The `lastSeen` whose silence already fired: the next needs a new event first. */
  firedFor?: number;
}

interface DateWatch {
  /** The field's value when the timer was armed (JSON): another value re-arms it. */
  value: string;
  /** The next occurrence, when there is one. */
  next?: { at: number; date: string };
}

type WatchingState = Pick<ContactState, 'customerId' | 'profile' | 'watches'>;
/** How the contact starts a sequence (its trigger's `where`, re-entry, consent and the enrollment's ID). */
export type StartSequence = (sequence: SequenceDefinition, trigger: CustomerEvent) => Promise<void>;

const DAY_MS = 86_400_000;
/** Field values (as JSON) that hold no date: empty or zero (src/schedule/customerDate.ts says the same of more). */
const EMPTY_DATES = new Set(['null', '""', '0', '"0"']);

/** Arms, re-arms or drops the watches for the loaded self-triggered sequences, given an event the contact applied. */
export async function watchSequences(state: WatchingState, sequences: SequenceDefinition[], event?: CustomerEvent): Promise<void> {
  const watched = sequences.filter(isSelfTriggered);
  if ((watched.length === 0 && !state.watches) || !patched(patches.selfTriggeredSequences)) return;
  const watches = (state.watches ??= { silence: {}, dates: {}, requested: [] });
  if (event) dropUnloaded(watches, new Set(watched.map((sequence) => sequence.id)));
  for (const sequence of watched) {
    if (sequence.trigger.silence) await watchSilence(state, watches, sequence, event);
    if (sequence.trigger.date) await watchDate(state, watches, sequence);
  }
}

async function watchSilence(state: WatchingState, watches: Watches, sequence: SequenceDefinition, event: CustomerEvent | undefined): Promise<void> {
  const { events, for: length } = sequence.trigger.silence ?? { events: [], for: {} };
  const seen = event && events.includes(event.type) ? (event.occurredAt ? Date.parse(event.occurredAt) : Date.now()) : undefined;
  const watch = watches.silence[sequence.id];
  if (watch) {
    Object.assign(watch, { events, forMs: elapsedMs(length), lastSeen: Math.max(watch.lastSeen, seen ?? 0) });
    return;
  }
  const lastSeen = seen ?? Date.parse((await customerStore.lastActivity(state.customerId, events)).lastSeen);
  watches.silence[sequence.id] = { events, forMs: elapsedMs(length), lastSeen };
}

async function watchDate(state: WatchingState, watches: Watches, sequence: SequenceDefinition): Promise<void> {
  const trigger = sequence.trigger.date;
  if (!trigger) return;
  const held = state.profile[trigger.field];
  const value = JSON.stringify(held ?? null);
  if (watches.dates[sequence.id]?.value === value) return;
  // No date held (the field is missing or empty): nothing to ask.
  const { next } = EMPTY_DATES.has(value) ? {} : await compute.nextCustomerDate({ value: held, trigger, timeZone: state.profile.timezone, after: new Date(Date.now()).toISOString() });
  watches.dates[sequence.id] = { value, ...(next && { next: { at: Date.parse(next.at), date: next.date } }) };
}

function dropUnloaded(watches: Watches, loaded: Set<string>): void {
  for (const kind of [watches.silence, watches.dates]) for (const id of Object.keys(kind)) if (!loaded.has(id)) delete kind[id];
}

/** Epoch ms of the earliest due watch. */
function nextDue(watches: Watches | undefined): number | undefined {
  if (!watches) return undefined;
  const silences = Object.values(watches.silence).filter((watch) => watch.firedFor !== watch.lastSeen).map((watch) => watch.lastSeen + watch.forMs);
  const dates = Object.values(watches.dates).flatMap((watch) => (watch.next ? [watch.next.at] : []));
  const due = [...silences, ...dates];
  return due.length > 0 ? Math.min(...due) : undefined;
}

/** Waits for `ready` (an event to apply), a rollout's request, or the earliest due watch. A contact without watches waits as it always did. */
export async function waitForEventOrWatch(state: WatchingState, ready: () => boolean): Promise<void> {
  const work = () => ready() || (state.watches?.requested.length ?? 0) > 0;
  const due = nextDue(state.watches);
  if (due === undefined) return void (await condition(work));
  if (due > Date.now()) await condition(work, due - Date.now());
}

/** Between events: applies a rollout's requests, then starts the sequences whose watch is due. */
export async function runWatches(state: ContactState, start: StartSequence): Promise<void> {
  const watches = state.watches;
  if (!watches) return;
  await takeCustomerFromStore(state);
  const requested = watches.requested.splice(0);
  if (requested.length > 0 && !state.consent.unsubscribed) await watchSequences(state, requested);
  const now = Date.now();
  const dueSilences = Object.entries(watches.silence).filter(([, watch]) => watch.firedFor !== watch.lastSeen && watch.lastSeen + watch.forMs <= now);
  const dueDates = Object.entries(watches.dates).filter(([, watch]) => watch.next && watch.next.at <= now);
  if (dueSilences.length === 0 && dueDates.length === 0) return;
  const loaded = new Map((await compute.triggeredSequences(SILENCE_EVENT)).filter(isSelfTriggered).map((sequence) => [sequence.id, sequence]));
  for (const [id, watch] of dueSilences) {
    watch.firedFor = watch.lastSeen;
    const sequence = loaded.get(id);
    const lastSeen = new Date(watch.lastSeen).toISOString();
    const data = { last_seen: lastSeen, days_inactive: Math.floor((now - watch.lastSeen) / DAY_MS) };
    if (sequence) await start(sequence, { eventId: `silent-since-${lastSeen}`, type: SILENCE_EVENT, customerId: state.customerId, occurredAt: new Date(now).toISOString(), data });
  }
  for (const [id, watch] of dueDates) {
    const sequence = loaded.get(id);
    const date = sequence?.trigger.date;
    const fired = watch.next;
    delete watch.next;
    if (!sequence || !date || !fired) continue;
    const data = { field: date.field, date: fired.date, value: state.profile[date.field] };
    await start(sequence, { eventId: `date-${date.field}-${fired.date}`, type: DATE_EVENT, customerId: state.customerId, occurredAt: new Date(now).toISOString(), data });
    if (date.every === 'year') {
      const { next } = await compute.nextCustomerDate({ value: state.profile[date.field], trigger: date, timeZone: state.profile.timezone, after: new Date(fired.at).toISOString() });
      if (next) watch.next = { at: Date.parse(next.at), date: next.date };
    }
  }
}

/** A rollout's request (signal `watch_sequences`): applied by the contact's loop between events. */
export function requestWatches(state: WatchingState, sequences: SequenceDefinition[]): void {
  (state.watches ??= { silence: {}, dates: {}, requested: [] }).requested.push(...sequences);
}
