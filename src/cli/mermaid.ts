import { assertNever } from '../dsl/assertNever.js';
import type { EscalateStep, SequenceDefinition, Step } from '../dsl/definition.js';
import { formatDuration } from '../dsl/duration.js';
import { conditionText, exitOnLines, goalLines, isolate, mermaidLabel, rungLines, splitArmLabels, stepLines, triggerLines, windowLines } from './graphLabels.js';

/** Where the flow goes on from: a node, and the label of the edge that leaves it (a branch case, an event). */
interface End {
  from: string;
  label?: string;
}

/** Colours by what a node does; the same in a GitHub comment and in `--svg` / `--png`. */
const CLASSES = [
  'classDef trigger fill:#e6f4ea,stroke:#2e7d32',
  'classDef message fill:#e8f0fe,stroke:#3b6fc4',
  'classDef wait fill:#f4f4f4,stroke:#888',
  'classDef decision fill:#fff8e1,stroke:#c89b00',
  'classDef task fill:#fdebd3,stroke:#d9822b',
  'classDef finish fill:#fde7e9,stroke:#c62828',
  'classDef rule fill:#fbfbfb,stroke:#999,stroke-dasharray:4 3',
];

/**
 * A Mermaid flowchart of a sequence that reads like its YAML: the trigger, each step with what it
 * does, its template and its wait, branches and wait_for outcomes as labelled edges, escalation
 * ladders as their rungs, and what holds all through the run: `exit_on`, the goal, the send windows.
 */
export function toMermaid(definition: SequenceDefinition): string {
  const lines = ['---', `title: ${JSON.stringify(`${isolate(definition.name)} (${definition.id})`)}`, '---', 'flowchart TD'];
  const node = (id: string, shape: [string, string], text: string[], style: string): void => {
    lines.push(`  ${id}${shape[0]}"${mermaidLabel(text)}"${shape[1]}:::${style}`);
  };
  const edge = (end: End, to: string): void => {
    lines.push(`  ${end.from} -->${end.label ? `|"${mermaidLabel([end.label])}"|` : ''} ${to}`);
  };

  node('start', STADIUM, triggerLines(definition), 'trigger');
  const rules = Object.entries({ exit_on: exitOnLines(definition), goal: goalLines(definition), windows: windowLines(definition) }).filter(([, text]) => text.length);
  if (rules.length) {
    lines.push('  subgraph rules["all through the run"]', '    direction TB');
    for (const [id, text] of rules) node(id, RECTANGLE, text, 'rule');
    lines.push('  end', '  style rules fill:#fafafa,stroke:#bbb');
  }

  /** Draws steps entered from `ends`; returns the ends the flow leaves them by. */
  const drawList = (steps: Step[], ends: End[], topLevel: boolean): End[] => {
    for (const step of steps) {
      const id = nodeId(step.id);
      if (step.kind === 'escalate') drawLadder(step, id, topLevel);
      else node(id, SHAPES[step.kind], stepLines(step, topLevel), STYLES[step.kind]);
      for (const end of ends) edge(end, id);
      ends = drawChildren(step, id);
    }
    return ends;
  };
  const drawChildren = (step: Step, id: string): End[] => {
    switch (step.kind) {
      case 'exit':
        return [];
      case 'wait_for':
        return [
          ...step.events.flatMap((option) =>
            drawList(option.steps, [{ from: id, label: `${option.event}${option.where ? ` where ${conditionText(option.where)}` : ''}` }], false),
          ),
          ...drawList(step.onTimeout, [{ from: id, label: `timeout ${formatDuration(step.timeout)}` }], false),
        ];
      case 'branch':
        return [
          ...step.cases.flatMap((option) => drawList(option.steps, [{ from: id, label: conditionText(option.when) }], false)),
          ...drawList(step.otherwise, [{ from: id, label: 'otherwise' }], false),
        ];
      case 'split': {
        const { edges, holdout } = splitArmLabels(step);
        if (holdout) {
          node(`${id}_holdout`, STADIUM, holdout, 'finish');
          edge({ from: id }, `${id}_holdout`);
        }
        return step.variants.flatMap((variant, index) => drawList(variant.steps, [{ from: id, label: edges[index] ?? variant.name }], false));
      }
      case 'send':
      case 'wait':
      case 'escalate':
      case 'call_task':
      case 'update':
      case 'webhook':
        return [{ from: id }];
      default:
        return assertNever(step);
    }
  };
  /** An escalation as a box of rungs: each rung leads to the next when none of `until` came in its wait. */
  const drawLadder = (step: EscalateStep, id: string, topLevel: boolean): void => {
    lines.push(`  subgraph ${id}["${mermaidLabel(stepLines(step, topLevel))}"]`);
    const rung = (index: number): string => `${id}_rung${index + 1}`;
    step.ladder.forEach(({ channel, template, wait }, index) => {
      const last = index === step.ladder.length - 1;
      node(rung(index), RECTANGLE, [...rungLines({ channel, template }), ...(last && wait ? [`then wait ${formatDuration(wait)}`] : [])], channel === 'call_task' ? 'task' : 'message');
    });
    step.ladder.slice(0, -1).forEach(({ wait }, index) => {
      edge({ from: rung(index), ...(wait && { label: `no ${step.until.join(' or ')} within ${formatDuration(wait)}` }) }, rung(index + 1));
    });
    lines.push('  end');
  };

  const ends = drawList(definition.steps, [{ from: 'start' }], true);
  if (ends.length) {
    node('done', STADIUM, ['end'], 'finish');
    for (const end of ends) edge(end, 'done');
  }
  lines.push(...CLASSES.map((line) => `  ${line}`));
  return lines.join('\n');
}

const nodeId = (stepId: string): string => `s${stepId.replace(/[^a-zA-Z0-9]/g, '_')}`;

const RECTANGLE: [string, string] = ['[', ']'];
const STADIUM: [string, string] = ['([', '])'];
const ROUNDED: [string, string] = ['(', ')'];
const HEXAGON: [string, string] = ['{{', '}}'];

const SHAPES: Record<Exclude<Step['kind'], 'escalate'>, [string, string]> = {
  send: RECTANGLE,
  wait: ROUNDED,
  wait_for: HEXAGON,
  branch: HEXAGON,
  split: HEXAGON,
  call_task: RECTANGLE,
  update: RECTANGLE,
  webhook: RECTANGLE,
  exit: STADIUM,
};

const STYLES: Record<Exclude<Step['kind'], 'escalate'>, string> = {
  send: 'message',
  wait: 'wait',
  wait_for: 'decision',
  branch: 'decision',
  split: 'decision',
  call_task: 'task',
  update: 'task',
  webhook: 'task',
  exit: 'finish',
};
