import { compileCondition } from '../../workflows/conditions.js';
import { DATE_EVENT, SILENCE_EVENT } from '../../workflows/watches/triggers.js';
import type { CalendarDuration, SequenceDefinition } from './definition.js';
import { normalizeDuration, parseDuration } from './duration.js';
import type { TriggerYaml } from './schema-triggers.js';

/** The compiled trigger: the event type that starts a run (Peygir's own for silence and dates) and what fires it. */
export function compileTrigger(yaml: TriggerYaml): SequenceDefinition['trigger'] {
  const where = yaml.where && { where: compileCondition(yaml.where) };
  if ('silence' in yaml) {
    return { event: SILENCE_EVENT, ...where, silence: { events: yaml.silence.events, for: lengthOf(yaml.silence.for) } };
  }
  if ('date' in yaml) {
    const { field, every, offset, at } = yaml.date;
    return { event: DATE_EVENT, ...where, date: { field, every, at, ...(offset !== undefined && { offset: signedLength(offset) }) } };
  }
  return { event: yaml.event, ...where };
}

const lengthOf = (text: string): CalendarDuration => normalizeDuration(parseDuration(text) ?? {});

/** "-7d" → { days: -7 }; "+1d" or "1d" → { days: 1 }. */
function signedLength(text: string): CalendarDuration {
  const sign = text.trim().startsWith('-') ? -1 : 1;
  const length = lengthOf(text.trim().replace(/^[+-]/, ''));
  return Object.fromEntries(Object.entries(length).map(([unit, amount]) => [unit, sign * (amount as number)])) as CalendarDuration;
}
