import type { FastifyPluginAsync } from 'fastify';
import type { ApiDeps } from '../api/app.js';
import { ApiError } from '../api/errors.js';
import { eraseCustomerEverywhere } from '../api/routes/customerPrivacy.js';
import type { Guarded } from './console.js';
import { customerPage, findCustomerPage } from './pages/customers.js';

const customerPath = (id: string) => `/console/customers/${encodeURIComponent(id)}`;

/** The admins' customer pages: find, read (profile, consent, timeline) and erase — erasure as DELETE /v1/customers/:id does it. */
export const adminRoutes: FastifyPluginAsync<{ deps: ApiDeps; guarded: Guarded }> = async (app, { deps, guarded }) => {
  app.get('/console/customers', guarded('customers', async (_request, _reply, context) => findCustomerPage(context)));

  app.get<{ Querystring: { id?: string } }>(
    '/console/customers/find',
    guarded('customers', async (request, reply) => void reply.redirect(customerPath(request.query.id ?? ''), 303)),
  );

  app.get<{ Params: { id: string }; Querystring: { erased?: string } }>(
    '/console/customers/:id',
    guarded('customers', async (request, _reply, context) => {
      const { id } = request.params;
      const [customer, timeline] = await Promise.all([deps.store.getCustomer(id), deps.store.customerTimeline(id, { limit: 100 })]);
      return customerPage(context, id, customer, timeline.items, request.query.erased === '1');
    }),
  );

  app.post<{ Params: { id: string }; Body: { confirm?: string } }>(
    '/console/customers/:id/erase',
    guarded('customers', async (request, reply) => {
      const { id } = request.params;
      if (request.body.confirm !== id) throw new ApiError(422, 'confirmation_mismatch', 'type the customer ID exactly to confirm the erasure');
      await eraseCustomerEverywhere(deps, id, request.log);
      return void reply.redirect(`${customerPath(id)}?erased=1`, 303);
    }),
  );
};
