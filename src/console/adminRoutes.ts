import type { FastifyPluginAsync } from 'fastify';
import type { ApiDeps } from '../api/app.js';
import { listCustomerRuns } from '../api/customerRuns.js';
import { controlEnrollment, isEnrollmentControl } from '../api/enrollmentControls.js';
import { ApiError } from '../api/errors.js';
import { customerExport, eraseCustomerEverywhere } from '../api/routes/customerPrivacy.js';
import { temporalUiLinks } from '../api/temporalUi.js';
import type { Guarded } from './console.js';
import { customerPage, findCustomerPage } from './pages/customers.js';

const customerPath = (id: string) => `/console/customers/${encodeURIComponent(id)}`;

/**
 * The admins' (ops') customer pages: find, read (profile, consent, timeline, runs), control a run, export and erase,
 * each through the code the API uses (POST /v1/enrollments/:id/<control>, GET /v1/customers/:id/export, DELETE /v1/customers/:id).
 */
export const adminRoutes: FastifyPluginAsync<{ deps: ApiDeps; guarded: Guarded }> = async (app, { deps, guarded }) => {
  const ui = temporalUiLinks(deps.settings.temporalUiUrl, deps.client.options.namespace);

  app.get('/console/customers', guarded('customers', async (_request, _reply, context) => findCustomerPage(context)));

  app.get<{ Querystring: { id?: string } }>(
    '/console/customers/find',
    guarded('customers', async (request, reply) => void reply.redirect(customerPath(request.query.id ?? ''), 303)),
  );

  app.get<{ Params: { id: string }; Querystring: { done?: string } }>(
    '/console/customers/:id',
    guarded('customers', async (request, _reply, context) => {
      const { id } = request.params;
      const [customer, timeline, runs] = await Promise.all([
        deps.store.getCustomer(id),
        deps.store.customerTimeline(id, { limit: 100 }),
        listCustomerRuns(deps.client, deps.links.secret, id),
      ]);
      const { done } = request.query;
      const notice = done === 'erased' || isEnrollmentControl(done) ? done : undefined;
      return customerPage(context, id, customer, timeline.items, { runs, temporalUiUrl: ui.workflow, notice });
    }),
  );

  app.post<{ Params: { id: string }; Body: { run?: string; action?: string } }>(
    '/console/customers/:id/runs',
    guarded('customers', async (request, reply, context) => {
      const { run, action } = request.body;
      if (!isEnrollmentControl(action)) throw new ApiError(422, 'invalid_action', 'action: one of cancel, skip-wait, retry-step');
      if (!run) throw new ApiError(422, 'invalid_request', 'run: the enrollment ID is missing');
      await controlEnrollment(deps.client, run, action, action === 'cancel' ? `from the console by ${context.session?.user.name ?? 'ops'}` : undefined);
      return void reply.redirect(`${customerPath(request.params.id)}?done=${action}`, 303);
    }),
  );

  app.get<{ Params: { id: string } }>(
    '/console/customers/:id/export',
    guarded('customers', async (request, reply) => {
      const { filename, document } = await customerExport(deps, request.params.id);
      return void reply.type('application/json; charset=utf-8').header('content-disposition', `attachment; filename="${filename}"`).send(JSON.stringify(document, null, 2));
    }),
  );

  app.post<{ Params: { id: string }; Body: { confirm?: string } }>(
    '/console/customers/:id/erase',
    guarded('customers', async (request, reply) => {
      const { id } = request.params;
      if (request.body.confirm !== id) throw new ApiError(422, 'confirmation_mismatch', 'type the customer ID exactly to confirm the erasure');
      await eraseCustomerEverywhere(deps, id, request.log);
      return void reply.redirect(`${customerPath(id)}?done=erased`, 303);
    }),
  );
};
