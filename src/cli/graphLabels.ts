import { assertNever } from '../dsl/assertNever.js';
import { describeCondition } from '../../workflows/conditions.js';
import type { Channel, Condition, SequenceDefinition, SendWindow, SplitStep, Step, Weekday } from '../dsl/definition.js';
import { formatDuration } from '../dsl/duration.js';
import { WEEKDAYS } from '../schedule/window.js';
import { HOLDOUT, shareText, splitArms } from '../../workflows/variants.js';

/**
 * What a node of the graph says, line by line, in the words of the YAML: what the step does, its
 * template, its wait. Top-level steps carry their number (from 1, as the preview counts them);
 * steps inside a branch or a wait_for are placed by the edge that leads to them.
 */
export function stepLines(step: Step, topLevel: boolean): string[] {
  const lines = describeStep(step);
  if (topLevel && lines[0] !== undefined) lines[0] = `${step.id}. ${lines[0]}`;
  return lines;
}

function describeStep(step: Step): string[] {
  switch (step.kind) {
    case 'send':
      return [`send ${step.channel}`, `template: ${step.template}`, ...(step.whenNotAllowed === 'skip' ? ['skipped when not allowed now'] : [])];
    case 'wait': {
      const from = step.from === 'enrollment' ? ' from enrollment' : '';
      return [`wait ${formatDuration(step.duration)}${from}`, ...(step.at ? [`at ${step.at}`] : [])];
    }
    case 'wait_for':
      return [`wait for ${step.events.map((option) => option.event).join(' or ')}`, `timeout ${formatDuration(step.timeout)}`];
    case 'branch':
      return ['branch'];
    case 'split':
      return [`split ${splitArms(step).length} ways`, 'by customer, the same on re-entry'];
    case 'escalate':
      return [`escalate until ${step.until.join(' or ')}`];
    case 'call_task':
      return [`call task for ${isolate(step.assignee)}, ${step.priority}`, `template: ${step.template}`, ...(step.dueIn ? [`due in ${formatDuration(step.dueIn)}`] : [])];
    case 'update':
      return [
        'update customer',
        ...Object.entries(step.set).map(([key, value]) => `set ${key}: ${isolate(typeof value === 'string' ? value : JSON.stringify(value))}`),
        ...(step.addTags.length ? [`add tags: ${step.addTags.map(isolate).join(', ')}`] : []),
        ...(step.removeTags.length ? [`remove tags: ${step.removeTags.map(isolate).join(', ')}`] : []),
      ];
    case 'webhook':
      return ['webhook POST', step.url];
    case 'exit':
      return [`exit: ${step.reason}`];
    default:
      return assertNever(step);
  }
}

/** Each arm of a split as its edge says it ("discount 45%"), and the holdout's node: nothing sent, followed to the goal. */
export function splitArmLabels(step: SplitStep): { edges: string[]; holdout?: string[] } {
  const arms = splitArms(step);
  const edges = arms.filter((arm) => arm.name !== HOLDOUT).map((arm) => `${arm.name} ${shareText(arm.share)}`);
  const holdout = arms.find((arm) => arm.name === HOLDOUT);
  if (!holdout || !step.holdout) return { edges };
  return { edges, holdout: [`${HOLDOUT} ${shareText(holdout.share)}: nothing sent`, `waits ${formatDuration(step.holdout.for)} for the goal`] };
}

/** One rung of an escalation ladder: the channel and its template. */
export function rungLines(rung: { channel: Channel | 'call_task'; template: string }): string[] {
  return [rung.channel === 'call_task' ? 'call task' : `send ${rung.channel}`, `template: ${rung.template}`];
}

/** Where a run starts: the trigger with its `where`, and who may enter again. */
export function triggerLines(definition: SequenceDefinition): string[] {
  const { trigger } = definition;
  return [startsOn(trigger), ...(trigger.where ? [`where ${conditionText(trigger.where)}`] : []), `reentry: ${definition.reentry}`];
}

/** "starts on purchase", "no login or purchase for 30d", "on customer.birthday every year at 09:00". */
function startsOn(trigger: SequenceDefinition['trigger']): string {
  if (trigger.silence) return `no ${trigger.silence.events.join(' or ')} for ${formatDuration(trigger.silence.for)}`;
  if (trigger.date) {
    const { field, every, offset, at } = trigger.date;
    const shift = offset ? ` ${formatDuration(offset).replace(/^(?!-)/, '+')}` : '';
    return `on customer.${field} ${every === 'year' ? 'every year' : 'once'}${shift} at ${at}`;
  }
  return `starts on ${trigger.event}`;
}

/** The `exit_on` events, which end a run at once wherever it is. */
export function exitOnLines(definition: SequenceDefinition): string[] {
  return definition.exitOn.length ? [`exit_on: ${definition.exitOn.join(', ')}`, 'ends the run at once'] : [];
}

/** The goal, which ends a run as converted wherever it is. */
export function goalLines(definition: SequenceDefinition): string[] {
  const { goal } = definition;
  if (!goal) return [];
  return [`goal: ${isolate(goal.label)}`, `on ${goal.event}${goal.where ? ` where ${conditionText(goal.where)}` : ''}`, 'ends the run as converted'];
}

/**
 * The send windows (quiet hours outside them) of the channels the sequence uses: `call_hours`
 * covers phone calls and when call tasks fall due. Channels with the same window share a line.
 */
export function windowLines(definition: SequenceDefinition): string[] {
  const used = usedChannels(definition.steps);
  if (used.size === 0) return [];
  const byWindow = new Map<string, string[]>();
  for (const channel of ['email', 'sms', 'call', 'call_task'] as const) {
    if (!used.has(channel)) continue;
    const window = definition.sendWindows[channel === 'call_task' ? 'call' : channel];
    const text = window ? describeWindow(window) : 'any time';
    byWindow.set(text, [...(byWindow.get(text) ?? []), CHANNEL_NAMES[channel]]);
  }
  return ['send windows: outside them a message waits for the next open slot', ...[...byWindow].map(([text, channels]) => `${channels.join(', ')}: ${text}`)];
}

/** "sat–thu 09:00–20:00, thu until 13:00, customer's time zone" */
function describeWindow(window: SendWindow): string {
  const short = Object.entries(window.shortDays ?? {}).map(([day, end]) => `${day} until ${end}`);
  const zone = window.timezone === 'customer' ? "customer's time zone" : window.timezone;
  return [`${describeDays(window.days)} ${window.start}–${window.end}`, ...short, zone].join(', ');
}

/** Consecutive days of the Iranian week (Saturday first) as ranges: "sat–wed", "sat–mon, wed". */
function describeDays(days: readonly Weekday[]): string {
  if (days.length === WEEKDAYS.length) return 'every day';
  const runs: Weekday[][] = [];
  for (const day of WEEKDAYS.filter((candidate) => days.includes(candidate))) {
    const last = runs.at(-1);
    if (last && WEEKDAYS.indexOf(last.at(-1) as Weekday) === WEEKDAYS.indexOf(day) - 1) last.push(day);
    else runs.push([day]);
  }
  return runs.map((run) => (run.length > 2 ? `${run[0]}–${run.at(-1)}` : run.join(', '))).join(', ');
}

const CHANNEL_NAMES = { email: 'email', sms: 'sms', call: 'calls', call_task: 'call tasks due' } as const;

function usedChannels(steps: Step[]): Set<Channel | 'call_task'> {
  const used = new Set<Channel | 'call_task'>();
  const visit = (step: Step): void => {
    if (step.kind === 'send') used.add(step.channel);
    if (step.kind === 'call_task') used.add('call_task');
    if (step.kind === 'escalate') for (const rung of step.ladder) used.add(rung.channel);
    if (step.kind === 'wait_for') [...step.events.flatMap((option) => option.steps), ...step.onTimeout].forEach(visit);
    if (step.kind === 'branch') [...step.cases.flatMap((option) => option.steps), ...step.otherwise].forEach(visit);
    if (step.kind === 'split') step.variants.flatMap((variant) => variant.steps).forEach(visit);
  };
  steps.forEach(visit);
  return used;
}

/** A condition as labels show it ("event.data.nps ≤ 6"), isolated when it holds Persian text. */
export function conditionText(condition: Condition): string {
  return isolate(describeCondition(condition));
}

/**
 * Text a marketer wrote (a name, a label, a value), wrapped in Unicode's first-strong isolate when
 * it holds right-to-left letters: Persian then reads right to left inside the line, and quotes and
 * brackets around it stay where they were written.
 */
export function isolate(text: string): string {
  return RTL_LETTER.test(text) ? `\u2068${text}\u2069` : text;
}

const RTL_LETTER = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]/;

/**
 * Text for a quoted Mermaid label (`["…"]`, `|"…"|`): lines joined by `<br>`, and the characters
 * Mermaid would read as syntax or HTML written as its entity codes (`#quot;` shows as ").
 */
export function mermaidLabel(lines: string[]): string {
  return lines.map((line) => line.replace(/\s+/g, ' ').replace(/[#"<>&]/g, (char) => ENTITIES[char] ?? char)).join('<br>');
}

const ENTITIES: Record<string, string> = { '#': '#35;', '"': '#quot;', '<': '#lt;', '>': '#gt;', '&': '#amp;' };
