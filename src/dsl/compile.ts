import { createHash } from 'node:crypto';
import { DEFAULT_SEND_WINDOWS } from '../schedule/window.js';
import { compileCondition } from '../../workflows/conditions.js';
import type { CalendarDuration, SendWindow, SequenceDefinition, Step, Template } from './definition.js';
import { normalizeDuration, parseDuration } from './duration.js';
import { stepLabel } from './labels.js';
import { compileTrigger } from './compileTrigger.js';
import type { SequenceFile, TemplateYaml } from './schema.js';
import type { StepYaml } from './schema-steps.js';
import type { WindowYaml } from './schema-values.js';

export type YamlPath = (string | number)[];

/** A compiled definition, and where each step came from in the YAML (for validation messages). */
export interface Compiled {
  definition: SequenceDefinition;
  stepPaths: Map<string, YamlPath>;
}

const ALL_DAYS: SendWindow['days'] = ['sat', 'sun', 'mon', 'tue', 'wed', 'thu', 'fri'];

/** Turns a schema-valid sequence file into the plain-data definition a workflow runs, stamped with its content hash. */
export function compileSequence(file: SequenceFile, source: string): Compiled {
  const stepPaths = new Map<string, YamlPath>();
  const compileSteps = (steps: StepYaml[] | undefined, prefix: string, path: YamlPath): Step[] =>
    (steps ?? []).map((step, index) => {
      const id = `${prefix}${index + 1}`;
      stepPaths.set(id, [...path, index]);
      const compiled = compileStep(step, id, [...path, index], compileSteps, file.calendar);
      return { ...compiled, label: stepLabel(compiled) } as Step;
    });

  const phoneField = Object.entries(file.customer_fields).find(([, type]) => type === 'phone')?.[0];
  const body: Omit<SequenceDefinition, 'version' | 'source'> = {
    id: file.id,
    name: file.name,
    ...(file.description !== undefined && { description: file.description.trim() }),
    trigger: compileTrigger(file.trigger),
    reentry: file.reentry,
    exitOn: file.exit_on,
    ...(file.goal && {
      goal: {
        event: file.goal.event,
        label: file.goal.label ?? file.goal.event,
        ...(file.goal.where && { where: compileCondition(file.goal.where) }),
      },
    }),
    sendWindows: compileWindows(file),
    ...(phoneField !== undefined && { phoneField }),
    ...(file.email && { email: { ...(file.email.from && { from: file.email.from }), ...(file.email.reply_to && { replyTo: file.email.reply_to }) } }),
    steps: compileSteps(file.steps, '', ['steps']),
    templates: Object.fromEntries(Object.entries(file.templates).map(([name, template]) => [name, compileTemplate(template)])),
  };
  // The file name is not part of the version: renaming a file keeps it.
  return { definition: { ...body, source, version: contentHash(body) }, stepPaths };
}

type CompileSteps = (steps: StepYaml[] | undefined, prefix: string, path: YamlPath) => Step[];
type CalendarName = SequenceFile['calendar'];
type Unlabelled = Step extends infer S ? (S extends Step ? Omit<S, 'label'> : never) : never;

function compileStep(step: StepYaml, id: string, path: YamlPath, compileSteps: CompileSteps, calendar: CalendarName): Unlabelled {
  const toDuration = (value: string | CalendarDuration): CalendarDuration => inCalendar(parsedDuration(value), calendar);
  if ('send' in step) {
    const { channel, template, when_not_allowed: whenNotAllowed } = step.send;
    return { kind: 'send', id, channel, template, ...(whenNotAllowed === 'skip' ? { whenNotAllowed } : {}) };
  }
  if ('wait' in step) {
    const wait = step.wait;
    if (typeof wait === 'string') return { kind: 'wait', id, duration: toDuration(wait), from: 'now' };
    const { at, from = 'now', calendar: waitCalendar, ...parts } = wait;
    return { kind: 'wait', id, duration: inCalendar(normalizeDuration(parts), waitCalendar ?? calendar), ...(at !== undefined && { at }), from };
  }
  if ('wait_for' in step) {
    const { wait_for: waitFor } = step;
    const options = waitFor.events ?? [{ event: waitFor.event ?? '', where: waitFor.where, steps: undefined }];
    return {
      kind: 'wait_for',
      id,
      events: options.map((option, index) => ({
        event: option.event,
        ...(option.where && { where: compileCondition(option.where) }),
        steps: compileSteps(option.steps, `${id}.${option.event}.`, [...path, 'wait_for', 'events', index, 'steps']),
      })),
      timeout: toDuration(waitFor.timeout),
      onTimeout: compileSteps(step.on_timeout, `${id}.timeout.`, [...path, 'on_timeout']),
    };
  }
  if ('branch' in step) {
    const cases: { when: ReturnType<typeof compileCondition>; steps: Step[] }[] = [];
    let otherwise: Step[] = [];
    step.branch.forEach((option, index) => {
      if ('when' in option) {
        cases.push({ when: compileCondition(option.when), steps: compileSteps(option.steps, `${id}.case${cases.length + 1}.`, [...path, 'branch', index, 'steps']) });
      } else {
        otherwise = compileSteps(option.otherwise, `${id}.otherwise.`, [...path, 'branch', index, 'otherwise']);
      }
    });
    return { kind: 'branch', id, cases, otherwise };
  }
  if ('split' in step) {
    const { variants, holdout } = step.split;
    return {
      kind: 'split',
      id,
      variants: variants.map((variant, index) => ({
        name: variant.name,
        weight: variant.weight,
        steps: compileSteps(variant.steps, `${id}.${variant.name}.`, [...path, 'split', 'variants', index, 'steps']),
      })),
      ...(holdout && { holdout: { weight: holdout.weight, for: toDuration(holdout.for) } }),
    };
  }
  if ('escalate' in step) {
    const ladder = step.escalate.ladder.map((rung) => ({
      channel: rung.channel,
      template: rung.template,
      ...(rung.wait !== undefined && { wait: toDuration(rung.wait) }),
      ...(rung.assignee !== undefined && { assignee: rung.assignee }),
      ...(rung.priority !== undefined && { priority: rung.priority }),
      ...(rung.due_in !== undefined && { dueIn: toDuration(rung.due_in) }),
    }));
    return { kind: 'escalate', id, ladder, until: step.escalate.until };
  }
  if ('call_task' in step) {
    const task = step.call_task;
    return { kind: 'call_task', id, assignee: task.assignee, priority: task.priority, template: task.template, ...(task.due_in !== undefined && { dueIn: toDuration(task.due_in) }) };
  }
  if ('update' in step) {
    return { kind: 'update', id, set: step.update.set ?? {}, addTags: step.update.add_tags ?? [], removeTags: step.update.remove_tags ?? [] };
  }
  if ('webhook' in step) return { kind: 'webhook', id, url: step.webhook.url, body: step.webhook.body ?? {} };
  return { kind: 'exit', id, reason: step.exit };
}

function parsedDuration(value: string | CalendarDuration): CalendarDuration {
  return normalizeDuration(typeof value === 'string' ? (parseDuration(value) ?? {}) : value);
}

/** Marks a duration with months as Jalali when the sequence or the wait counts months that way (others compile, and hash, as before). */
function inCalendar(duration: CalendarDuration, calendar: CalendarName): CalendarDuration {
  return calendar === 'jalali' && duration.months ? { ...duration, calendar } : duration;
}

function compileWindow(yaml: WindowYaml, days: SendWindow['days']): SendWindow {
  const [start = '00:00', end = '24:00'] = yaml.hours.split('-').map((part) => part.trim());
  return { timezone: yaml.timezone, days: yaml.days ?? days, start, end, ...(yaml.short_days && { shortDays: yaml.short_days }), ...(yaml.holidays && { holidays: yaml.holidays }) };
}

/** `send_window` covers email and sms; calls keep business hours unless `call_hours` says otherwise. */
function compileWindows(file: SequenceFile): SequenceDefinition['sendWindows'] {
  const windows: SequenceDefinition['sendWindows'] = { ...DEFAULT_SEND_WINDOWS };
  if (file.send_window) windows.email = windows.sms = compileWindow(file.send_window, ALL_DAYS);
  if (file.call_hours) windows.call = compileWindow(file.call_hours, ALL_DAYS);
  return windows;
}

function compileTemplate(yaml: TemplateYaml): Template {
  const texts = (locales: { fa?: string | undefined; en?: string | undefined } | undefined) =>
    locales && Object.fromEntries(Object.entries(locales).map(([locale, text]) => [locale, { text }]));
  const template: Template = {};
  if (yaml.email) template.email = yaml.email;
  for (const channel of ['sms', 'call', 'call_task'] as const) {
    const compiled = texts(yaml[channel]);
    if (compiled) template[channel] = compiled;
  }
  return template;
}

/** sha256 of the canonical JSON (keys sorted), first 12 hex digits. */
function contentHash(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex').slice(0, 12);
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, item]) => item !== undefined).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
