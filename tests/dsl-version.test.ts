import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseSequence, SequenceError } from '../src/dsl/load.js';

const source = readFileSync('sequences/post-purchase.yaml', 'utf8');

describe('the compiled definition and its version', () => {
  it('keeps the version when the file is renamed, reformatted or re-commented', () => {
    const original = parseSequence(source, 'sequences/post-purchase.yaml');
    expect(parseSequence(source, 'sequences/renamed.yaml').version).toBe(original.version);
    const reformatted = `# a new comment\n${source.replace('steps:\n', 'steps:   # the flow\n')}`;
    expect(parseSequence(reformatted, 'sequences/post-purchase.yaml').version).toBe(original.version);
  });

  it('reads !file templates beside the sequence into the definition', () => {
    const definition = parseSequence(source, 'sequences/post-purchase.yaml');
    expect(definition.templates.related_offer?.email?.en?.text).toContain('People who bought {{ trigger.data.product }}');
  });

  it('changes the version when a template, a wait or a window changes', () => {
    const original = parseSequence(source, 'sequences/post-purchase.yaml').version;
    for (const [from, to] of [['امیدواریم', 'مطمئنیم'], ['weeks: 1, at: "10:00"', 'weeks: 1, at: "11:00"'], ['"09:00-20:00"', '"09:00-21:00"']] as const) {
      expect(source).toContain(from);
      expect(parseSequence(source.replace(from, to), 'sequences/post-purchase.yaml').version).not.toBe(original);
    }
  });

  it('gives path-like step ids and labels that read like the YAML', () => {
    const definition = parseSequence(source, 'sequences/post-purchase.yaml');
    const waitFor = definition.steps[5];
    expect(definition.steps.map((step) => step.label).slice(0, 5)).toEqual([
      'send email: delivered',
      'wait 1w at 10:00',
      'send email: tutorial',
      'wait 1mo from enrollment at 10:00',
      'send email: survey',
    ]);
    expect(waitFor).toMatchObject({ id: '6', kind: 'wait_for', label: 'wait for survey_answered (timeout 5d)', timeout: { days: 5 } });
    if (waitFor?.kind !== 'wait_for') throw new Error('expected wait_for');
    expect(waitFor.events[0]?.steps[0]).toMatchObject({ id: '6.survey_answered.1', kind: 'branch' });
    expect(waitFor.onTimeout[0]).toMatchObject({ id: '6.timeout.1', kind: 'escalate', until: ['survey_answered'] });
    const branch = waitFor.events[0]?.steps[0];
    if (branch?.kind !== 'branch') throw new Error('expected branch');
    expect(branch.cases[0]?.when).toEqual({ path: 'event.data.nps', op: 'lte', value: 6 });
    expect(branch.cases[0]?.steps[0]).toMatchObject({ id: '6.survey_answered.1.case1.1', kind: 'call_task', priority: 'high', dueIn: { hours: 4 } });
    expect(branch.otherwise[0]).toMatchObject({ id: '6.survey_answered.1.otherwise.1', label: 'send email: thank_you' });
  });

  it('compiles windows: send_window for email and sms, business hours for calls', () => {
    const definition = parseSequence(source, 'sequences/post-purchase.yaml');
    expect(definition.sendWindows.email).toEqual({ timezone: 'customer', days: ['sat', 'sun', 'mon', 'tue', 'wed', 'thu'], start: '09:00', end: '20:00' });
    expect(definition.sendWindows.call).toMatchObject({ start: '09:00', end: '17:00', shortDays: { thu: '13:00' } });
    expect(definition.phoneField).toBe('phone');
    expect(definition.reentry).toBe('after_exit');
    expect(definition.goal).toEqual({ event: 'purchase', label: 'second purchase' });
  });

  it('throws a SequenceError with structured problems', () => {
    try {
      parseSequence('id: x\nname: X\n', 'x.yaml');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(SequenceError);
      expect((error as SequenceError).problems.map((problem) => problem.message)).toEqual(['trigger: missing', 'steps: missing', 'templates: missing']);
    }
  });
});
