import { z } from 'zod';
import { condition } from './schema-conditions.js';
import { calendarName, clockTime, duration, durationParts, durationText, eventName, fieldName, templateName } from './schema-values.js';

/** The step kinds a marketer writes, each a one-key map (plus `on_timeout` beside `wait_for`). */
export const STEP_KINDS = ['send', 'wait', 'wait_for', 'branch', 'split', 'escalate', 'call_task', 'update', 'webhook', 'exit'] as const;

const channel = z.enum(['email', 'sms', 'call']);

const send = z.strictObject({
  send: z.strictObject({
    channel,
    template: templateName,
    /** When the send window or a frequency cap does not allow the message now: wait for the next slot (default) or skip it. */
    when_not_allowed: z.enum(['wait', 'skip']).optional(),
  }),
});

/** `wait: 7d` or `wait: { months: 1, at: "10:00", from: enrollment, calendar: jalali }`. */
const wait = z.strictObject({
  wait: z.union([
    durationText,
    z
      .strictObject({ ...durationParts, at: clockTime.optional(), from: z.enum(['now', 'enrollment']).optional(), calendar: calendarName.optional() })
      .refine((parts) => Object.entries(parts).some(([key, value]) => key === 'at' || (key !== 'from' && key !== 'calendar' && value)), {
        message: 'give a duration (months, weeks, days, hours, minutes) and/or at: "HH:MM"',
      })
      .refine((parts) => parts.calendar === undefined || Boolean(parts.months), {
        path: ['calendar'],
        message: 'only changes how months are counted, and this wait has no months',
        params: { hint: 'remove calendar:, or wait in months, e.g. months: 1' },
      }),
  ]),
});

export type StepYaml =
  | z.infer<typeof send>
  | z.infer<typeof wait>
  | { wait_for: WaitForYaml; on_timeout?: StepYaml[] | undefined }
  | { branch: BranchCaseYaml[] }
  | { split: SplitYaml }
  | z.infer<typeof escalate>
  | z.infer<typeof callTask>
  | z.infer<typeof update>
  | z.infer<typeof webhook>
  | z.infer<typeof exit>;

export interface WaitForYaml {
  event?: string | undefined;
  where?: z.infer<typeof condition> | undefined;
  events?: { event: string; where?: z.infer<typeof condition> | undefined; steps?: StepYaml[] | undefined }[] | undefined;
  timeout: z.infer<typeof duration>;
}

export interface SplitYaml {
  variants: { name: string; weight: number; steps: StepYaml[] }[];
  holdout?: { weight: number; for: z.infer<typeof duration> } | undefined;
}

export type BranchCaseYaml = { when: z.infer<typeof condition>; steps: StepYaml[] } | { otherwise: StepYaml[] };

export const stepList: z.ZodType<StepYaml[]> = z.lazy(() => z.array(step).min(1, 'give at least one step'));

/** `wait_for: { event: survey_answered, timeout: 5d }` or several `events:` each with its own steps. */
const waitFor = z.strictObject({
  wait_for: z
    .strictObject({
      event: eventName.optional(),
      where: condition.optional(),
      events: z
        .array(z.strictObject({ event: eventName, where: condition.optional(), steps: stepList.optional() }))
        .min(1)
        .optional(),
      timeout: duration,
    })
    .refine((value) => (value.event === undefined) !== (value.events === undefined), {
      message: 'give either event: (one event) or events: (a list), not both',
    })
    .refine((value) => value.where === undefined || value.event !== undefined, {
      message: 'where: goes with event:; with events: give each its own where:',
    }),
  on_timeout: stepList.optional(),
});

const branch = z.strictObject({
  branch: z
    .array(z.union([z.strictObject({ when: condition, steps: stepList }), z.strictObject({ otherwise: stepList })]))
    .min(1),
});

const weight = z.number().positive('a weight is a positive number, e.g. 45 (a share is its weight over the sum of all weights)');

/** `split: { variants: [{ name, weight, steps }], holdout: { weight, for } }`: an experiment (names and arms checked in checks/splits.ts). */
const split = z.strictObject({
  split: z.strictObject({
    variants: z.array(
      z.strictObject({
        name: z.string().regex(/^[a-z][a-z0-9_]*$/, 'a variant name is snake_case, e.g. discount or story'),
        weight,
        steps: stepList,
      }),
    ),
    holdout: z.strictObject({ weight, for: duration }).optional(),
  }),
});

const priority = z.enum(['low', 'normal', 'high', 'urgent']);

/** A call_task rung takes what a call_task step takes (assignee, priority, due_in); other channels do not. */
const rung = z
  .strictObject({
    channel: z.enum(['email', 'sms', 'call', 'call_task']),
    template: templateName,
    wait: duration.optional(),
    assignee: z.string().min(1).optional(),
    priority: priority.optional(),
    due_in: duration.optional(),
  })
  .superRefine((value, context) => {
    if (value.channel === 'call_task') return;
    for (const key of ['assignee', 'priority', 'due_in'] as const) {
      if (value[key] === undefined) continue;
      const hint = `remove it, or make this rung channel: call_task`;
      context.addIssue({ code: 'custom', path: [key], message: `${key} goes with channel: call_task, not ${value.channel}`, params: { hint } });
    }
  });

const escalate = z.strictObject({
  escalate: z.strictObject({
    ladder: z.array(rung).min(2, 'a ladder has at least two rungs, e.g. email then sms'),
    until: z.array(eventName).min(1, 'name the events that stop the ladder, e.g. [email_replied]'),
  }),
});

const callTask = z.strictObject({
  call_task: z.strictObject({
    assignee: z.string().min(1),
    priority: priority.default('normal'),
    template: templateName,
    due_in: duration.optional(),
  }),
});

const update = z.strictObject({
  update: z
    .strictObject({
      set: z.record(fieldName, z.union([z.string(), z.number(), z.boolean()])).optional(),
      add_tags: z.array(z.string().min(1)).optional(),
      remove_tags: z.array(z.string().min(1)).optional(),
    })
    .refine((value) => value.set ?? value.add_tags ?? value.remove_tags, { message: 'give set:, add_tags: or remove_tags:' }),
});

const webhook = z.strictObject({
  webhook: z.strictObject({
    url: z.url({ protocol: /^https?$/, error: 'a webhook url is http(s)://…' }),
    body: z.record(z.string(), z.unknown()).optional(),
  }),
});

const exit = z.strictObject({
  exit: z.string().regex(/^[a-z][a-z0-9_]*$/, 'the exit reason is snake_case, e.g. converted or not_interested'),
});

export const step = z.union([send, wait, waitFor, branch, split, escalate, callTask, update, webhook, exit]);
