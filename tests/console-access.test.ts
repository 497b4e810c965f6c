import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { parse as parseYaml } from 'yaml';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiSettingsFromConfig } from '../src/api/settings.js';
import { loadConfig } from '../src/config.js';
import { verifyPassword } from '../src/console/passwords.js';
import type { ConsoleUser } from '../src/console/users.js';
import { consoleUserCommand } from '../src/cli/consoleUser.js';
import { consoleUser, ConsoleVisitor } from './support/consoleClient.js';
import { apiWithoutTemporal } from './support/stack.js';

/** Who may open what in the console, over HTTP; no Temporal behind the API: every refusal here is the console's own. */
describe('console access: login, roles, CSRF, rate limit, logout', () => {
  let api: FastifyInstance;
  let close: () => Promise<void>;
  let users: ConsoleUser[];
  beforeAll(async () => {
    users = await Promise.all([consoleUser('agent-ali', 'agent'), consoleUser('marketer-mina', 'marketer'), consoleUser('admin-ava', 'admin')]);
    const settings = apiSettingsFromConfig(loadConfig({}));
    ({ api, close } = await apiWithoutTemporal({ ...settings, console: { users, loginsPerMinute: 5 } }));
  });
  afterAll(() => close());

  it('sends a logged-out visitor to the login page, for pages and form posts alike', async () => {
    const visitor = new ConsoleVisitor(api);
    for (const url of ['/console', '/console/call-tasks', '/console/sequences', '/console/customers/c-1']) {
      const response = await visitor.get(url);
      expect(response.statusCode, url).toBe(303);
      expect(response.headers.location, url).toBe('/console/login');
    }
    const post = await visitor.post('/console/customers/c-1/erase', { confirm: 'c-1' });
    expect(post.statusCode).toBe(303);
    expect(post.headers.location).toBe('/console/login');
    const login = await visitor.get('/console/login');
    expect(login.statusCode).toBe(200);
    expect(login.body).toContain('<html lang="fa" dir="rtl">');
    expect(login.body).toContain('گذرواژه');
  });

  it('logs in with the right password only, with a session cookie that is httpOnly and SameSite=Strict (Secure over HTTPS)', async () => {
    const wrong = await new ConsoleVisitor(api).logIn('agent-ali', 'not-the-password');
    expect(wrong.statusCode).toBe(401);
    expect(wrong.cookies.find((cookie) => cookie.name === 'peygir_console')).toBeUndefined();

    const visitor = new ConsoleVisitor(api);
    const login = await visitor.logIn('agent-ali');
    expect(login.statusCode).toBe(303);
    expect(login.headers.location).toBe('/console/call-tasks');
    const session = login.cookies.find((cookie) => cookie.name === 'peygir_console');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/console' });
    expect(session?.secure).toBeFalsy();
  });

  it('marks the session cookie Secure when a trusted proxy says the visitor came over HTTPS', async () => {
    const proxied = await apiWithoutTemporal({ ...apiSettingsFromConfig(loadConfig({ TRUST_PROXY: 'true' })), console: { users, loginsPerMinute: 5 } });
    try {
      const login = await new ConsoleVisitor(proxied.api, '127.0.0.1', { 'x-forwarded-proto': 'https', 'x-forwarded-for': '203.0.113.9' }).logIn('agent-ali');
      expect(login.statusCode).toBe(303);
      expect(login.cookies.find((cookie) => cookie.name === 'peygir_console')).toMatchObject({ secure: true, httpOnly: true, sameSite: 'Strict' });
    } finally {
      await proxied.close();
    }
  });

  it('an agent is refused the marketers’ and the admins’ pages, erasure included', async () => {
    const agent = new ConsoleVisitor(api);
    await agent.logIn('agent-ali');
    for (const url of ['/console/sequences', '/console/customers', '/console/customers/c-1']) {
      const response = await agent.get(url);
      expect(response.statusCode, url).toBe(403);
      expect(response.body).toContain('اجازه دیدن این صفحه را ندارید');
    }
    // Even with a valid token from one of its own pages, an erasure post is refused for the role.
    const queue = await agent.get('/console/call-tasks');
    expect(queue.statusCode).toBe(200);
    const token = /name="_csrf" value="([^"]+)"/.exec(queue.body)?.[1] ?? '';
    const erase = await agent.post('/console/customers/c-1/erase', { _csrf: token, confirm: 'c-1' });
    expect(erase.statusCode).toBe(403);
  });

  it('a marketer sees the sequences but not the call tasks nor the customers', async () => {
    const marketer = new ConsoleVisitor(api);
    expect((await marketer.logIn('marketer-mina')).headers.location).toBe('/console/sequences');
    const sequences = await marketer.get('/console/sequences?lang=en');
    expect(sequences.statusCode).toBe(200);
    expect(sequences.body).toContain('<html lang="en" dir="ltr">');
    expect(sequences.body).toContain('<th>Version</th><th>Problems</th>');
    for (const url of ['/console/call-tasks', '/console/call-tasks/call-task%2Fx', '/console/customers/c-1']) {
      expect((await marketer.get(url)).statusCode, url).toBe(403);
    }
    // The language stays chosen (a cookie) until changed.
    expect((await marketer.get('/console/sequences')).body).toContain('lang="en"');
  });

  it('refuses a form without its CSRF token, or with another session’s', async () => {
    const admin = new ConsoleVisitor(api);
    await admin.logIn('admin-ava');
    const other = new ConsoleVisitor(api);
    await other.logIn('admin-ava');
    const othersToken = /name="_csrf" value="([^"]+)"/.exec((await other.get('/console/customers')).body)?.[1] ?? '';

    const bare = await admin.post('/console/customers/c-1/erase', { confirm: 'c-1' });
    expect(bare.statusCode).toBe(403);
    const foreign = await admin.post('/console/customers/c-1/erase', { _csrf: othersToken, confirm: 'c-1' });
    expect(foreign.statusCode).toBe(403);
    const loginWithoutToken = await new ConsoleVisitor(api).post('/console/login', { name: 'admin-ava', password: 'admin-ava-password' });
    expect(loginWithoutToken.statusCode).toBe(403);
    // With its own token the post gets past the console's checks (and the wrong confirmation is what stops it).
    const own = await admin.submit('/console/customers/c-1', '/console/customers/c-1/erase', { confirm: 'not-c-1' });
    expect(own.statusCode).toBe(422);
  });

  it('logout ends the session', async () => {
    const admin = new ConsoleVisitor(api);
    await admin.logIn('admin-ava');
    expect((await admin.get('/console/customers')).statusCode).toBe(200);
    const logout = await admin.submit('/console/customers', '/console/logout', {});
    expect(logout.statusCode).toBe(303);
    expect((await admin.get('/console/customers')).statusCode).toBe(303);
  });

  it('limits logins per client address', async () => {
    const attempts = [];
    for (let attempt = 0; attempt < 7; attempt++) attempts.push((await new ConsoleVisitor(api, '192.0.2.7').logIn('admin-ava', 'guess')).statusCode);
    expect(attempts).toEqual([401, 401, 401, 401, 401, 429, 429]);
    // Another address still gets in.
    expect((await new ConsoleVisitor(api, '192.0.2.8').logIn('admin-ava')).statusCode).toBe(303);
  });
});

describe('console users from CONSOLE_USERS_FILE', () => {
  it('`peygir console-user add` prints an entry whose hash matches the password (read from standard input)', async () => {
    const printed = await consoleUserCommand(['add', 'sara', 'agent'], Readable.from(['correct horse battery\n']));
    const [entry] = parseYaml(printed) as { name: string; role: string; passwordHash: string }[];
    expect(entry).toMatchObject({ name: 'sara', role: 'agent', passwordHash: expect.stringMatching(/^scrypt\$/) });
    expect(await verifyPassword('correct horse battery', entry?.passwordHash ?? '')).toBe(true);
    expect(await verifyPassword('correct horse battery!', entry?.passwordHash ?? '')).toBe(false);
    await expect(consoleUserCommand(['add', 'sara', 'agent'], Readable.from(['short\n']))).rejects.toThrow('at least 10 characters');
    await expect(consoleUserCommand(['add', 'sara', 'boss'], Readable.from(['long enough password\n']))).rejects.toThrow('use one of agent, marketer, admin');
  });

  it('a bad entry stops the process with a message naming the file and the entry', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'console-users-'));
    const file = join(dir, 'users.yaml');
    await writeFile(file, '- { name: ali, role: agent, passwordHash: "scrypt$32768$8$1$AAAA$BBBB" }\n- { name: sara, role: boss, passwordHash: "x" }\n');
    expect(() => loadConfig({ CONSOLE_USERS_FILE: file })).toThrow(`CONSOLE_USERS_FILE: ${file}, entry 2 (sara): role:`);
    expect(() => loadConfig({ CONSOLE_USERS_FILE: join(dir, 'missing.yaml') })).toThrow(/cannot read .*missing\.yaml \(ENOENT\)/);
    await writeFile(file, '- { name: ali, role: agent, passwordHash: "scrypt$32768$8$1$AAAA$BBBB" }\n');
    expect(loadConfig({ CONSOLE_USERS_FILE: file }).CONSOLE_USERS_FILE).toEqual([{ name: 'ali', role: 'agent', passwordHash: 'scrypt$32768$8$1$AAAA$BBBB' }]);
    expect(await verifyPassword('anything', 'scrypt$32768$8$1$AAAA$BBBB')).toBe(false);
  });
});
