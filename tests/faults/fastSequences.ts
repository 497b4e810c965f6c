import type { CalendarDuration, SequenceDefinition, Step } from '../../src/dsl/definition.js';
import { loadSequences } from '../../src/dsl/load.js';

/**
 * The fault run's sequences: tests/faults/sequences/*.yaml, parsed and validated by the project's own
 * loader, then with every duration divided by `factor` (1m → 4 s at 15). The DSL's smallest unit is a
 * minute and the dev server runs in real time, so this is how 200+ customers finish in about a minute.
 * Durations are plain data in the compiled definition (`{ minutes: 0.0667 }` is still minutes to the
 * wake-time maths), so the workflows run unchanged; the version gets a `-fast` suffix.
 */
export async function loadFastSequences(dir: string, factor: number): Promise<SequenceDefinition[]> {
  const loaded = await loadSequences(dir);
  return loaded.map((sequence) => ({ ...sequence, version: `${sequence.version}-fast${factor}`, steps: sequence.steps.map((step) => compressStep(step, factor)) }));
}

function compress(duration: CalendarDuration, factor: number): CalendarDuration {
  const { months, weeks, days, hours = 0, minutes = 0 } = duration;
  if (months || weeks || days) throw new Error(`fault-run sequences use minutes and hours only, not ${JSON.stringify(duration)}`);
  return { minutes: (hours * 60 + minutes) / factor };
}

function compressStep(step: Step, factor: number): Step {
  const steps = (list: Step[]): Step[] => list.map((inner) => compressStep(inner, factor));
  switch (step.kind) {
    case 'wait':
      if (step.at) throw new Error(`fault-run sequences cannot wait "at" a clock time (step ${step.id})`);
      return { ...step, duration: compress(step.duration, factor) };
    case 'wait_for':
      return {
        ...step,
        timeout: compress(step.timeout, factor),
        events: step.events.map((expected) => ({ ...expected, steps: steps(expected.steps) })),
        onTimeout: steps(step.onTimeout),
      };
    case 'branch':
      return { ...step, cases: step.cases.map((branchCase) => ({ ...branchCase, steps: steps(branchCase.steps) })), otherwise: steps(step.otherwise) };
    case 'split':
      return {
        ...step,
        variants: step.variants.map((variant) => ({ ...variant, steps: steps(variant.steps) })),
        ...(step.holdout && { holdout: { ...step.holdout, for: compress(step.holdout.for, factor) } }),
      };
    case 'escalate':
      return { ...step, ladder: step.ladder.map((rung) => (rung.wait ? { ...rung, wait: compress(rung.wait, factor) } : rung)) };
    case 'call_task':
      return step.dueIn ? { ...step, dueIn: compress(step.dueIn, factor) } : step;
    case 'send':
    case 'update':
    case 'webhook':
    case 'exit':
      return step;
  }
}

/** Every step of a sequence that sends a message or creates a call task, with its channel. */
export function messageSteps(steps: Step[]): { channel: 'email' | 'sms' | 'call' | 'call_task'; stepId: string }[] {
  return steps.flatMap((step): { channel: 'email' | 'sms' | 'call' | 'call_task'; stepId: string }[] => {
    switch (step.kind) {
      case 'send':
        return [{ channel: step.channel, stepId: step.id }];
      case 'call_task':
        return [{ channel: 'call_task', stepId: step.id }];
      case 'escalate':
        return step.ladder.map((rung, index) => ({ channel: rung.channel, stepId: `${step.id}.${index + 1}` }));
      case 'wait_for':
        return [...step.events.flatMap((expected) => messageSteps(expected.steps)), ...messageSteps(step.onTimeout)];
      case 'branch':
        return [...step.cases.flatMap((branchCase) => messageSteps(branchCase.steps)), ...messageSteps(step.otherwise)];
      case 'split':
        return step.variants.flatMap((variant) => messageSteps(variant.steps));
      case 'wait':
      case 'update':
      case 'webhook':
      case 'exit':
        return [];
    }
  });
}
