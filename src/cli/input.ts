import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { CliError } from './errors.js';

/** A JSON or YAML file given on the command line; unreadable or unparsable is a usage error that names it. */
export async function readData(file: string): Promise<unknown> {
  const text = await readFile(file, 'utf8').catch(() => {
    throw new CliError(`cannot read ${file}`);
  });
  try {
    return parseYaml(text);
  } catch (error) {
    throw new CliError(`${file} is not valid JSON or YAML: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
  }
}

/** The value checked by a zod schema; every issue as `file: path: message`. */
export function parseWith<T>(
  schema: { safeParse(value: unknown): { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } } },
  value: unknown,
  file: string,
): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new CliError(parsed.error.issues.map((issue) => `${file}: ${issue.path.map(String).join('.') || '(top)'}: ${issue.message}`).join('\n'));
}
