import { text } from 'node:stream/consumers';
import { stringify } from 'yaml';
import { hashPassword } from '../console/passwords.js';
import { CONSOLE_ROLES, type ConsoleRole } from '../console/users.js';
import { CliError } from './errors.js';

/**
 * `peygir console-user add <name> <role>`: reads the password from standard input (its first line) and prints the
 * entry to append to CONSOLE_USERS_FILE, with the password as an scrypt hash.
 */
export async function consoleUserCommand(rest: string[], input: NodeJS.ReadableStream = process.stdin): Promise<string> {
  const [action, name, role, extra] = rest;
  if (action !== 'add' || !name || !role || extra) throw new CliError(`usage: peygir console-user add <name> <${CONSOLE_ROLES.join('|')}>   (the password on standard input)`);
  if (!CONSOLE_ROLES.includes(role as ConsoleRole)) throw new CliError(`role "${role}": use one of ${CONSOLE_ROLES.join(', ')}`);
  const password = (await text(input)).split(/\r?\n/)[0] ?? '';
  if (password.length < 10) throw new CliError('give a password of at least 10 characters on standard input, e.g. `read -rs PW; echo "$PW" | peygir console-user add sara agent`');
  return stringify([{ name, role, passwordHash: await hashPassword(password) }]).trimEnd();
}
