import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { fingerprint, hmacHex } from '../security/signing.js';
import type { ConsoleUser } from './users.js';

const SESSION_COOKIE = 'peygir_console';
/** Before login: the nonce the login form's CSRF token is made from. */
const LOGIN_COOKIE = 'peygir_console_login';
const SESSION_HOURS = 12;

/** A logged-in console user; `nonce` is this session's own, for its CSRF token. */
export interface ConsoleSession {
  user: ConsoleUser;
  nonce: string;
}

interface SessionClaims {
  /** user name */
  u: string;
  n: string;
  /** expires, ms since epoch */
  e: number;
  /** fingerprint of the password hash: a changed password ends the user's sessions */
  h: string;
}

/**
 * Sessions live in a cookie signed with PEYGIR_SECRET (HMAC), so every API process behind a load balancer reads them
 * and nothing is stored: httpOnly, SameSite=Strict, path /console, Secure when the request came over HTTPS
 * (directly, or X-Forwarded-Proto from a proxy TRUST_PROXY believes). The role is read from CONSOLE_USERS_FILE on
 * every request, so a removed user or a changed role or password takes effect at once.
 */
export function consoleSessions(secret: string, users: ConsoleUser[]) {
  const mac = (text: string) => hmacHex(secret, `console-session\n${text}`);
  const sealed = (claims: SessionClaims) => {
    const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
    return `${body}.${mac(body)}`;
  };
  const opened = (value: string | undefined): SessionClaims | undefined => {
    const [body = '', signature = ''] = (value ?? '').split('.');
    const expected = Buffer.from(mac(body));
    if (!body || signature.length !== expected.length || !timingSafeEqual(Buffer.from(signature), expected)) return undefined;
    return JSON.parse(Buffer.from(body, 'base64url').toString()) as SessionClaims;
  };
  const cookieOptions = (request: FastifyRequest, maxAge: number) =>
    ({ path: '/console', httpOnly: true, sameSite: 'strict', secure: request.protocol === 'https', maxAge }) as const;

  return {
    /** The request's session, if its cookie is ours, unexpired, and its user still exists with the same password. */
    read(request: FastifyRequest): ConsoleSession | undefined {
      const claims = opened(request.cookies[SESSION_COOKIE]);
      const user = claims && users.find((candidate) => candidate.name === claims.u);
      if (!claims || !user || claims.e < Date.now() || claims.h !== fingerprint(user.passwordHash)) return undefined;
      return { user, nonce: claims.n };
    },
    start(request: FastifyRequest, reply: FastifyReply, user: ConsoleUser): void {
      const claims = { u: user.name, n: randomBytes(16).toString('base64url'), e: Date.now() + SESSION_HOURS * 3_600_000, h: fingerprint(user.passwordHash) };
      void reply.setCookie(SESSION_COOKIE, sealed(claims), cookieOptions(request, SESSION_HOURS * 3_600)).clearCookie(LOGIN_COOKIE, { path: '/console' });
    },
    end(reply: FastifyReply): void {
      void reply.clearCookie(SESSION_COOKIE, { path: '/console' });
    },
    /** The login form's nonce: from its cookie, or a new one set now (signed, so a cookie set by someone else is not taken). */
    loginNonce(request: FastifyRequest, reply: FastifyReply): string {
      const claims = opened(request.cookies[LOGIN_COOKIE]);
      if (claims && claims.u === '' && claims.e > Date.now()) return claims.n;
      const fresh = { u: '', n: randomBytes(16).toString('base64url'), e: Date.now() + 3_600_000, h: '' };
      void reply.setCookie(LOGIN_COOKIE, sealed(fresh), cookieOptions(request, 3_600));
      return fresh.n;
    },
    /** The login nonce the request carries, without making one (for checking a posted login form). */
    postedLoginNonce(request: FastifyRequest): string | undefined {
      const claims = opened(request.cookies[LOGIN_COOKIE]);
      return claims && claims.u === '' && claims.e > Date.now() ? claims.n : undefined;
    },
  };
}

