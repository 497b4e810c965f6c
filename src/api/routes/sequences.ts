import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { enrollmentWorkflowId } from '../../../workflows/ids.js';
import { customerProfileSchema } from '../../events/customerEvent.js';
import type { SequenceDefinition } from '../../dsl/definition.js';
import { SequenceError } from '../../dsl/load.js';
import type { ApiDeps } from '../app.js';
import { ApiError } from '../errors.js';
import { deliverEvents } from '../eventIntake.js';
import { errorResponses, jsonSchema } from '../schemas.js';
import { BATCH_LIMIT, intakeAnswer, intakeResultsSchema } from './events.js';

const enrollRequestSchema = z.strictObject({
  requestId: z
    .string()
    .regex(/^[\w.-]{1,100}$/, 'letters, digits, . _ -; at most 100')
    .describe('makes the request idempotent: the same requestId enrolls each customer once'),
  customers: z
    .array(
      z.strictObject({
        customerId: z.string().min(1).max(200),
        customer: customerProfileSchema.optional(),
        data: z.record(z.string(), z.unknown()).optional().describe("the trigger event's data the sequence's templates and conditions use"),
      }),
    )
    .min(1)
    .max(BATCH_LIMIT),
});
type EnrollRequest = z.infer<typeof enrollRequestSchema>;

const enrollAnswerSchema = intakeResultsSchema.extend({
  results: z.array(intakeResultsSchema.shape.results.element.extend({ enrollmentId: z.string().optional() })),
});

const sequenceSummary = (sequence: SequenceDefinition) => ({
  id: sequence.id,
  name: sequence.name,
  version: sequence.version,
  source: sequence.source,
  trigger: sequence.trigger.event,
  ...(sequence.trigger.lifecycle && { lifecycle: sequence.trigger.lifecycle }),
  reentry: sequence.reentry,
  exitOn: sequence.exitOn,
  ...(sequence.goal ? { goal: sequence.goal.event } : {}),
});

const sequencesSchema = {
  type: 'object',
  properties: {
    sequences: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          id: { type: 'string' },
          name: { type: 'string' },
          version: { type: 'string', description: 'content hash; runs keep the version they started with' },
          source: { type: 'string' },
          trigger: { type: 'string' },
          lifecycle: { type: 'string', description: 'the stage whose change enrolls (then trigger is lifecycle_changed)' },
          reentry: { type: 'string' },
          exitOn: { type: 'array', items: { type: 'string' } },
          goal: { type: 'string' },
        },
      },
    },
    validation: {
      type: 'object',
      description: 'the last reload: every file and its problems (when invalid, the sequences above are the ones loaded before)',
      properties: {
        valid: { type: 'boolean' },
        files: {
          type: 'array',
          items: {
            type: 'object',
            properties: { file: { type: 'string' }, id: { type: 'string' }, version: { type: 'string' }, problems: { type: 'array', items: { type: 'string' } } },
          },
        },
      },
    },
  },
};

/** The loaded sequences, reloading them from disk, and enrolling customers by hand. */
export const sequenceRoutes: FastifyPluginAsync<ApiDeps> = async (app, deps) => {
  const overview = () => {
    const files = deps.sequences.validation();
    return { sequences: deps.sequences.list().map(sequenceSummary), validation: { valid: files.every((file) => file.problems.length === 0), files } };
  };

  app.get('/v1/sequences', { schema: { summary: 'Loaded sequences with version and validation state', tags: ['sequences'], response: { 200: sequencesSchema, ...errorResponses(403) } } }, async () => overview());

  app.post(
    '/v1/sequences/reload',
    {
      schema: {
        summary: 'Read the sequences folder again',
        description: 'New enrollments get the new versions; runs in flight keep theirs. When a file is broken: 422 invalid_sequences listing every problem, and the sequences loaded before stay.',
        tags: ['sequences'],
        response: { 200: sequencesSchema, ...errorResponses(403, 422) },
      },
    },
    async (request) => {
      try {
        const loaded = await deps.sequences.reload();
        request.log.info({ sequences: loaded.map((sequence) => `${sequence.id}@${sequence.version}`) }, `reloaded ${loaded.length} sequence(s)`);
      } catch (error) {
        if (!(error instanceof SequenceError)) throw error;
        const problems = deps.sequences.validation().filter((file) => file.problems.length > 0);
        throw new ApiError(422, 'invalid_sequences', 'the sequences have problems; the ones loaded before are still running', problems);
      }
      return overview();
    },
  );

  app.post<{ Params: { id: string }; Body: EnrollRequest }>(
    '/v1/sequences/:id/enroll',
    {
      schema: {
        summary: `Enroll up to ${BATCH_LIMIT} customers by hand`,
        description:
          "Sends each customer the sequence's trigger event with `data.manual: true` and `data.sequenceId`, eventId `manual/<sequence>/<requestId>`: " +
          "the sequence's `where` and re-entry rules still apply, and the same requestId again changes nothing. Answers like /v1/events/batch; " +
          '`enrollmentId` is the run the event starts when the rules allow it.',
        tags: ['sequences'],
        params: { type: 'object', properties: { id: { type: 'string', minLength: 1, maxLength: 100 } }, required: ['id'] },
        body: jsonSchema(enrollRequestSchema, 'input'),
        response: { 202: jsonSchema(enrollAnswerSchema), 207: jsonSchema(enrollAnswerSchema), ...errorResponses(403, 404, 503) },
      },
    },
    async (request, reply) => {
      const sequence = deps.sequences.get(request.params.id);
      if (!sequence) throw new ApiError(404, 'sequence_not_found', `no sequence "${request.params.id}" is loaded`);
      const eventId = `manual/${sequence.id}/${request.body.requestId}`;
      const events = request.body.customers.map(({ customerId, customer, data }) => ({
        eventId,
        type: sequence.trigger.event,
        customerId,
        ...(customer ? { customer } : {}),
        // A lifecycle-triggered sequence gets a stage change to its stage (data may give churn_type).
        data: { ...(sequence.trigger.lifecycle && { stage: sequence.trigger.lifecycle }), ...data, manual: true, sequenceId: sequence.id },
      }));
      const { status, headers, body } = intakeAnswer(await deliverEvents(deps, events, request.log));
      const results = body.results.map((result) => ({
        ...result,
        ...(result.status === 'accepted' ? { enrollmentId: enrollmentWorkflowId(sequence.id, events[result.index]?.customerId ?? '', eventId) } : {}),
      }));
      return reply.status(status).headers(headers).send({ ...body, results });
    },
  );
};
