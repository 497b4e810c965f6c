import type { SequenceDefinition } from './definition.js';
import { checkSequenceFiles, SequenceError, sequenceFiles, type SequenceCheck } from './load.js';
import { formatProblem } from './problems.js';
import { basename } from 'node:path';

/** The loaded sequences, by id; reloadable without restarting the worker. */
export class SequenceRegistry {
  private sequences = new Map<string, SequenceDefinition>();
  private checks: SequenceCheck[] = [];

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
    return loaded;
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

  triggeredBy(eventType: string): SequenceDefinition[] {
    return this.list().filter((sequence) => sequence.trigger.event === eventType);
  }
}
