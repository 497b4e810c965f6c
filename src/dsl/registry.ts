import type { SequenceDefinition } from './definition.js';
import { loadSequences } from './load.js';

/** The loaded sequences, by id; reloadable without restarting the worker. */
export class SequenceRegistry {
  private sequences = new Map<string, SequenceDefinition>();

  constructor(private readonly dir: string) {}

  async reload(): Promise<SequenceDefinition[]> {
    const loaded = await loadSequences(this.dir);
    this.sequences = new Map(loaded.map((sequence) => [sequence.id, sequence]));
    return loaded;
  }

  list(): SequenceDefinition[] {
    return [...this.sequences.values()];
  }

  triggeredBy(eventType: string): SequenceDefinition[] {
    return this.list().filter((sequence) => sequence.trigger.event === eventType);
  }
}
