import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { allSteps } from '../src/dsl/flow.js';
import { checkSequenceFiles, parseSequence } from '../src/dsl/load.js';
import { validateSequence } from '../src/dsl/validate.js';

const header = 'id: demo\nname: Demo\ntrigger: { event: purchase }\n';
const hi = 'templates:\n  hi: { email: { fa: { subject: "سلام", text: "متن" } } }\n';

describe('what the validator accepts that YAML allows', () => {
  it('one anchor used 150 times is fine (only an alias bomb is refused)', () => {
    const waits = Array.from({ length: 150 }, () => '  - wait: *day\n').join('');
    const source = `${header}steps:\n  - wait: &day 1d\n${waits}  - send: { channel: email, template: hi }\n${hi}`;
    const { definition, problems } = validateSequence(source, 'anchors.yaml');
    expect(problems).toEqual([]);
    expect(definition?.steps).toHaveLength(152);
  });

  it('the merge key << copies the keys of an anchored map', () => {
    const source = `${header}send_window: &window { days: [sat, sun], hours: "09:00-18:00" }\ncall_hours:\n  <<: *window\n  hours: "10:00-16:00"\nsteps:\n  - send: { channel: email, template: hi }\n${hi}`;
    const definition = parseSequence(source, 'merge.yaml');
    expect(definition.sendWindows.call).toMatchObject({ days: ['sat', 'sun'], start: '10:00', end: '16:00' });
  });

  it('a call_task rung of a ladder takes assignee, priority and due_in like a call_task step', () => {
    const source = readFileSync('sequences/post-purchase.yaml', 'utf8').replace(
      '{ channel: call_task, template: survey_call }',
      '{ channel: call_task, template: survey_call, assignee: support, priority: high, due_in: 4h }',
    );
    const ladder = allSteps(parseSequence(source, 'sequences/post-purchase.yaml').steps).flatMap((step) => (step.kind === 'escalate' ? step.ladder : []));
    expect(ladder[1]).toEqual({ channel: 'call_task', template: 'survey_call', assignee: 'support', priority: 'high', dueIn: { hours: 4 } });
  });
});

describe('the folder is checked together', () => {
  it('an event another sequence introduces (trigger or event_data) is known; without it, it is a problem', async () => {
    const file = 'tests/fixtures/broken-sequences/unknown-exit-event.yaml';
    const alone = await checkSequenceFiles(['sequences/welcome.yaml']);
    expect(alone[0]?.problems).toEqual([]);
    const source = readFileSync('sequences/welcome.yaml', 'utf8').replace(/^exit_on: \[/m, 'exit_on: [quote_accepted, ');
    expect(source).toContain('quote_accepted');
    const byItself = validateSequence(source, 'welcome.yaml', []);
    expect(byItself.problems.map((problem) => problem.message)).toEqual(['exit_on.1: no sequence or documented event type is called "quote_accepted"']);
    expect(validateSequence(source, 'welcome.yaml', ['quote_accepted']).problems).toEqual([]);
    const [broken, shipped] = await checkSequenceFiles([file, 'sequences/escalation.yaml']);
    expect(broken?.problems).toHaveLength(1);
    expect(shipped?.problems).toEqual([]);
  });

  it('one broken file does not stop the others', async () => {
    const [bomb, welcome] = await checkSequenceFiles(['tests/fixtures/broken-sequences/alias-bomb.yaml', 'sequences/welcome.yaml']);
    expect(bomb?.problems[0]).toMatchObject({ file: 'tests/fixtures/broken-sequences/alias-bomb.yaml', line: 13 });
    expect(welcome?.definition?.id).toBe('welcome');
  });
});

describe('step numbers', () => {
  it('a problem names the step by the id preview and graph show (from 1, nested as compiled)', () => {
    const source = readFileSync('sequences/post-purchase.yaml', 'utf8');
    const ids = allSteps(parseSequence(source, 'sequences/post-purchase.yaml').steps).map((step) => step.id);
    const broken = source.replace('template: thank_you', 'template: thank_yuo').replace('template: survey_call }', 'template: survey_cal }');
    const steps = validateSequence(broken, 'sequences/post-purchase.yaml').problems.map((problem) => /^step ([^,:]+)/.exec(problem.message)?.[1]);
    expect(steps).toEqual(['6.survey_answered.1.otherwise.1', '6.timeout.1']);
    for (const id of steps) expect(ids).toContain(id);
  });
});
