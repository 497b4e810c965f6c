import type { SequenceDefinition } from './definition.js';
import { checkSequenceFiles, SequenceError, sequenceFiles, type SequenceCheck } from './load.js';
import { formatProblem } from './problems.js';
import { basename } from 'node:path';
import { isSelfTriggered } from '../../workflows/watches/triggers.js';

/** The loaded sequences, by id; reloadable without restarting the worker. */
export class SequenceRegistry {
  private sequences = new Map<string, SequenceDefinition>();
  private checks: SequenceCheck[] = [];
  private listeners: ((loaded: SequenceDefinition[]) => unknown)[] = [];

  /** `dir`: the sequences folder (its `samples/` hold the preview's sample customers and events). */
  constructor(readonly dir: string) {}

  /** Reads the folder again; when any file is broken, throws and keeps the sequences loaded before. */
  async reload(): Promise<SequenceDefinition[]> {
    const checks = await checkSequenceFiles(await sequenceFiles(this.dir));
    this.checks = checks;
    const problems = checks.flatMap((check) => check.problems);
    if (problems.length > 0) throw new SequenceError(problems);
    const loaded = checks.flatMap((check) => (check.definition ? [{ ...check.definition, source: basename(check.file) }] : []));
    this.sequences = new Map(loaded.map((sequence) => [sequence.id, sequence]));
    for (const listener of this.listeners) listener(loaded);
    return loaded;
  }

  /** Calls `listener` with the sequences after each successful reload (e.g. to roll out silence and date triggers). */
  onReload(listener: (loaded: SequenceDefinition[]) => unknown): void {
    this.listeners.push(listener);
  }

  list(): SequenceDefinition[] {
    return [...this.sequences.values()];
  }

  get(id: string): SequenceDefinition | undefined {
    return this.sequences.get(id);
  }

  /** Each file of the last reload with its problems (empty when valid), for ops and the API. */
  validation(): { file: string; id?: string; version?: string; problems: string[] }[] {
    return this.checks.map((check) => ({
      file: basename(check.file),
      ...(check.definition && { id: check.definition.id, version: check.definition.version }),
      problems: check.problems.map(formatProblem),
    }));
  }

  /** The sequences this event type starts (not those Peygir fires itself: see `selfTriggered`). */
  triggeredBy(eventType: string): SequenceDefinition[] {
    return this.list().filter((sequence) => sequence.trigger.event === eventType && !isSelfTriggered(sequence));
  }

  /** The sequences with a silence or date trigger: every contact watches them for its customer. */
  selfTriggered(): SequenceDefinition[] {
    return this.list().filter(isSelfTriggered);
  }
}

/** Where the sequences for an event come from: the registry, or fixed definitions in the preview and tests. */
export type EventSequences = Pick<SequenceRegistry, 'triggeredBy'> & Partial<Pick<SequenceRegistry, 'selfTriggered'>>;

/** The sequences an event concerns: those it starts, and those with a silence or date trigger (the contact watches them). */
export function sequencesForEvent(sequences: EventSequences, eventType: string): SequenceDefinition[] {
  return [...sequences.triggeredBy(eventType), ...(sequences.selfTriggered?.() ?? [])];
}
