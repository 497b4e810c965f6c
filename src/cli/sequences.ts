import { existsSync, statSync } from 'node:fs';
import { checkSequenceFiles, sequenceFiles, suggestSequence, type SequenceCheck } from '../dsl/load.js';
import type { SequenceDefinition } from '../dsl/definition.js';
import { formatProblem } from '../dsl/problems.js';
import { CliError, EXIT } from './errors.js';

/** The sequences folder: --dir, else $SEQUENCES_DIR, else ./sequences. */
export function sequencesDir(dir: string | undefined): string {
  return dir ?? (process.env.SEQUENCES_DIR || 'sequences');
}

/**
 * Checks the given files and folders (each folder's *.yaml), or every file of the sequences folder.
 * Given files are checked with the folder's sequences as context: an event another sequence introduces is known.
 */
export async function checkFiles(paths: string[], dir: string): Promise<SequenceCheck[]> {
  if (paths.length > 0) {
    const missing = paths.find((path) => !existsSync(path));
    if (missing) throw new CliError(`no such file: ${missing}`);
    const files = (await Promise.all(paths.map(async (path) => (statSync(path).isDirectory() ? sequenceFiles(path) : [path])))).flat();
    return checkSequenceFiles(files, existsSync(dir) && statSync(dir).isDirectory() ? await sequenceFiles(dir) : []);
  }
  if (!existsSync(dir)) throw new CliError(`no sequences folder at ${dir} (give files, --dir or SEQUENCES_DIR)`);
  return checkSequenceFiles(await sequenceFiles(dir));
}

/** A sequence named by file path or by id (in the folder); its problems are an error. */
export async function findSequence(name: string, dir: string): Promise<SequenceDefinition> {
  const byPath = /\.ya?ml$/.test(name) || existsSync(name);
  const checks = await checkFiles(byPath ? [name] : [], dir);
  const check = byPath ? checks[0] : checks.find((candidate) => candidate.definition?.id === name || candidate.file.endsWith(`/${name}.yaml`));
  if (!check) {
    const suggestion = suggestSequence(name, checks.flatMap((candidate) => (candidate.definition ? [candidate.definition] : [])));
    throw new CliError(`no sequence "${name}" in ${dir}${suggestion ? ` (did you mean ${suggestion}?)` : ''}`);
  }
  if (!check.definition) throw new CliError(check.problems.map(formatProblem).join('\n'), EXIT.problems);
  return check.definition;
}
