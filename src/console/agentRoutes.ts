import type { FastifyPluginAsync } from 'fastify';
import type { ApiDeps } from '../api/app.js';
import { callTaskActions, type PresentedCallTask } from '../api/callTaskActions.js';
import { ApiError } from '../api/errors.js';
import { DEFAULT_TIMEZONE } from '../schedule/zone.js';
import type { CallOutcome } from '../../workflows/callTask.js';
import { callbackInstant } from './callbackTime.js';
import type { Guarded } from './console.js';
import { queuePage, taskPage } from './pages/callTasks.js';
import { queueOrder } from './queueOrder.js';

const QUEUE_SIZE = 100;
const TIMELINE_SIZE = 50;

interface OutcomeForm {
  outcome?: string;
  notes?: string;
  callbackAt?: string;
}

/**
 * The agents' pages: the queue (open and claimed tasks, overdue first), one task with its customer, claim and complete.
 * Claim and complete go through callTaskActions, as POST /v1/call-tasks/:id/claim and /complete do; the agent is the console user.
 */
export const agentRoutes: FastifyPluginAsync<{ deps: ApiDeps; guarded: Guarded }> = async (app, { deps, guarded }) => {
  const callTasks = callTaskActions(deps);
  const taskPath = (id: string) => `/console/call-tasks/${encodeURIComponent(id)}`;

  app.get(
    '/console/call-tasks',
    guarded('callTasks', async (_request, _reply, context) => {
      const listed = await Promise.all(['open', 'claimed'].map((status) => callTasks.list({ status }, { pageSize: QUEUE_SIZE }))).then(
        (pages) => ({ tasks: pages.flatMap((page) => page.callTasks), unavailable: undefined }),
        (error: unknown) => ({ tasks: [] as PresentedCallTask[], unavailable: error instanceof Error ? error.message : String(error) }),
      );
      const now = new Date();
      return queuePage(context, queueOrder(listed.tasks, now), now, listed.unavailable);
    }),
  );

  app.get<{ Params: { id: string } }>(
    '/console/call-tasks/:id',
    guarded('callTasks', async (request, _reply, context) => {
      const task = await callTasks.get(request.params.id);
      const [customer, timeline] = await Promise.all([
        deps.store.getCustomer(task.customerId),
        deps.store.customerTimeline(task.customerId, { limit: TIMELINE_SIZE }),
      ]);
      return taskPage(context, task, customer, timeline.items);
    }),
  );

  app.post<{ Params: { id: string } }>(
    '/console/call-tasks/:id/claim',
    guarded('callTasks', async (request, reply, context) => {
      await callTasks.claim(request.params.id, context.session?.user.name ?? '');
      return void reply.redirect(taskPath(request.params.id), 303);
    }),
  );

  app.post<{ Params: { id: string }; Body: OutcomeForm }>(
    '/console/call-tasks/:id/complete',
    guarded('callTasks', async (request, reply, context) => {
      const { id } = request.params;
      const { outcome, notes, callbackAt } = request.body;
      if (!outcome) throw new ApiError(422, 'invalid_outcome', 'choose an outcome');
      const task = await callTasks.get(id);
      const timeZone = (await deps.store.getCustomer(task.customerId))?.profile.timezone;
      const callback = outcome === 'callback_requested' ? callbackInstant(callbackAt, typeof timeZone === 'string' ? timeZone : DEFAULT_TIMEZONE) : undefined;
      const written = [callback ? `callback at ${callback.toISOString()}` : '', notes?.trim() ?? ''].filter(Boolean).join('\n');
      await callTasks.complete(id, { outcome: outcome as CallOutcome, agentId: context.session?.user.name, ...(written ? { notes: written.slice(0, 5_000) } : {}) });
      return void reply.redirect(taskPath(id), 303);
    }),
  );
};
