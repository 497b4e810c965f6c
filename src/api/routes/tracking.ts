import type { FastifyBaseLogger, FastifyPluginAsync } from 'fastify';
import type { CustomerEvent } from '../../events/customerEvent.js';
import { createLinks, LINK_PATHS } from '../../security/links.js';
import { fingerprint } from '../../security/signing.js';
import type { ApiDeps } from '../app.js';
import { OPEN, tokenQuery } from '../docs.js';
import { ApiError } from '../errors.js';
import { deliverEvent } from '../eventIntake.js';

/** A transparent 1×1 GIF. */
const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

/**
 * Email open pixel and click redirect, both behind signed tokens (see src/security/links.ts):
 * `GET /t/o?t=<token>` → the pixel and an `email_opened` event; `GET /t/c?t=<token>` → 302 to the target
 * inside the token and an `email_clicked` event. A token that does not verify gets 404, an expired
 * click token (CLICK_LINK_MAX_AGE_DAYS) 410, never a redirect. The event is sent to Temporal in the
 * background: the customer gets the pixel or the redirect even when Temporal is down (the lost event
 * is logged). Event IDs are derived from the
 * message (and link), so repeated opens and clicks count once.
 */
export const trackingRoutes: FastifyPluginAsync<ApiDeps> = async (app, deps) => {
  const links = createLinks(deps.links);

  const record = (event: CustomerEvent, log: FastifyBaseLogger): void => {
    deliverEvent(deps, event, log).catch((error: unknown) => {
      // An open or click by an erased customer is not kept (README "Export and erasure").
      if (error instanceof ApiError && error.code === 'customer_erased') return;
      log.warn({ event }, `${event.type} was not recorded (Temporal unavailable)`);
    });
  };

  app.get<{ Querystring: { t: string } }>(LINK_PATHS.open, { schema: { ...OPEN, querystring: tokenQuery } }, async (request, reply) => {
    const ref = links.readOpen(request.query.t);
    if (!ref) return reply.status(404).type('text/plain; charset=utf-8').send('unknown link');
    record(
      {
        eventId: `email_opened/${fingerprint(ref.messageKey)}`,
        type: 'email_opened',
        customerId: ref.customerId,
        data: { sequenceId: ref.sequenceId, messageKey: ref.messageKey },
      },
      request.log,
    );
    return reply.header('cache-control', 'no-store, private').type('image/gif').send(PIXEL);
  });

  app.get<{ Querystring: { t: string } }>(LINK_PATHS.click, { schema: { ...OPEN, querystring: tokenQuery } }, async (request, reply) => {
    const click = links.readClick(request.query.t);
    if (!click) return reply.status(404).type('text/plain; charset=utf-8').send('unknown link');
    if (click.expired) return reply.status(410).type('text/plain; charset=utf-8').send('this link has expired');
    record(
      {
        eventId: `email_clicked/${fingerprint(`${click.messageKey}\n${click.target}`)}`,
        type: 'email_clicked',
        customerId: click.customerId,
        data: { sequenceId: click.sequenceId, messageKey: click.messageKey, url: click.target },
      },
      request.log,
    );
    return reply.header('cache-control', 'no-store, private').redirect(click.target, 302);
  });
};
