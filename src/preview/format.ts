import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SequenceDefinition, Step } from '../dsl/definition.js';
import { allSteps } from '../dsl/flow.js';
import { formatGregorianDateTime, formatJalaliDateTime } from '../locale/dates.js';
import { describeCondition, evaluate } from '../../workflows/conditions.js';
import { scopeWithFacts } from '../../workflows/lifecycleTriggers.js';
import type { CallTask } from '../../workflows/callTask.js';
import type { TimelineEntry } from '../../workflows/enrollment/state.js';
import type { RunsSnapshot, ScriptedEvent } from './drive.js';
import { PREVIEW_CRM_URL, type PreviewReport } from './preview.js';
import type { RecordedMessage } from './recorders.js';

/** One line of what the customer lives through, with the message they get under it. */
export interface PreviewLine {
  at: Date;
  step?: string;
  text: string;
  message?: RecordedMessage;
  callTask?: CallTask;
}

/** The report as lines in time order, and whether the run would fail. */
export function previewLines(definition: SequenceDefinition, report: PreviewReport, timeZone: string): { lines: PreviewLine[]; failed: boolean } {
  const lines: PreviewLine[] = report.events.map(({ at, event }) => ({ at, text: `▶ ${event.type} ${event.eventId.startsWith('preview-history') ? 'happened (history)' : 'arrives'}${event.eventId === 'preview-trigger' ? ' (the trigger)' : ''}` }));
  const { enrollments } = report.runs;
  const trigger = report.events.find(({ event }) => event.eventId === 'preview-trigger');
  if (enrollments.length === 0 && trigger) lines.push({ at: trigger.at, text: `▶ not enrolled: ${whyNotEnrolled(definition, report.runs, trigger)}` });
  const steps = new Map(allSteps(definition.steps).map((step) => [step.id, step]));
  for (const { workflowId, state, timeline } of enrollments) {
    lines.push({ at: new Date(state.startedAt), text: `▶ enrolled in ${definition.id} (${workflowId})` });
    const sent = (channel: RecordedMessage['channel']) => report.messages.filter((message) => message.workflowId === workflowId && message.channel === channel && message.url !== PREVIEW_CRM_URL);
    const taken = new Map<string, number>();
    const nextMessage = (channel: RecordedMessage['channel']): RecordedMessage | undefined => {
      const index = taken.get(channel) ?? 0;
      taken.set(channel, index + 1);
      return sent(channel)[index];
    };
    for (const entry of timeline) lines.push(timelineLine(entry, steps, report.runs.callTasks, nextMessage, timeZone));
    const ended = state.endedAt ? new Date(state.endedAt) : new Date(timeline.at(-1)?.at ?? state.startedAt);
    lines.push({ at: ended, text: `▶ ${ending(state.status, state.exitReason, timeline)}` });
  }
  lines.sort((a, b) => a.at.getTime() - b.at.getTime());
  return { lines, failed: enrollments.some((enrollment) => enrollment.state.status === 'failed') };
}

function timelineLine(
  entry: TimelineEntry,
  steps: Map<string, Step>,
  callTasks: CallTask[],
  nextMessage: (channel: RecordedMessage['channel']) => RecordedMessage | undefined,
  timeZone: string,
): PreviewLine {
  const at = new Date(entry.at);
  const line = { at, step: entry.stepId };
  const step = steps.get(entry.stepId);
  switch (entry.outcome) {
    case 'held': {
      const [why, until] = (entry.detail ?? '').split(' until ');
      return { ...line, text: `${entry.label}: held by the ${why} until ${until ? clock(new Date(until), timeZone) : '?'}` };
    }
    case 'skipped':
      return { ...line, text: `${entry.label}: skipped (${entry.detail ?? ''})` };
    case 'failed':
      return { ...line, text: `⚠ ${entry.label}: failed (${entry.detail ?? ''})` };
    case 'matched':
      return { ...line, text: `${entry.label}: ${entry.detail?.split(' ')[0] ?? 'an event'} arrived` };
    case 'timed_out':
      return { ...line, text: `${entry.label}: timed out` };
    case 'done':
      break;
  }
  const callTask = entry.detail?.startsWith('call-task/') ? callTasks.find((task) => task.taskId === entry.detail) : undefined;
  if (callTask) return { ...line, text: `${entry.label}: ${callTaskTimes(callTask, timeZone)}`, callTask };
  const channel = sendChannel(entry, step, steps);
  if (channel) {
    const message = nextMessage(channel);
    return { ...line, text: `${entry.label}${message ? ` → ${message.to}` : ''}`, ...(message ? { message } : {}) };
  }
  if (step?.kind === 'branch') {
    const index = /^case (\d+)$/.exec(entry.detail ?? '')?.[1];
    const chosen = index ? step.cases[Number(index) - 1] : undefined;
    const because = chosen ? `case ${index}, because ${describeCondition(chosen.when)}` : 'otherwise: no case holds';
    return { ...line, text: `${entry.label} → ${because}` };
  }
  if (step?.kind === 'webhook') {
    const message = nextMessage('webhook');
    return { ...line, text: `${entry.label} ${message?.text ?? ''}` };
  }
  return { ...line, text: `${entry.label}${entry.detail && step?.kind !== 'exit' ? ` (${entry.detail})` : ''}` };
}

/** The channel a send step or escalation rung (`<id>.<n>`) used. */
function sendChannel(entry: TimelineEntry, step: Step | undefined, steps: Map<string, Step>): RecordedMessage['channel'] | undefined {
  if (step?.kind === 'send') return step.channel;
  const rung = /^(.*)\.(\d+)$/.exec(entry.stepId);
  const ladder = rung ? steps.get(rung[1] ?? '') : undefined;
  if (ladder?.kind !== 'escalate') return undefined;
  const channel = ladder.ladder[Number(rung?.[2]) - 1]?.channel;
  return channel === 'call_task' ? undefined : channel;
}

function callTaskTimes(task: CallTask, timeZone: string): string {
  const opens = task.openAt ? `opens ${clock(new Date(task.openAt), timeZone)}` : task.opensAt ? `opens ${clock(new Date(task.opensAt), timeZone)}` : `created ${clock(new Date(task.createdAt), timeZone)}`;
  return `${opens}${task.dueAt ? `, due ${clock(new Date(task.dueAt), timeZone)}` : ''} (${task.status})`;
}

function ending(status: string, reason: string | undefined, timeline: TimelineEntry[]): string {
  switch (status) {
    case 'completed':
      return 'completed';
    case 'failed': {
      const failure = timeline.findLast((entry) => entry.outcome === 'failed');
      return `failed at step ${failure?.stepId ?? '?'}: the workers would hold the run in "failed" until ops fix it and signal retry_step`;
    }
    case 'exited':
    case 'converted':
      return `${status}: ${reason ?? ''}`;
    default:
      return `still ${status} when the preview stopped`;
  }
}

/** Why the contact started no enrollment for the trigger: consent, the trigger's `where`, re-entry, or what it recorded. */
function whyNotEnrolled(definition: SequenceDefinition, runs: RunsSnapshot, trigger: ScriptedEvent): string {
  const contact = runs.contact;
  if (!contact) return 'the trigger event did not reach the customer';
  if (contact.consent.unsubscribed) return 'the customer has unsubscribed';
  const where = definition.trigger.where;
  if (where && !evaluate(where, scopeWithFacts(contact.profile, contact.facts, trigger.event, trigger.event))) {
    return `the trigger's where (${describeCondition(where)}) does not hold for this customer and event`;
  }
  const notStarted = contact.notStarted.at(-1);
  if (notStarted) return `the run could not start (${notStarted.reason})`;
  if (definition.reentry !== 'always') return `reentry: ${definition.reentry}, and the customer is or was already enrolled`;
  return 'no run started';
}

/** The time in the customer's zone, Jalali then Gregorian. */
const clock = (at: Date, timeZone: string): string => `${formatJalaliDateTime(at, timeZone)} (${formatGregorianDateTime(at, timeZone)})`;

/** The timeline as text: Jalali and Gregorian time in the customer's zone, step, and the messages. */
export function formatPreview(definition: SequenceDefinition, who: string, timeZone: string, lines: PreviewLine[]): string {
  const out = [`${definition.id} (version ${definition.version}) for ${who}, times in ${timeZone}`, ''];
  const indent = ' '.repeat(36);
  for (const line of lines) {
    const when = `${formatJalaliDateTime(line.at, timeZone)}  ${formatGregorianDateTime(line.at, timeZone)}`;
    const step = line.step ? `[${line.step}]`.padEnd(8) : ''.padEnd(8);
    out.push(`${when}  ${step} ${line.text}`);
    const message = line.message;
    if (message?.subject !== undefined) out.push(`${indent}Subject: ${message.subject}`);
    const text = message && message.channel !== 'webhook' ? message.text : line.callTask?.script;
    for (const textLine of text?.trim().split('\n') ?? []) out.push(`${indent}| ${textLine}`);
  }
  return out.join('\n');
}

/** `--html DIR`: each email's HTML part as the customer's mail client gets it, one file per message. */
export async function writeEmailHtml(dir: string, lines: PreviewLine[]): Promise<string[]> {
  const emails = lines.filter((line) => line.message?.html !== undefined);
  return Promise.all(
    emails.map(async (line, index) => {
      const file = join(dir, `${String(index + 1).padStart(2, '0')}-step-${line.step ?? 'x'}.html`);
      await writeFile(file, line.message?.html ?? '');
      return file;
    }),
  );
}
