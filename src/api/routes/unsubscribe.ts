import type { FastifyBaseLogger, FastifyPluginAsync } from 'fastify';
import { createLinks, LINK_PATHS, type MessageRef } from '../../security/links.js';
import { fingerprint } from '../../security/signing.js';
import type { ApiDeps } from '../app.js';
import { OPEN, tokenQuery } from '../docs.js';
import { ApiError } from '../errors.js';
import { deliverEvent } from '../eventIntake.js';

/** Both languages on one page: the link does not say which one the customer reads. */
const PAGES = {
  confirm: {
    status: 200,
    fa: 'دیگر ایمیل‌های ما را دریافت نمی‌کنید؟ برای لغو اشتراک دکمه را بزنید.',
    en: 'Stop receiving our emails? Press the button to unsubscribe.',
    button: true,
  },
  done: { status: 200, fa: 'اشتراک شما لغو شد. دیگر ایمیلی از ما دریافت نمی‌کنید.', en: 'You are unsubscribed. You will not get more emails from us.', button: false },
  invalid: { status: 404, fa: 'این پیوند معتبر نیست.', en: 'This link is not valid.', button: false },
  unavailable: {
    status: 503,
    fa: 'الان نتوانستیم درخواست شما را ثبت کنیم. لطفاً چند دقیقه دیگر دوباره امتحان کنید.',
    en: 'We could not record your request just now. Please try again in a few minutes.',
    button: true,
  },
} as const;

function page(kind: keyof typeof PAGES): string {
  const { fa, en, button } = PAGES[kind];
  const form = button
    ? '<form method="post"><input type="hidden" name="confirm" value="yes"><button type="submit">لغو اشتراک · Unsubscribe</button></form>'
    : '';
  return `<!DOCTYPE html>
<html lang="fa" dir="rtl">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>لغو اشتراک · Unsubscribe</title>
<style>body{margin:0;background:#f4f5f7;color:#1f2328}main{max-width:480px;margin:48px auto;padding:24px;background:#fff;border-radius:8px;text-align:center}
p{font-size:16px;line-height:1.9}.fa{font-family:Vazirmatn,Vazir,Tahoma,sans-serif}.en{font-family:-apple-system,'Segoe UI',Roboto,Arial,sans-serif}
button{font:inherit;font-family:Vazirmatn,Tahoma,sans-serif;padding:10px 24px;border:0;border-radius:6px;background:#2563eb;color:#fff;cursor:pointer}</style></head>
<body><main><p class="fa" lang="fa" dir="rtl">${fa}</p><p class="en" lang="en" dir="ltr">${en}</p>${form}</main></body>
</html>
`;
}

/**
 * `GET /unsubscribe?t=<token>` shows a confirmation page (a GET never unsubscribes: mail scanners
 * follow links); `POST` — the page's button or a mail client's RFC 8058 one-click
 * `List-Unsubscribe=One-Click` — records an `unsubscribed` event through Temporal and answers only once
 * it is stored (503 otherwise, so one-click senders retry). The event ID comes from the email, so
 * repeated clicks are one event.
 */
export const unsubscribeRoutes: FastifyPluginAsync<ApiDeps> = async (app, deps) => {
  const links = createLinks(deps.links);
  // One-click senders post form data (urlencoded or multipart); the token in the URL says everything.
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));

  app.get<{ Querystring: { t: string } }>(LINK_PATHS.unsubscribe, { schema: { ...OPEN, querystring: tokenQuery } }, async (request, reply) => {
    const kind = links.readUnsubscribe(request.query.t) ? 'confirm' : 'invalid';
    return reply.status(PAGES[kind].status).type('text/html; charset=utf-8').send(page(kind));
  });

  /** Records the unsubscribe durably; 'unavailable' when Temporal did not take it (the customer should retry). */
  async function unsubscribe(message: MessageRef, oneClick: boolean, log: FastifyBaseLogger): Promise<'done' | 'unavailable'> {
    const event = {
      eventId: `unsubscribed/${fingerprint(message.messageKey)}`,
      type: 'unsubscribed',
      customerId: message.customerId,
      data: { via: oneClick ? 'one_click' : 'page', sequenceId: message.sequenceId, messageKey: message.messageKey },
    };
    try {
      await deliverEvent(deps, event, log);
      return 'done';
    } catch (error) {
      // An erased customer is refused every channel already (README "Export and erasure").
      if (error instanceof ApiError && error.code === 'customer_erased') return 'done';
      if (error instanceof ApiError) return 'unavailable';
      throw error;
    }
  }

  app.post<{ Querystring: { t: string } }>(LINK_PATHS.unsubscribe, { schema: { ...OPEN, querystring: tokenQuery } }, async (request, reply) => {
    const message = links.readUnsubscribe(request.query.t);
    const body = typeof request.body === 'string' ? request.body : '';
    const oneClick = body.includes('List-Unsubscribe') && body.includes('One-Click'); // urlencoded or multipart
    const kind = message ? await unsubscribe(message, oneClick, request.log) : 'invalid';
    return reply.status(PAGES[kind].status).type('text/html; charset=utf-8').send(page(kind));
  });
};
