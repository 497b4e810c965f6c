/**
 * The compiled, plain-data form of a sequence: what an enrollment workflow receives and pins for
 * its whole run. Produced from YAML by src/dsl (parse → validate → compile); never contains YAML,
 * code strings or functions, only JSON-serialisable data. This file is the contract between the
 * sequence language (src/dsl), the interpreter (workflows/) and the channels (activities/).
 */

export type Channel = 'email' | 'sms' | 'call';
export type Locale = 'fa' | 'en';
export type Weekday = 'sat' | 'sun' | 'mon' | 'tue' | 'wed' | 'thu' | 'fri';

export interface SequenceDefinition {
  id: string;
  name: string;
  description?: string;
  /** Content hash of the compiled definition; runs in flight keep the version they started with. */
  version: string;
  /** The file it came from, relative to the sequences folder (for messages and the UI). */
  source: string;
  /**
   * What starts a run. `event` is the trigger event's type: the customer's event, or for a trigger Peygir
   * fires itself (`silence`, `date`: workflows/watches/) the one it makes, `customer_silent` / `date_reached`.
   */
  trigger: { event: string; where?: Condition; silence?: SilenceTrigger; date?: DateTrigger };
  /** May a customer enter again: never, only after their previous run ended, or any time (parallel runs). */
  reentry: 'never' | 'after_exit' | 'always';
  /** Event types that end a running enrollment at once (recorded as the exit reason). */
  exitOn: string[];
  /** Reaching the goal ends the enrollment as "converted". */
  goal?: { event: string; where?: Condition; label: string };
  /** Quiet hours: sends wait for the next open slot. Per channel; `call` defaults to business hours. */
  sendWindows: Partial<Record<Channel, SendWindow>>;
  /** The customer attribute holding the mobile number for `sms` / `call` (a field declared as `phone`). */
  phoneField?: string;
  /** Sender details for email (defaults come from config). */
  email?: { from?: string; replyTo?: string };
  steps: Step[];
  templates: Record<string, Template>;
}

/** None of `events` for `for` (elapsed days, weeks, hours: never months). */
export interface SilenceTrigger {
  events: string[];
  for: CalendarDuration;
}

/** A date in the customer field `field`, every year or once, moved by `offset` (negative: before), at local `at`. */
export interface DateTrigger {
  field: string;
  every: 'year' | 'once';
  offset?: CalendarDuration;
  /** Local "HH:MM" in the customer's zone. */
  at: string;
}

/** When messages may go out, in the customer's time zone unless a fixed zone is given. */
export interface SendWindow {
  /** 'customer' = the customer's profile time zone, falling back to Asia/Tehran; or an IANA zone. */
  timezone: 'customer' | string;
  days: Weekday[];
  /** Local "HH:MM" bounds, start inclusive, end exclusive. */
  start: string;
  end: string;
  /** Days that close earlier than `end`: weekday → local "HH:MM" (e.g. Thursday until 13:00). */
  shortDays?: Partial<Record<Weekday, string>>;
  /** Closed all day on the public holidays of this calendar (business hours: Iran's). */
  holidays?: 'iran';
}

/**
 * A calendar-aware duration: months are calendar months (Jan 31 + 1 month = Feb 28/29), Jalali
 * months when `calendar` says so (1405/11/30 + 1 month = 1405/12/29).
 */
export interface CalendarDuration {
  /** Set only with `months`, when the sequence or the wait counts them in the Jalali calendar. */
  calendar?: 'jalali';
  months?: number;
  weeks?: number;
  days?: number;
  hours?: number;
  minutes?: number;
}

export type Step =
  | SendStep
  | WaitStep
  | WaitForStep
  | BranchStep
  | SplitStep
  | EscalateStep
  | CallTaskStep
  | UpdateStep
  | WebhookStep
  | ExitStep;

export interface StepBase {
  /** Stable within a version and readable: "1", "3", "5.timeout.1", "6.case1.1", "6.otherwise.1". */
  id: string;
  /** A one-line summary that reads like the YAML, e.g. "send email: welcome", "wait 7d at 10:00". */
  label: string;
}

export interface SendStep extends StepBase {
  kind: 'send';
  channel: Channel;
  template: string;
  /** `skip`: a message the send window or a frequency cap does not allow now is skipped, not delayed. */
  whenNotAllowed?: 'skip';
}

export interface WaitStep extends StepBase {
  kind: 'wait';
  duration: CalendarDuration;
  /** Local wall-clock time to land on after the duration, "HH:MM" (customer's time zone). */
  at?: string;
  /** Count from now (default) or from the enrollment's start. */
  from: 'now' | 'enrollment';
}

export interface WaitForStep extends StepBase {
  kind: 'wait_for';
  /** The first matching event wins; its steps run, with it as `event` in templates and conditions. */
  events: { event: string; where?: Condition; steps: Step[] }[];
  timeout: CalendarDuration;
  onTimeout: Step[];
}

export interface BranchStep extends StepBase {
  kind: 'branch';
  /** The first case whose condition holds runs; otherwise `otherwise`. */
  cases: { when: Condition; steps: Step[] }[];
  otherwise: Step[];
}

/**
 * An experiment: each customer gets one arm, chosen from customer, sequence and step alone
 * (workflows/variants.ts), so the same on re-entry and on replay. A variant's steps run, then the
 * steps after the split; the holdout gets nothing more and its run waits `holdout.for` for the goal.
 */
export interface SplitStep extends StepBase {
  kind: 'split';
  /** Relative weights (positive); a variant's share is its weight over the sum with the holdout's. */
  variants: { name: string; weight: number; steps: Step[] }[];
  holdout?: { weight: number; for: CalendarDuration };
}

export interface EscalateStep extends StepBase {
  kind: 'escalate';
  /**
   * Tried in order; after each rung, wait (if given) for one of `until` before the next rung. A call_task
   * rung may name its assignee, priority and due time like a call_task step (default agents, normal).
   */
  ladder: { channel: Channel | 'call_task'; template: string; wait?: CalendarDuration; assignee?: string; priority?: CallTaskStep['priority']; dueIn?: CalendarDuration }[];
  until: string[];
}

export interface CallTaskStep extends StepBase {
  kind: 'call_task';
  /** A team or role (e.g. "agents", "manager") or an agent id. */
  assignee: string;
  priority: 'low' | 'normal' | 'high' | 'urgent';
  /** Template with the call script / reason (channel `call_task` in templates). */
  template: string;
  dueIn?: CalendarDuration;
}

export interface UpdateStep extends StepBase {
  kind: 'update';
  /** Customer attributes to set (values may be Liquid strings). */
  set: Record<string, unknown>;
  addTags: string[];
  removeTags: string[];
}

export interface WebhookStep extends StepBase {
  kind: 'webhook';
  url: string;
  /** JSON body; string values are Liquid templates. */
  body: Record<string, unknown>;
}

export interface ExitStep extends StepBase {
  kind: 'exit';
  reason: string;
}

export type ComparisonOperator = 'eq' | 'ne' | 'gt' | 'gte' | 'lt' | 'lte' | 'in' | 'exists' | 'contains';

/** Structured conditions over `customer.*`, `event.*`, `trigger.*` (dotted paths); no code strings. */
export type Condition =
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition }
  | { path: string; op: ComparisonOperator; value?: unknown };

/** Liquid sources of one named template, per channel and locale (fa and/or en). */
export interface Template {
  email?: Partial<Record<Locale, EmailContent>>;
  sms?: Partial<Record<Locale, { text: string }>>;
  call?: Partial<Record<Locale, { text: string }>>;
  call_task?: Partial<Record<Locale, { text: string }>>;
}

export interface EmailContent {
  subject: string;
  /** Plain text (paragraphs separated by blank lines); the HTML part is laid out from it. */
  text: string;
  /** Optional HTML body fragment, placed inside the shared responsive layout. */
  html?: string;
  preheader?: string;
}
