import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { compileSequence } from './compile.js';
import type { SequenceDefinition } from './definition.js';
import { sequenceFileSchema } from './schema.js';

export class SequenceError extends Error {
  override name = 'SequenceError';
}

/** Parses, validates and compiles one YAML sequence; errors name file:line:col. */
export function parseSequence(source: string, file: string): SequenceDefinition {
  const lineCounter = new LineCounter();
  const document = parseDocument(source, { lineCounter, prettyErrors: true });
  const at = (offset: number | undefined): string => {
    const { line, col } = lineCounter.linePos(offset ?? 0);
    return `${file}:${line}:${col}`;
  };
  if (document.errors.length > 0) {
    throw new SequenceError(document.errors.map((error) => `${at(error.pos[0])}  ${error.message}`).join('\n'));
  }
  const parsed = sequenceFileSchema.safeParse(document.toJS());
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const node = document.getIn(issue.path as (string | number)[], true) as { range?: [number, number] } | undefined;
      const path = issue.path.join('.') || '(file)';
      return `${at(node?.range?.[0])}  ${path}: ${issue.message}`;
    });
    throw new SequenceError(problems.join('\n'));
  }
  const definition = compileSequence(parsed.data, basename(file));
  for (const step of definition.steps) {
    if (step.kind === 'send' && !definition.templates[step.template]) {
      throw new SequenceError(`${file}: step ${step.id} sends template "${step.template}", which is not under templates:`);
    }
  }
  return definition;
}

/** Loads every *.yaml / *.yml file of a folder. */
export async function loadSequences(dir: string): Promise<SequenceDefinition[]> {
  const names = (await readdir(dir)).filter((name) => /\.ya?ml$/.test(name)).sort();
  return Promise.all(names.map(async (name) => parseSequence(await readFile(join(dir, name), 'utf8'), join(dir, name))));
}
