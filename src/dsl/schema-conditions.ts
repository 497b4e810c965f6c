import { z } from 'zod';

const scalar = z.union([z.string(), z.number(), z.boolean()]);

/** Comparisons on one value; several in one map must all hold. */
const comparisons = z
  .strictObject({
    eq: scalar.optional(),
    ne: scalar.optional(),
    gt: z.union([z.number(), z.string()]).optional(),
    gte: z.union([z.number(), z.string()]).optional(),
    lt: z.union([z.number(), z.string()]).optional(),
    lte: z.union([z.number(), z.string()]).optional(),
    in: z.array(scalar).min(1).optional(),
    exists: z.boolean().optional(),
    contains: scalar.optional(),
  })
  .refine((ops) => Object.keys(ops).length > 0, {
    message: 'give a comparison: eq, ne, gt, gte, lt, lte, in, exists or contains',
    when: (payload) => payload.issues.length === 0,
  });

/** `path: value` means equals; `path: { lte: 6 }` compares. */
const pathTest = z.union([scalar, comparisons]);

export type ConditionYaml = {
  all?: ConditionYaml[] | undefined;
  any?: ConditionYaml[] | undefined;
  not?: ConditionYaml | undefined;
  [path: string]: unknown;
};

/**
 * A structured condition over customer.*, event.*, trigger.* — no code strings:
 *   { event.data.nps: { lte: 6 } }        { customer.vip: true }
 *   { any: [ {…}, {…} ] }   { all: […] }   { not: {…} }
 * Several entries in one map must all hold.
 */
export const condition: z.ZodType<ConditionYaml> = z.lazy(() =>
  z
    .object({
      all: z.array(condition).min(1).optional(),
      any: z.array(condition).min(1).optional(),
      not: condition.optional(),
    })
    .catchall(pathTest)
    .refine((value) => Object.keys(value).length > 0, { message: 'an empty condition; write e.g. { event.data.nps: { lte: 6 } }' }),
);
