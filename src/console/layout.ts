import type { FastifyRequest } from 'fastify';
import { CSRF_FIELD } from './csrf.js';
import { messages, type ConsoleLang } from './messages.js';
import type { ConsoleSession } from './sessions.js';
import { mayOpen } from './users.js';

const LANG_COOKIE = 'peygir_console_lang';

/** Escapes text for HTML content and attribute values. */
export function esc(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

/** The page's language: `?lang=` (then remembered in a cookie), else the cookie, else Persian. */
export function langOf(request: FastifyRequest): { lang: ConsoleLang; remember?: ConsoleLang } {
  const asked = (request.query as { lang?: unknown } | undefined)?.lang;
  if (asked === 'fa' || asked === 'en') return { lang: asked, remember: asked };
  return { lang: request.cookies[LANG_COOKIE] === 'en' ? 'en' : 'fa' };
}

export const langCookie = { name: LANG_COOKIE, options: { path: '/console', httpOnly: true, sameSite: 'strict', maxAge: 365 * 86_400 } } as const;

/** What every page knows: who is looking, in which language, and the form token. */
export interface PageContext {
  lang: ConsoleLang;
  path: string;
  session?: ConsoleSession;
  csrf: string;
}

/** A hidden field with the CSRF token, for every form. */
export function csrfField(context: PageContext): string {
  return `<input type="hidden" name="${CSRF_FIELD}" value="${esc(context.csrf)}">`;
}

/** The page shell: same markup for RTL and LTR (`dir`, logical CSS properties), the stylesheet served locally. */
export function layout(context: PageContext, title: string, body: string): string {
  const t = messages(context.lang);
  const other: ConsoleLang = context.lang === 'fa' ? 'en' : 'fa';
  const role = context.session?.user.role;
  const links = role
    ? [
        mayOpen(role, 'callTasks') ? `<a href="/console/call-tasks">${t.callTasks}</a>` : '',
        mayOpen(role, 'sequences') ? `<a href="/console/sequences">${t.sequences}</a>` : '',
        mayOpen(role, 'sequences') ? `<a href="/console/reports">${t.reports}</a>` : '',
        mayOpen(role, 'customers') ? `<a href="/console/customers">${t.customers}</a>` : '',
      ].join('')
    : '';
  const logout = context.session
    ? `<form method="post" action="/console/logout" class="inline">${csrfField(context)}<span>${esc(context.session.user.name)}</span> <button>${t.logout}</button></form>`
    : '';
  return `<!doctype html>
<html lang="${context.lang}" dir="${context.lang === 'fa' ? 'rtl' : 'ltr'}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)} · ${t.title}</title><link rel="stylesheet" href="/console/assets/console.css"></head>
<body><header><strong>${t.title}</strong><nav>${links}</nav><a href="${esc(context.path)}?lang=${other}" lang="${other}">${t.language}</a>${logout}</header>
<main><h1>${esc(title)}</h1>${body}</main></body></html>`;
}
