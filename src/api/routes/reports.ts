import type { FastifyPluginAsync } from 'fastify';
import { REPORT_NAMES } from '../../reports/index.js';
import { reportQuery, ReportParameterError, type ReportParameters } from '../../reports/query.js';
import type { ApiDeps } from '../app.js';
import { ApiError, storeUnavailable } from '../errors.js';
import { errorResponses } from '../schemas.js';

const text = (description: string) => ({ type: 'string', maxLength: 100, description });

const querystring = {
  type: 'object',
  properties: {
    from: text('first day (2026-11-01, or Jalali 1405/08/10: midnight in timeZone) or instant (ISO 8601); default 30 days before `to`'),
    to: text('end, exclusive (same forms); default now. Unresolved complaints are counted as of this instant'),
    period: { type: 'string', enum: ['day', 'week', 'month'], default: 'day' },
    sequence: text('only this sequence (funnel, conversion, experiments)'),
    timeZone: text('whose midnight starts a day; default Asia/Tehran'),
    calendar: { type: 'string', enum: ['gregorian', 'jalali'], default: 'gregorian', description: 'jalali: Jalali months, weeks from Saturday, Jalali labels' },
    activeDays: text('customers: active while the last purchase is less than this many days old; default 90'),
    acquisitionCost: text('customers: what acquiring one customer costs, to set the lifetime value against'),
  },
  additionalProperties: false,
};

const reportSchema = {
  type: 'object',
  properties: {
    report: { type: 'string' },
    from: { type: 'string', format: 'date-time' },
    to: { type: 'string', format: 'date-time' },
    period: { type: 'string' },
    timeZone: { type: 'string' },
    calendar: { type: 'string' },
    columns: { type: 'array', items: { type: 'string' }, description: 'the fields of each row, in order' },
    rows: { type: 'array', items: { type: 'object', additionalProperties: { type: ['string', 'number', 'null'] } } },
  },
};

/**
 * GET /v1/reports/:name: the numbers from the store's events and ledger (src/reports/), as JSON rows;
 * `peygir report <name>` prints the same rows as a table or CSV.
 */
export const reportRoutes: FastifyPluginAsync<Pick<ApiDeps, 'store'>> = async (app, deps) => {
  app.get<{ Params: { name: string }; Querystring: ReportParameters }>(
    '/v1/reports/:name',
    {
      schema: {
        summary: 'A report: funnel, conversion, experiments, reaction-time, unresolved-complaints, call-outcomes or customers',
        tags: ['reports'],
        params: { type: 'object', properties: { name: { type: 'string', enum: REPORT_NAMES } }, required: ['name'] },
        querystring,
        response: { 200: reportSchema, ...errorResponses(400, 403, 503) },
      },
    },
    async (request) => {
      let query;
      try {
        query = reportQuery(request.query, new Date());
      } catch (error) {
        if (error instanceof ReportParameterError) throw new ApiError(400, 'invalid_request', error.message);
        throw error;
      }
      const result = await deps.store.report(request.params.name, query).catch(() => {
        throw storeUnavailable('the customer store did not answer; retry later');
      });
      const { from, to, period, timeZone, calendar } = query;
      return { report: result.report, from: from.toISOString(), to: to.toISOString(), period, timeZone, calendar, columns: result.columns, rows: result.rows };
    },
  );
};
