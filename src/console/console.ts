import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import rateLimit from '@fastify/rate-limit';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest, RouteGenericInterface } from 'fastify';
import type { ApiDeps } from '../api/app.js';
import { ApiError } from '../api/errors.js';
import { CSRF_FIELD, csrfTokens } from './csrf.js';
import { esc, langCookie, langOf, layout, type PageContext } from './layout.js';
import { messages } from './messages.js';
import { loginPage } from './pages/login.js';
import { verifyPassword } from './passwords.js';
import { consoleSessions } from './sessions.js';
import { agentRoutes } from './agentRoutes.js';
import { adminRoutes } from './adminRoutes.js';
import { assetRoutes } from './assetRoutes.js';
import { marketerRoutes } from './marketerRoutes.js';
import { mayOpen, type ConsoleRole } from './users.js';

/** Checked when the user name is unknown, so a wrong name takes as long as a wrong password. */
const NOBODY_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

type Area = 'callTasks' | 'sequences' | 'customers';
/** A console page: its HTML, or nothing when it answered itself (a redirect). */
type PageHandler<Route extends RouteGenericInterface> = (request: FastifyRequest<Route>, reply: FastifyReply, context: PageContext) => Promise<string | void>;
export type Guarded = <Route extends RouteGenericInterface>(area: Area, handler: PageHandler<Route>) => (request: FastifyRequest<Route>, reply: FastifyReply) => Promise<void>;

const HOME: Record<ConsoleRole, string> = { agent: '/console/call-tasks', marketer: '/console/sequences', admin: '/console/call-tasks' };

/**
 * The console at /console, server-rendered HTML: login, the agents' call tasks, the marketers' sequences, the admins'
 * customers and erasure. Every page checks the session and the role on the server; every form post its CSRF token.
 */
export async function peygirConsole(app: FastifyInstance, deps: ApiDeps): Promise<void> {
  // Pages for people, not part of the API: left out of the OpenAPI document.
  app.addHook('onRoute', (route) => {
    route.schema = { ...route.schema, hide: true };
  });
  await app.register(cookie);
  await app.register(formbody, { bodyLimit: 65_536 });
  const sessions = consoleSessions(deps.links.secret, deps.settings.console.users);
  const csrf = csrfTokens(deps.links.secret);

  const contextOf = (request: FastifyRequest, reply: FastifyReply, nonce: string | undefined): PageContext => {
    const { lang, remember } = langOf(request);
    if (remember) void reply.setCookie(langCookie.name, remember, langCookie.options);
    const session = sessions.read(request);
    return { lang, path: request.url.split('?')[0] ?? '/console', csrf: nonce === undefined ? '' : csrf.tokenFor(nonce), ...(session ? { session } : {}) };
  };
  const html = (reply: FastifyReply, status: number, page: string) => reply.code(status).type('text/html; charset=utf-8').send(page);
  const refusal = (context: PageContext, title: string) => layout(context, title, `<p><a href="/console">${messages(context.lang).back}</a></p>`);

  const guarded: Guarded = (area, handler) => async (request, reply) => {
    const session = sessions.read(request);
    const context = contextOf(request, reply, session?.nonce);
    if (!session) return void reply.redirect('/console/login', 303);
    if (!mayOpen(session.user.role, area)) return void html(reply, 403, refusal(context, messages(context.lang).forbidden));
    if (request.method === 'POST' && !csrf.matches(session.nonce, (request.body as Record<string, unknown> | undefined)?.[CSRF_FIELD])) {
      return void html(reply, 403, refusal(context, 'CSRF'));
    }
    const page = await handler(request, reply, context);
    if (page !== undefined) void html(reply, 200, page);
  };

  app.setErrorHandler((error: FastifyError | ApiError, request, reply) => {
    const status = error.statusCode && error.statusCode >= 400 ? error.statusCode : 500;
    if (status >= 500) request.log.error({ err: error }, 'console page failed');
    const context = contextOf(request, reply, sessions.read(request)?.nonce);
    const t = messages(context.lang);
    const title = status === 404 ? t.notFound : `${t.error} ${status}`;
    void html(reply, status, layout(context, title, `<p class="notice" dir="ltr">${esc(error.message)}</p><p><a href="/console">${t.back}</a></p>`));
  });

  await app.register(assetRoutes);

  app.get('/console', async (request, reply) => {
    const session = sessions.read(request);
    return reply.redirect(session ? HOME[session.user.role] : '/console/login', 303);
  });

  app.get('/console/login', async (request, reply) => html(reply, 200, loginPage(contextOf(request, reply, sessions.loginNonce(request, reply)))));

  await app.register(async (login) => {
    await login.register(rateLimit, {
      max: deps.settings.console.loginsPerMinute,
      timeWindow: 60_000,
      keyGenerator: (request) => `console-login:${request.ip}`,
      errorResponseBuilder: (_request, context) => new ApiError(429, 'rate_limited', `too many logins from this address; retry in ${context.after}`),
    });
    login.post<{ Body: Record<string, unknown> }>('/console/login', async (request, reply) => {
      const nonce = sessions.postedLoginNonce(request);
      if (!csrf.matches(nonce, request.body?.[CSRF_FIELD])) return html(reply, 403, refusal(contextOf(request, reply, undefined), 'CSRF'));
      const { name, password } = request.body ?? {};
      const user = deps.settings.console.users.find((candidate) => candidate.name === name);
      const valid = await verifyPassword(typeof password === 'string' ? password : '', user?.passwordHash ?? NOBODY_HASH);
      if (!user || !valid) {
        request.log.info({ consoleUser: typeof name === 'string' ? name.slice(0, 100) : undefined }, 'console login refused');
        return html(reply, 401, loginPage(contextOf(request, reply, nonce), true));
      }
      sessions.start(request, reply, user);
      request.log.info({ consoleUser: user.name, role: user.role }, 'console login');
      return reply.redirect(HOME[user.role], 303);
    });
  });

  app.post<{ Body: Record<string, unknown> }>('/console/logout', async (request, reply) => {
    const session = sessions.read(request);
    if (session && !csrf.matches(session.nonce, request.body?.[CSRF_FIELD])) return html(reply, 403, refusal(contextOf(request, reply, undefined), 'CSRF'));
    sessions.end(reply);
    return reply.redirect('/console/login', 303);
  });

  await app.register(agentRoutes, { deps, guarded });
  await app.register(marketerRoutes, { deps, guarded });
  await app.register(adminRoutes, { deps, guarded });
}
