import { assertNever } from '../../dsl/assertNever.js';
import { evaluate } from '../../../workflows/conditions.js';
import { assignVariant, HOLDOUT } from '../../../workflows/variants.js';
import type { Channel, Condition, SequenceDefinition, Step } from '../../dsl/definition.js';
import { formatDuration, parseDuration } from '../../dsl/duration.js';
import { addCalendarDuration, DEFAULT_SEND_WINDOWS, nextOpenSlot, wakeTime, windowTimeZone, zoneOrDefault } from '../../schedule/index.js';
import { renderMessage, renderValue, type Rendered } from './render.js';
import type { EventScript, PreviewCustomer } from './script.js';

/** One line of the timeline a customer lives through. */
export interface TimelineEntry {
  at: Date;
  /** The step id, or undefined for enrollment / exit notes. */
  step?: string;
  text: string;
  message?: Rendered;
}

interface ScriptedEvent {
  at: Date;
  type: string;
  data: Record<string, unknown>;
  eventId: string;
}

class Ended extends Error {}

/**
 * Runs a compiled definition against a sample customer and a script of their events, on a
 * simulated clock, with the same time maths (src/schedule) the workflows use. Pure: no I/O.
 */
export function simulate(definition: SequenceDefinition, customer: PreviewCustomer, script: EventScript, now: Date): TimelineEntry[] {
  return new Simulation(definition, customer, script, now).run();
}

class Simulation {
  private readonly entries: TimelineEntry[] = [];
  private readonly timeZone: string;
  private readonly pending: ScriptedEvent[];
  private readonly trigger: ScriptedEvent;
  private event: ScriptedEvent;
  private now: Date;

  constructor(
    private readonly definition: SequenceDefinition,
    private readonly customer: PreviewCustomer,
    script: EventScript,
    private readonly start: Date,
  ) {
    this.timeZone = zoneOrDefault(customer.timezone);
    this.now = start;
    this.trigger = { at: start, type: definition.trigger.event, data: script.trigger?.data ?? {}, eventId: 'preview-trigger' };
    this.event = this.trigger;
    this.pending = script.events
      .map((event, index) => ({ at: addCalendarDuration(start, parseDuration(event.after) ?? {}, this.timeZone), type: event.type, data: event.data, eventId: `preview-${index + 1}` }))
      .sort((a, b) => a.at.getTime() - b.at.getTime());
  }

  run(): TimelineEntry[] {
    this.note(`enrolled by ${this.trigger.type}`);
    try {
      this.runSteps(this.definition.steps);
      this.note('completed');
    } catch (error) {
      if (!(error instanceof Ended)) throw error;
    }
    return this.entries;
  }

  private runSteps(steps: Step[]): void {
    for (const step of steps) this.runStep(step);
  }

  private runStep(step: Step): void {
    switch (step.kind) {
      case 'send':
        this.deliver(step, step.channel, step.template);
        return;
      case 'wait': {
        const from = step.from === 'enrollment' ? this.start : this.now;
        this.add(step, step.label);
        this.advanceTo(wakeTime(from, step.duration, step.at, this.timeZone));
        return;
      }
      case 'wait_for': {
        this.add(step, step.label);
        const deadline = addCalendarDuration(this.now, step.timeout, this.timeZone);
        const match = this.nextMatching(deadline, (event) => step.events.find((option) => option.event === event.type && this.holds(option.where, event)));
        if (match) {
          this.note(`${match.event.type} arrived`, step);
          return this.runSteps(match.result.steps);
        }
        this.advanceTo(deadline);
        this.note('timed out', step);
        return this.runSteps(step.onTimeout);
      }
      case 'branch': {
        const chosen = step.cases.findIndex((option) => this.holds(option.when, this.event));
        this.add(step, `${step.label} → ${chosen >= 0 ? `case ${chosen + 1}` : 'otherwise'}`);
        return this.runSteps(step.cases[chosen]?.steps ?? step.otherwise);
      }
      case 'split': {
        const variant = assignVariant(step, { customerId: this.customer.customerId ?? 'preview', sequenceId: this.definition.id, stepId: step.id });
        this.add(step, `${step.label} → ${variant}`);
        if (variant !== HOLDOUT) return this.runSteps(step.variants.find((candidate) => candidate.name === variant)?.steps ?? []);
        this.advanceTo(addCalendarDuration(this.now, step.holdout?.for ?? {}, this.timeZone));
        this.note('holdout: nothing sent, goal not reached');
        throw new Ended();
      }
      case 'escalate':
        for (const rung of step.ladder) {
          this.deliver(step, rung.channel, rung.template);
          if (!rung.wait) continue;
          const deadline = addCalendarDuration(this.now, rung.wait, this.timeZone);
          const stop = this.nextMatching(deadline, (event) => step.until.includes(event.type) || undefined);
          if (stop) return this.note(`${stop.event.type} arrived: escalation stops`, step);
          this.advanceTo(deadline);
        }
        return;
      case 'call_task': {
        const due = step.dueIn ? `, due within ${formatDuration(step.dueIn)}` : '';
        this.entries.push({ at: this.now, step: step.id, text: `${step.label}${due}`, message: this.render('call_task', step.template) });
        return;
      }
      case 'update':
        for (const [key, value] of Object.entries(step.set)) (this.customer as Record<string, unknown>)[key] = renderValue(value, this.variables());
        this.add(step, step.label);
        return;
      case 'webhook':
        this.add(step, `${step.label} ${JSON.stringify(renderValue(step.body, this.variables()))}`);
        return;
      case 'exit':
        this.add(step, step.label);
        this.note(`exited: ${step.reason}`);
        throw new Ended();
      default:
        assertNever(step);
    }
  }

  /** Sends on a channel at its next open slot (send windows; calls in business hours). */
  private deliver(step: Step, channel: Channel | 'call_task', template: string): void {
    const window = channel === 'call_task' ? undefined : (this.definition.sendWindows[channel] ?? DEFAULT_SEND_WINDOWS[channel]);
    if (window) {
      const slot = nextOpenSlot(this.now, window, windowTimeZone(window, this.customer.timezone));
      if (slot > this.now) this.note(`${channel} held until the send window opens`, step);
      this.advanceTo(slot);
    }
    this.entries.push({ at: this.now, step: step.id, text: `${channel === 'call_task' ? 'call task' : `send ${channel}`}: ${template}`, message: this.render(channel, template) });
  }

  /** The first scripted event up to `deadline` that `matches`, with the clock moved to it; exit_on / goal end the run. */
  private nextMatching<T>(deadline: Date, matches: (event: ScriptedEvent) => T | undefined): { event: ScriptedEvent; result: T } | undefined {
    while (this.pending[0] && this.pending[0].at <= deadline) {
      const event = this.pending.shift() as ScriptedEvent;
      this.moveTo(event.at);
      this.endIfExitOrGoal(event);
      const result = matches(event);
      if (result !== undefined) {
        this.event = event;
        return { event, result };
      }
      this.note(`${event.type} (nothing waits for it here)`);
    }
    return undefined;
  }

  private advanceTo(target: Date): void {
    this.nextMatching(target, () => undefined);
    this.moveTo(target);
  }

  private moveTo(target: Date): void {
    if (target > this.now) this.now = target;
  }

  private endIfExitOrGoal(event: ScriptedEvent): void {
    if (this.definition.exitOn.includes(event.type)) {
      this.note(`exited: ${event.type}`);
      throw new Ended();
    }
    const goal = this.definition.goal;
    if (goal && goal.event === event.type && this.holds(goal.where, event)) {
      this.note(`converted: ${goal.label}`);
      throw new Ended();
    }
  }

  private holds(condition: Condition | undefined, event: ScriptedEvent): boolean {
    return condition === undefined || evaluate(condition, { customer: this.customer, event: this.eventVariables(event), trigger: this.eventVariables(this.trigger) });
  }

  private render(channel: Channel | 'call_task', template: string): Rendered {
    return renderMessage(this.definition.templates[template], channel, this.customer.locale ?? 'fa', this.variables(channel));
  }

  private eventVariables(event: ScriptedEvent): Record<string, unknown> {
    return { eventId: event.eventId, type: event.type, customerId: this.customer.customerId ?? 'preview', occurredAt: event.at.toISOString(), data: event.data };
  }

  private variables(channel?: Channel | 'call_task'): Record<string, unknown> {
    return {
      customer: this.customer,
      event: this.eventVariables(this.event),
      trigger: this.eventVariables(this.trigger),
      enrollment: { id: `enrollment/${this.definition.id}/${this.customer.customerId ?? 'preview'}/preview-trigger`, sequence: this.definition.id, startedAt: this.start.toISOString() },
      ...(channel === 'email' && { links: { unsubscribe: 'https://example.com/unsubscribe/preview' } }),
    };
  }

  private add(step: Step, text: string): void {
    this.entries.push({ at: this.now, step: step.id, text });
  }

  private note(text: string, step?: Step): void {
    this.entries.push({ at: this.now, ...(step && { step: step.id }), text: step ? `  ${text}` : `▶ ${text}` });
  }
}
