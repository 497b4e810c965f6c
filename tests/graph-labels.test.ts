import { describe, expect, it } from 'vitest';
import { toMermaid } from '../src/cli/mermaid.js';
import { loadSequences, parseSequence } from '../src/dsl/load.js';

const shipped = Object.fromEntries((await loadSequences('sequences')).map((definition) => [definition.id, toMermaid(definition)]));
const graph = (id: string): string => shipped[id] ?? '';
/** Every quoted label of a Mermaid text (nodes, edges, subgraphs), as written. */
const labels = (mermaid: string): string[] => [...mermaid.matchAll(/"((?:[^"\n])*)"/g)].map((match) => match[1] ?? '');

const persian = parseSequence(
  `id: persian-goal
name: پیگیری نظرسنجی «NPS»
trigger: { event: survey_answered }
goal: { event: survey_answered, where: { event.data.comment: 'a "quoted" <b>bold</b> & #1;' }, label: مشتری راضی شد }
event_data:
  survey_answered: { comment: text }
steps:
  - send: { channel: email, template: thanks }
templates:
  thanks:
    email:
      fa: { subject: ممنون, text: ممنون }
      en: { subject: Thanks, text: Thanks }
`,
  'persian-goal.yaml',
);

describe('peygir graph: labels that read like the YAML', () => {
  it('names each top-level step by its number from 1, what it does, its template and its wait', () => {
    const text = graph('post-purchase');
    expect(text).toContain('s1["1. send email<br>template: delivered"]:::message');
    expect(text).toContain('s2("2. wait 1w<br>at 10:00"):::wait');
    expect(text).toContain('s4("4. wait 1mo from enrollment<br>at 10:00"):::wait');
    expect(text).toContain('s6{{"6. wait for survey_answered<br>timeout 5d"}}:::decision');
    expect(text).toContain('s6 -->|"timeout 5d"| s6_timeout_1');
  });

  it('shows nested steps by what they do, placed by the edge that leads to them, never by a step-id path', () => {
    const text = graph('post-purchase');
    expect(text).toContain('s6_survey_answered_1_case1_1["call task for manager, high<br>template: detractor<br>due in 4h"]:::task');
    expect(text).toContain('s6_survey_answered_1 -->|"event.data.nps ≤ 6"| s6_survey_answered_1_case1_1');
    for (const text of Object.values(shipped)) {
      for (const label of labels(text)) expect(label).not.toMatch(/\d+\.(case\d|otherwise|timeout|[a-z_]+\.\d)/);
    }
  });

  it('draws an escalation as its rungs, each leading on when none of `until` came in its wait', () => {
    const text = graph('post-purchase');
    expect(text).toContain('subgraph s6_timeout_1["escalate until survey_answered"]');
    expect(text).toContain('s6_timeout_1_rung1["send sms<br>template: survey_nudge"]:::message');
    expect(text).toContain('s6_timeout_1_rung1 -->|"no survey_answered within 2d"| s6_timeout_1_rung2');
    expect(text).toContain('s6_timeout_1 --> s7');
  });

  it('shows the trigger, exit_on, the goal and the send windows (calls default to business hours)', () => {
    const text = graph('post-purchase');
    expect(text).toContain('start(["starts on order_delivered<br>reentry: after_exit"]):::trigger');
    expect(text).toContain('exit_on["exit_on: unsubscribed, refund_requested<br>ends the run at once"]:::rule');
    expect(text).toContain('goal["goal: second purchase<br>on purchase<br>ends the run as converted"]:::rule');
    expect(text).toContain("email, sms: sat–thu 09:00–20:00, customer's time zone");
    expect(text).toContain("call tasks due: sat–thu 09:00–17:00, thu until 13:00, customer's time zone");
    expect(graph('loyalty')).toContain('where customer.facts.orders ≥ 2');
    expect(graph('escalation')).toContain("call tasks due: sat–wed 10:00–16:00, customer's time zone");
    expect(graph('welcome')).toContain('email: any time');
  });

  it('draws a split with each variant on an edge with its share, and the holdout as an end that waits for the goal', () => {
    const text = graph('experiment-welcome');
    expect(text).toContain('s2{{"2. split 3 ways<br>by customer, the same on re-entry"}}:::decision');
    expect(text).toContain('s2 -->|"discount 45%"| s2_discount_1');
    expect(text).toContain('s2 -->|"stories 45%"| s2_stories_1');
    expect(text).toContain('s2_holdout(["holdout 10%: nothing sent<br>waits 14d for the goal"]):::finish');
    expect(text).toContain('s2_discount_1 --> s3');
  });

  it('ends a wait_for event without steps on the next step, with the event on the edge', () => {
    expect(graph('inactivity')).toContain('s2 -->|"email_opened"| done');
    expect(graph('inactivity')).toContain('s2_email_replied_1(["exit: replied"]):::finish');
  });

  it('writes quotes, angle brackets, & and # as Mermaid entity codes inside quoted labels', () => {
    expect(graph('escalation')).toContain('s1 -->|"customer.preferred_channel = #quot;sms#quot;"| s1_case1_1');
    const text = toMermaid(persian);
    expect(text).toContain('where event.data.comment = #quot;a \\#quot;quoted\\#quot; #lt;b#gt;bold#lt;/b#gt; #amp; #35;1;#quot;');
    for (const label of labels(text)) expect(label.replaceAll('<br>', '')).not.toMatch(/[<>]|&(?!#)|#(?!35;|quot;|lt;|gt;|amp;)/);
  });

  it('isolates Persian text so it reads right to left inside a line', () => {
    const text = toMermaid(persian);
    expect(text).toContain('title: "\u2068پیگیری نظرسنجی «NPS»\u2069 (persian-goal)"');
    expect(text).toContain('goal: \u2068مشتری راضی شد\u2069<br>');
    expect(graph('post-purchase')).not.toMatch(/[\u2068\u2069]/);
  });
});
