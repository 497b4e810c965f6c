import type { z } from 'zod';
import type { YamlPath } from './compile.js';
import type { Locator } from './locate.js';
import { didYouMean, type Problem } from './problems.js';
import { sequenceJsonSchema } from './jsonSchema.js';
import { STEP_KINDS } from './schema-steps.js';
import { TRIGGER_KINDS } from './schema-triggers.js';

type Issue = z.core.$ZodIssue;

const STEP_LISTS = new Set(['steps', 'on_timeout', 'otherwise']);

/** zod's issues for a sequence file → file:line:col problems a marketer can act on. */
export function schemaProblems(issues: readonly Issue[], input: unknown, locator: Locator): Problem[] {
  return issues.flatMap((issue) => issueProblems(issue, [], input, locator));
}

function issueProblems(issue: Issue, base: YamlPath, input: unknown, locator: Locator): Problem[] {
  const path: YamlPath = [...base, ...(issue.path as YamlPath)];
  const value = valueAt(input, path);
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => {
        const suggestion = didYouMean(key, knownKeys());
        return locator.keyProblem([...path, key], `unknown key "${key}"`, suggestion ? `did you mean ${suggestion}?` : undefined);
      });
    case 'invalid_union':
      return unionProblems(issue.errors, path, value, input, locator);
    case 'invalid_value': {
      const allowed = issue.values.map(String);
      if (value === undefined) return [locator.problem(path, 'missing', `give one of ${allowed.join(', ')}`)];
      const suggestion = typeof value === 'string' ? didYouMean(value, allowed) : undefined;
      return [locator.problem(path, `${JSON.stringify(value)} is not one of ${allowed.join(', ')}`, suggestion && `did you mean ${suggestion}?`)];
    }
    case 'invalid_type':
      return [value === undefined
        ? locator.problem(path, 'missing', EXAMPLES[String(path[path.length - 1])] ?? `give ${article(issue.expected)}`)
        : locator.problem(path, `expected ${article(issue.expected)}, found ${describeValue(value)}`)];
    case 'invalid_key':
      return issue.issues.map((inner) => locator.keyProblem(path, inner.message));
    case 'too_small':
      return [locator.problem(path, issue.message.startsWith('Too small') ? `too short (at least ${issue.minimum})` : issue.message)];
    case 'custom':
      return [locator.problem(path, issue.message, typeof issue.params?.hint === 'string' ? issue.params.hint : undefined)];
    default:
      return [locator.problem(path, issue.message)];
  }
}

/** For a step, the option of its kind; otherwise the option that got furthest into the value. */
function unionProblems(options: Issue[][], path: YamlPath, value: unknown, input: unknown, locator: Locator): Problem[] {
  if (STEP_LISTS.has(String(path[path.length - 2])) && isRecord(value)) {
    const kinds = Object.keys(value).filter((key) => (STEP_KINDS as readonly string[]).includes(key));
    const [kind, second] = kinds;
    if (kind === undefined) {
      const [first = ''] = Object.keys(value);
      const suggestion = didYouMean(first, STEP_KINDS);
      return [locator.keyProblem([...path, first], `unknown step "${first}"`, suggestion ? `did you mean ${suggestion}?` : `a step is one of ${STEP_KINDS.join(', ')}`)];
    }
    if (second !== undefined) {
      return [locator.keyProblem([...path, second], `one step does one thing: found ${kinds.join(' and ')}`, 'start a new "- " item for each step')];
    }
    const chosen = options[STEP_KINDS.indexOf(kind as (typeof STEP_KINDS)[number])] ?? [];
    return chosen.flatMap((issue) => issueProblems(issue, path, input, locator));
  }
  if (path[path.length - 1] === 'trigger' && isRecord(value)) {
    const kinds = Object.keys(value).filter((key) => (TRIGGER_KINDS as readonly string[]).includes(key));
    const [kind, second] = kinds;
    if (kind === undefined) return [locator.problem(path, `a trigger names one of ${TRIGGER_KINDS.join(', ')}`, EXAMPLES.trigger)];
    if (second !== undefined) return [locator.keyProblem([...path, second], `one trigger starts a sequence: found ${kinds.join(' and ')}`)];
    const chosen = options[TRIGGER_KINDS.indexOf(kind as (typeof TRIGGER_KINDS)[number])] ?? [];
    return chosen.flatMap((issue) => issueProblems(issue, path, input, locator));
  }
  const score = (issues: Issue[]): number =>
    issues.reduce((total, issue) => total + (issue.path.length > 0 ? 1 : issue.code === 'invalid_type' ? 1000 : 100), 0);
  const best = [...options].sort((a, b) => score(a) - score(b))[0] ?? [];
  return best.flatMap((issue) => issueProblems(issue, path, input, locator));
}

/** What to write for a required key that is missing. */
const EXAMPLES: Record<string, string> = {
  id: 'e.g. id: post-purchase',
  name: 'e.g. name: Post-purchase nurture',
  trigger: 'e.g. trigger: { event: purchase }, { silence: { events: [purchase, login], for: 60d } } or { date: { field: birthday } }',
  silence: 'e.g. silence: { events: [purchase, login], for: 60d }',
  field: 'e.g. field: birthday',
  events: 'e.g. events: [purchase, login]',
  for: 'e.g. for: 60d',
  event: 'e.g. event: purchase',
  steps: 'e.g. steps: [ { send: { channel: email, template: welcome } } ]',
  templates: 'e.g. templates: { welcome: { email: { fa: { subject: …, text: … } } } }',
  timeout: 'e.g. timeout: 5d',
  template: 'the name of a template under templates:',
  assignee: 'e.g. assignee: agents',
  url: 'e.g. url: https://crm.example.com/hook',
  hours: 'e.g. hours: "09:00-18:00"',
  ladder: 'e.g. ladder: [ { channel: email, template: a, wait: 2d }, { channel: sms, template: b } ]',
  until: 'e.g. until: [email_replied]',
  subject: 'the email subject line',
  text: 'the message text',
  when: 'e.g. when: { event.data.nps: { lte: 6 } }',
};

function valueAt(input: unknown, path: YamlPath): unknown {
  let value = input;
  for (const key of path) value = isRecord(value) || Array.isArray(value) ? (value as Record<string | number, unknown>)[key] : undefined;
  return value;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function article(expected: string): string {
  const names: Record<string, string> = { object: 'a map (key: value lines)', array: 'a list (- items)', string: 'a text', number: 'a number', boolean: 'true or false' };
  return names[expected] ?? expected;
}

function describeValue(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (isRecord(value)) return 'a map';
  return JSON.stringify(value);
}

let vocabulary: Set<string> | undefined;

/** Every key the language knows (from the JSON Schema), for "did you mean". */
function knownKeys(): Set<string> {
  if (!vocabulary) {
    vocabulary = new Set();
    const visit = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(visit);
      else if (isRecord(node)) {
        if (isRecord(node.properties)) for (const key of Object.keys(node.properties)) vocabulary?.add(key);
        Object.values(node).forEach(visit);
      }
    };
    visit(sequenceJsonSchema());
  }
  return vocabulary;
}
