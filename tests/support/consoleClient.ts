import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { hashPassword } from '../../src/console/passwords.js';
import type { ConsoleRole, ConsoleUser } from '../../src/console/users.js';

/** A console user for tests; the password is the name repeated (at least 10 characters). */
export async function consoleUser(name: string, role: ConsoleRole): Promise<ConsoleUser> {
  return { name, role, passwordHash: await hashPassword(passwordOf(name)) };
}

export const passwordOf = (name: string): string => `${name}-password`;

/** The CSRF token of the first form on a page. */
export function csrfOf(html: string): string {
  const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  expect(token, 'the page has a form with a CSRF token').toBeDefined();
  return token ?? '';
}

let visitors = 0;

/**
 * A person with a browser, over `inject`: keeps the cookies the console sets, sends forms url-encoded,
 * and does not follow redirects (tests look at them). Each comes from an address of its own (the login
 * rate limit counts per address) unless given one.
 */
export class ConsoleVisitor {
  private readonly cookies = new Map<string, string>();
  constructor(
    private readonly api: FastifyInstance,
    private readonly remoteAddress = `10.0.${Math.floor(++visitors / 250)}.${visitors % 250}`,
    /** Sent with every request, e.g. what a TLS-terminating proxy adds. */
    private readonly headers: Record<string, string> = {},
  ) {}

  private keep(response: LightMyRequestResponse): LightMyRequestResponse {
    for (const cookie of response.cookies) {
      if (cookie.maxAge === 0 || cookie.value === '') this.cookies.delete(cookie.name);
      else this.cookies.set(cookie.name, cookie.value);
    }
    return response;
  }

  private get cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  async get(url: string): Promise<LightMyRequestResponse> {
    return this.keep(await this.api.inject({ url, remoteAddress: this.remoteAddress, headers: { ...this.headers, cookie: this.cookieHeader } }));
  }

  async post(url: string, form: Record<string, string>): Promise<LightMyRequestResponse> {
    return this.keep(
      await this.api.inject({ method: 'POST', url, remoteAddress: this.remoteAddress, payload: new URLSearchParams(form).toString(), headers: { ...this.headers, cookie: this.cookieHeader, 'content-type': 'application/x-www-form-urlencoded' } }),
    );
  }

  /** Opens a page and posts its form with the page's CSRF token and these fields. */
  async submit(pageUrl: string, action: string, form: Record<string, string>): Promise<LightMyRequestResponse> {
    const page = await this.get(pageUrl);
    return this.post(action, { _csrf: csrfOf(page.body), ...form });
  }

  async logIn(name: string, password = passwordOf(name)): Promise<LightMyRequestResponse> {
    return this.submit('/console/login', '/console/login', { name, password });
  }
}
