import type { FastifyPluginAsync } from 'fastify';
import type { ApiDeps } from '../api/app.js';
import { ApiError } from '../api/errors.js';
import { SequenceError } from '../dsl/load.js';
import { REPORTS } from '../reports/index.js';
import { reportQuery, ReportParameterError } from '../reports/query.js';
import type { Guarded } from './console.js';
import { reportsPage, type ReportChoice } from './pages/reports.js';
import { messages } from './messages.js';
import { previewPage, sequencePage } from './pages/sequence.js';
import { runSamplePreview, sampleCommand } from './samplePreview.js';
import { sequencesPage, type ReloadNotice } from './pages/sequences.js';

/**
 * The marketers' pages: the sequences (validation, live versions, reload), one sequence (graph, customers at each
 * step now, funnel, preview), and the reports as charts. Reload goes through the registry as POST /v1/sequences/reload does.
 */
export const marketerRoutes: FastifyPluginAsync<{ deps: ApiDeps; guarded: Guarded }> = async (app, { deps, guarded }) => {
  app.get<{ Querystring: { notice?: string } }>(
    '/console/sequences',
    guarded('sequences', async (request, _reply, context) => {
      const notice = request.query.notice === 'reloaded' || request.query.notice === 'reloadFailed' ? (request.query.notice satisfies ReloadNotice) : undefined;
      return sequencesPage(context, deps.sequences, await deps.store.openRuns(), notice);
    }),
  );

  app.post(
    '/console/sequences/reload',
    guarded('sequences', async (request, reply) => {
      const notice = await deps.sequences.reload().then(
        (loaded): ReloadNotice => {
          request.log.info({ sequences: loaded.map((sequence) => `${sequence.id}@${sequence.version}`) }, `reloaded ${loaded.length} sequence(s) from the console`);
          return 'reloaded';
        },
        (error: unknown): ReloadNotice => {
          if (error instanceof SequenceError) return 'reloadFailed';
          throw error;
        },
      );
      return void reply.redirect(`/console/sequences?notice=${notice}`, 303);
    }),
  );

  app.get<{ Params: { id: string } }>(
    '/console/sequences/:id',
    guarded('sequences', async (request, _reply, context) => {
      const definition = deps.sequences.get(request.params.id);
      if (!definition) throw new ApiError(404, 'sequence_not_found', `no sequence "${request.params.id}" is loaded`);
      const [open, funnel] = await Promise.all([deps.store.openRuns(definition.id), deps.store.report('funnel', reportQuery({ sequence: definition.id }, new Date()))]);
      const problems = deps.sequences.validation().find((file) => file.id === definition.id)?.problems ?? [];
      return sequencePage(context, definition, { problems, open, funnel: funnel.rows, previewCommand: sampleCommand(deps.sequences.dir, definition.id) });
    }),
  );

  app.post<{ Params: { id: string } }>(
    '/console/sequences/:id/preview',
    guarded('sequences', async (request, _reply, context) => {
      const definition = deps.sequences.get(request.params.id);
      if (!definition) throw new ApiError(404, 'sequence_not_found', `no sequence "${request.params.id}" is loaded`);
      const preview = await runSamplePreview(deps.sequences.dir, definition.id);
      if (!preview) throw new ApiError(409, 'preview_running', messages(context.lang).previewRunning);
      return previewPage(context, definition, preview);
    }),
  );

  app.get<{ Querystring: ReportChoice }>(
    '/console/reports',
    guarded('sequences', async (request, _reply, context) => {
      const { name = 'funnel', column, from, to, sequence } = request.query;
      if (!REPORTS[name]) throw new ApiError(404, 'report_not_found', `no report "${name}"; one of ${Object.keys(REPORTS).join(', ')}`);
      const typed = (value: string | undefined) => (value?.trim() ? value.trim() : undefined);
      let query;
      try {
        // Persian pages count in Jalali periods (months, weeks from Saturday), English ones in Gregorian.
        query = reportQuery({ from: typed(from), to: typed(to), sequence: typed(sequence), calendar: context.lang === 'fa' ? 'jalali' : 'gregorian' }, new Date());
      } catch (error) {
        if (error instanceof ReportParameterError) throw new ApiError(400, 'invalid_request', error.message);
        throw error;
      }
      const result = await deps.store.report(name, query);
      return reportsPage(context, { name, column, from, to, sequence }, result);
    }),
  );
};
