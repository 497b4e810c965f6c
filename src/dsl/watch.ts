import { watch } from 'node:fs';
import type { Logger } from '../logger.js';
import { SequenceError } from './problems.js';
import type { SequenceRegistry } from './registry.js';

/** Editors save in bursts (temp file, rename, chmod): reload once things are quiet this long. */
const SETTLE_MS = 250;

/**
 * Development: reloads the sequences whenever a file in their folder changes, as
 * `POST /v1/sequences/reload` would, and logs what changed or, for a broken file, every problem as
 * file:line:col (the sequences loaded before stay). New enrollments get the new versions; runs in
 * flight keep theirs. Returns a function that stops watching.
 */
export function watchSequences(dir: string, sequences: SequenceRegistry, log: Logger): () => void {
  let timer: NodeJS.Timeout | undefined;
  let reloading = Promise.resolve();
  const reload = async (): Promise<void> => {
    const before = new Map(sequences.list().map((sequence) => [sequence.id, sequence.version]));
    try {
      const loaded = await sequences.reload();
      const changed = loaded.filter((sequence) => before.get(sequence.id) !== sequence.version).map((sequence) => `${sequence.id}@${sequence.version}`);
      const removed = [...before.keys()].filter((id) => !sequences.get(id));
      if (changed.length > 0 || removed.length > 0) log.info({ changed, removed }, `sequences reloaded from ${dir}/: new enrollments use the new versions`);
    } catch (error) {
      if (!(error instanceof SequenceError)) throw error;
      const problems = sequences.validation().flatMap((file) => file.problems);
      log.warn({ problems }, `sequences in ${dir}/ have problems; the ones loaded before stay:\n  ${problems.join('\n  ')}`);
    }
  };
  const watcher = watch(dir, { recursive: true }, () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      reloading = reloading.then(reload).catch((error: unknown) => log.error({ err: error }, `reloading sequences from ${dir}/ failed`));
    }, SETTLE_MS);
  });
  log.info(`watching ${dir}/ for sequence changes`);
  return () => {
    clearTimeout(timer);
    watcher.close();
  };
}
