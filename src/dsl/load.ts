import { readdir, readFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { declaredEvents } from './checks/events.js';
import type { SequenceDefinition } from './definition.js';
import { didYouMean, SequenceError, type Problem } from './problems.js';
import { validateSequence } from './validate.js';

export { SequenceError } from './problems.js';

/** Parses, validates and compiles one YAML sequence; throws a SequenceError listing every problem as file:line:col. */
export function parseSequence(source: string, file: string): SequenceDefinition {
  const result = validateSequence(source, file);
  if (!result.definition) throw new SequenceError(result.problems);
  return result.definition;
}

/** The outcome of checking one file: its definition, or what is wrong with it. */
export interface SequenceCheck {
  file: string;
  definition?: SequenceDefinition;
  problems: Problem[];
}

/**
 * Checks files one by one and then together: event names against what every file (and the `context`
 * files, e.g. the rest of the folder) introduces, two files with one id. Every problem of every file;
 * one file that cannot be read or parsed never stops the others.
 */
export async function checkSequenceFiles(files: string[], context: string[] = []): Promise<SequenceCheck[]> {
  const read = (file: string): Promise<string | NodeJS.ErrnoException> => readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => error);
  const sources = await Promise.all(files.map(read));
  const checked = new Set(files.map((file) => resolve(file)));
  const contextSources = await Promise.all(context.filter((file) => !checked.has(resolve(file))).map(read));
  const events = new Set([...sources, ...contextSources].flatMap((source) => (typeof source === 'string' ? declaredEvents(source) : [])));
  const checks = files.map((file, index): SequenceCheck => {
    const source = sources[index] ?? '';
    if (source instanceof Error) return { file, problems: [{ file, line: 1, col: 1, message: `cannot read the file (${source.code ?? source.message})` }] };
    return { file, ...validateSequence(source, file, events) };
  });
  const firstById = new Map<string, SequenceCheck>();
  for (const check of checks) {
    const id = check.definition?.id;
    if (id === undefined) continue;
    const first = firstById.get(id);
    if (!first) {
      firstById.set(id, check);
      continue;
    }
    check.problems.push({ file: check.file, line: 1, col: 1, message: `id: "${id}" is already the id of ${first.file}`, hint: 'every sequence needs its own id' });
    delete check.definition;
  }
  return checks;
}

/** The *.yaml / *.yml files of a folder, sorted. */
export async function sequenceFiles(dir: string): Promise<string[]> {
  const names = (await readdir(dir)).filter((name) => /\.ya?ml$/.test(name)).sort();
  return names.map((name) => join(dir, name));
}

/** Loads every sequence of a folder; throws a SequenceError with the problems of all files when any is broken. */
export async function loadSequences(dir: string): Promise<SequenceDefinition[]> {
  const checks = await checkSequenceFiles(await sequenceFiles(dir));
  const problems = checks.flatMap((check) => check.problems);
  if (problems.length > 0) throw new SequenceError(problems);
  return checks.flatMap((check) => (check.definition ? [{ ...check.definition, source: basename(check.file) }] : []));
}

/** "did you mean" for a sequence id the CLI was given. */
export function suggestSequence(id: string, definitions: SequenceDefinition[]): string | undefined {
  return didYouMean(id, definitions.map((definition) => definition.id));
}
