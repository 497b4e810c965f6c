import { enrollmentHistories, type EnrollmentHistory } from './enrollments.js';
import type { Report, ReportRow } from './report.js';
import { percent, percentile, round } from './stats.js';

/** Endings that take a run out of its sequence before the end (the ledger's `enrollment.ended` `ending`). */
const EXITS = new Set(['unsubscribed', 'exit_on', 'exit_step', 'cancelled']);

const STEP_COLUMNS = ['entered', 'sent_email', 'sent_sms', 'sent_call', 'call_tasks', 'delivered', 'opened', 'clicked', 'replied', 'converted', 'completed', 'exited', 'exit_reasons'] as const;

/** How many distinct messages of these facts are of `kind` (and `channel`). */
const messages = (facts: EnrollmentHistory['facts'], kind: string, channel?: string): number =>
  new Set(facts.filter((fact) => fact.kind === kind && (channel === undefined || fact.channel === channel)).map((fact) => fact.subject)).size;

/**
 * Per period (of the enrollments' start), sequence, version and step: how many runs entered the step,
 * how many messages it sent per channel (and call tasks it opened), how many of them were delivered,
 * opened, clicked and replied to (each message once), and how many runs ended while at this step
 * (their last step reached): converted, completed, exited (with the reasons).
 */
export const funnelReport: Report = {
  name: 'funnel',
  summary: 'Per sequence, version and step: entered, sent per channel, delivered, opened, clicked, replied, converted, exited by reason',
  columns: ['period', 'sequence', 'version', 'step', ...STEP_COLUMNS],
  async run(db, query) {
    const runs = await enrollmentHistories(db, query);
    const groups = new Map<string, { period: number; sequence: string; version: string; step: string; order: number; runs: Set<EnrollmentHistory> }>();
    const at = (run: EnrollmentHistory, step: string, order: number) => {
      const id = JSON.stringify([run.period.start.getTime(), run.sequenceId, run.version, step]);
      const group = groups.get(id) ?? { period: run.period.start.getTime(), sequence: run.sequenceId, version: run.version, step, order, runs: new Set<EnrollmentHistory>() };
      group.order = Math.min(group.order, order);
      group.runs.add(run);
      groups.set(id, group);
    };
    for (const run of runs) {
      run.steps.forEach((step, index) => at(run, step, index));
      for (const fact of run.facts) at(run, fact.step, run.steps.includes(fact.step) ? run.steps.indexOf(fact.step) : Number.MAX_SAFE_INTEGER);
    }
    const sorted = [...groups.values()].sort(
      (a, b) => a.period - b.period || a.sequence.localeCompare(b.sequence) || a.version.localeCompare(b.version) || a.order - b.order || a.step.localeCompare(b.step),
    );
    return sorted.map(({ sequence, version, step, runs }) => {
      const atStep = [...runs];
      const facts = atStep.flatMap((run) => run.facts.filter((fact) => fact.step === step));
      const endedHere = atStep.filter((run) => run.ended && run.steps.at(-1) === step);
      const exits = endedHere.filter((run) => EXITS.has(run.ended?.ending ?? ''));
      const reasons = new Map<string, number>();
      for (const run of exits) reasons.set(run.ended?.reason ?? '', (reasons.get(run.ended?.reason ?? '') ?? 0) + 1);
      return {
        period: atStep[0]?.period.label ?? '',
        sequence,
        version,
        step,
        entered: atStep.filter((run) => run.steps.includes(step)).length,
        sent_email: messages(facts, 'message.sent', 'email'),
        sent_sms: messages(facts, 'message.sent', 'sms'),
        sent_call: messages(facts, 'message.sent', 'call'),
        call_tasks: messages(facts, 'call_task.opened'),
        delivered: messages(facts, 'message.delivered'),
        opened: messages(facts, 'message.opened'),
        clicked: messages(facts, 'message.clicked'),
        replied: messages(facts, 'message.replied'),
        converted: endedHere.filter((run) => run.ended?.ending === 'converted').length,
        completed: endedHere.filter((run) => run.ended?.ending === 'completed').length,
        exited: exits.length,
        exit_reasons: [...reasons].map(([reason, count]) => `${reason}: ${count}`).sort().join('; '),
      };
    });
  },
};

const HOUR = 3_600_000;

/**
 * Per period (of the enrollments' start), sequence and version: runs started, runs that reached the
 * goal (converted, whenever that was), conversion = converted / started × 100, and the time from start
 * to conversion, p50 and p90 in hours (nearest rank).
 */
export const conversionReport: Report = {
  name: 'conversion',
  summary: 'Per sequence and version: enrolled, converted, conversion %, time to convert p50/p90 (hours)',
  columns: ['period', 'sequence', 'version', 'enrolled', 'converted', 'conversion_pct', 'convert_p50_hours', 'convert_p90_hours'],
  async run(db, query) {
    const groups = new Map<string, EnrollmentHistory[]>();
    for (const run of await enrollmentHistories(db, query)) {
      const id = JSON.stringify([run.period.start.getTime(), run.sequenceId, run.version]);
      groups.set(id, [...(groups.get(id) ?? []), run]);
    }
    return [...groups.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([, runs]): ReportRow => {
        const [first] = runs;
        const hours = runs.flatMap((run) => (run.ended?.ending === 'converted' ? [(run.ended.at.getTime() - run.startedAt.getTime()) / HOUR] : []));
        const p50 = percentile(hours, 50);
        const p90 = percentile(hours, 90);
        return {
          period: first?.period.label ?? '',
          sequence: first?.sequenceId ?? '',
          version: first?.version ?? '',
          enrolled: runs.length,
          converted: hours.length,
          conversion_pct: percent(hours.length, runs.length),
          convert_p50_hours: p50 === null ? null : round(p50),
          convert_p90_hours: p90 === null ? null : round(p90),
        };
      });
  },
};
