import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { PASSWORD_HASH_PATTERN } from './passwords.js';

export const CONSOLE_ROLES = ['agent', 'marketer', 'admin'] as const;
export type ConsoleRole = (typeof CONSOLE_ROLES)[number];

const userSchema = z.object({
  name: z.string().regex(/^[\w.@-]{1,100}$/, 'letters, digits and . _ @ - (at most 100)'),
  role: z.enum(CONSOLE_ROLES),
  passwordHash: z.string().regex(PASSWORD_HASH_PATTERN, 'expected scrypt$N$r$p$salt$hash, as `peygir console-user add <name> <role>` prints it'),
});
export type ConsoleUser = z.infer<typeof userSchema>;

/**
 * Reads CONSOLE_USERS_FILE: a YAML (or JSON) list of `{ name, role, passwordHash }`. Returns the users, or a
 * problem that names the file and the entry ("users.yaml, entry 2 (sara): role: …").
 */
export function readConsoleUsers(file: string): ConsoleUser[] | string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    return `cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? String(error)})`;
  }
  let entries: unknown;
  try {
    entries = parseYaml(text);
  } catch (error) {
    return `${file} is not YAML or JSON: ${error instanceof Error ? error.message : String(error)}`;
  }
  if (!Array.isArray(entries)) return `${file} should be a list of users: - { name: sara, role: agent, passwordHash: "scrypt$…" }`;
  const users: ConsoleUser[] = [];
  for (const [index, entry] of entries.entries()) {
    const parsed = userSchema.safeParse(entry);
    const label = `${file}, entry ${index + 1}${typeof (entry as { name?: unknown })?.name === 'string' ? ` (${(entry as { name: string }).name})` : ''}`;
    if (!parsed.success) return `${label}: ${parsed.error.issues.map((issue) => `${issue.path.join('.') || 'entry'}: ${issue.message}`).join('; ')}`;
    if (users.some((user) => user.name === parsed.data.name)) return `${label}: the name "${parsed.data.name}" is listed twice`;
    users.push(parsed.data);
  }
  return users;
}

/** What each role may open: agents the call tasks (and the customers they concern), marketers the sequences, admins everything. */
export function mayOpen(role: ConsoleRole, area: 'callTasks' | 'sequences' | 'customers'): boolean {
  if (role === 'admin') return true;
  return role === 'agent' ? area === 'callTasks' : area === 'sequences';
}
