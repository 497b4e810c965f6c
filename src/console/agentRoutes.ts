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
import type { ConsoleSession } from './sessions.js';

/** What an agent may work on: the tasks open for anyone (the queue) and those they claimed themselves; an admin everything. */
function mayWork(task: Pick<PresentedCallTask, 'status' | 'claimedBy'>, session: ConsoleSession | undefined): boolean {
  if (session?.user.role === 'admin') return true;
  return task.status === 'open' || (task.claimedBy !== undefined && task.claimedBy === session?.user.name);
}

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
  /** The task, when this user may see it: an agent only open ones (the queue) and those they claimed; an admin any. */
  const taskFor = async (id: string, session: ConsoleSession | undefined): Promise<PresentedCallTask> => {
    const task = await callTasks.get(id);
    if (!mayWork(task, session)) throw new ApiError(403, 'call_task_not_yours', `call task "${id}" was claimed by another agent`);
    return task;
  };

  app.get(
    '/console/call-tasks',
    guarded('callTasks', async (_request, _reply, context) => {
      const listed = await Promise.all(['open', 'claimed'].map((status) => callTasks.list({ status }, { pageSize: QUEUE_SIZE }))).then(
        (pages) => ({ tasks: pages.flatMap((page) => page.callTasks).filter((task) => mayWork(task, context.session)), unavailable: undefined }),
        (error: unknown) => ({ tasks: [] as PresentedCallTask[], unavailable: error instanceof Error ? error.message : String(error) }),
      );
      const now = new Date();
      return queuePage(context, queueOrder(listed.tasks, now), now, listed.unavailable);
    }),
  );

  app.get<{ Params: { id: string } }>(
    '/console/call-tasks/:id',
    guarded('callTasks', async (request, _reply, context) => {
      const task = await taskFor(request.params.id, context.session);
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
      await taskFor(request.params.id, context.session);
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
      const task = await taskFor(id, context.session);
      const timeZone = (await deps.store.getCustomer(task.customerId))?.profile.timezone;
      const callback = outcome === 'callback_requested' ? callbackInstant(callbackAt, typeof timeZone === 'string' ? timeZone : DEFAULT_TIMEZONE) : undefined;
      if (outcome === 'callback_requested' && callbackAt?.trim() && !callback) throw new ApiError(422, 'invalid_callback_at', `callbackAt: "${callbackAt.slice(0, 40)}" is not a date and time like 2026-12-20T10:30`);
      const written = notes?.trim().slice(0, 5_000);
      await callTasks.complete(id, { outcome: outcome as CallOutcome, agentId: context.session?.user.name, notes: written || undefined, callbackAt: callback?.toISOString() });
      return void reply.redirect(taskPath(id), 303);
    }),
  );
};
