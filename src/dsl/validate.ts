import { basename } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { checkConditions } from './checks/conditions.js';
import { checkEventNames, checkWaitsOnExitEvents } from './checks/events.js';
import { checkDuplicateEvents, checkPhoneChannels, checkReachability } from './checks/structure.js';
import { checkTemplates } from './checks/templates.js';
import { checkSplits } from './checks/splits.js';
import { checkShortDays } from './checks/windows.js';
import { checkDateField } from './checks/triggers.js';
import { compileSequence } from './compile.js';
import { SELF_TRIGGER_DATA } from '../../workflows/watches/triggers.js';
import type { SequenceDefinition } from './definition.js';
import { Locator } from './locate.js';
import type { Problem } from './problems.js';
import { sequenceFileSchema } from './schema.js';
import { schemaProblems } from './schemaProblems.js';
import { templateFileTag } from './templateFiles.js';
import { aliasProblems, phoneNumberProblems, syntaxProblems } from './yamlProblems.js';

/**
 * YAML → schema (zod) → compiled definition → checks over the whole sequence. Every problem found
 * is reported, not only the first; a definition comes back only when there are none.
 * `otherEvents`, the events the other loaded sequences introduce, turns on the event-name check
 * (the folder is checked together; a lone sequence in a test is not).
 */
export function validateSequence(source: string, file: string, otherEvents?: Iterable<string>): { definition?: SequenceDefinition; problems: Problem[] } {
  const lineCounter = new LineCounter();
  // `merge: true`: the YAML merge key `<<: *defaults` copies a map's keys in (YAML 1.1, widely used).
  const document = parseDocument(source, { lineCounter, prettyErrors: false, merge: true, customTags: [templateFileTag(file)] });
  const locator = new Locator(file, document, lineCounter, source);
  if (document.errors.length > 0) return { problems: syntaxProblems(document, locator) };
  const bomb = aliasProblems(document, locator);
  if (bomb.length > 0) return { problems: bomb };
  // Expansion is bounded by aliasProblems above; the library's own count would refuse one anchor used 150 times.
  const input: unknown = document.toJS({ maxAliasCount: -1 });
  const phoneNumbers = phoneNumberProblems(document, locator);
  const parsed = sequenceFileSchema.safeParse(input ?? {});
  if (!parsed.success) return { problems: sorted([...phoneNumbers, ...schemaProblems(parsed.error.issues, input, locator).filter((problem) => !phoneNumbers.some((phone) => samePlace(phone, problem)))]) };

  const { definition, stepPaths } = compileSequence(parsed.data, basename(file));
  const declarations = {
    sequenceId: definition.id,
    triggerEvent: definition.trigger.event,
    customerFields: parsed.data.customer_fields,
    eventData: { ...SELF_TRIGGER_DATA, ...parsed.data.event_data },
  };
  const problems = sorted([
    ...phoneNumbers,
    ...checkReachability(definition, stepPaths, locator),
    ...checkPhoneChannels(definition, stepPaths, locator),
    ...checkDuplicateEvents(definition, stepPaths, locator),
    ...checkSplits(definition, stepPaths, locator),
    ...checkWaitsOnExitEvents(definition, stepPaths, locator),
    ...(otherEvents ? checkEventNames(definition, stepPaths, declarations, otherEvents, locator) : []),
    ...checkShortDays(parsed.data, locator),
    ...checkDateField(parsed.data, locator),
    ...checkConditions(definition, stepPaths, declarations, locator),
    ...checkTemplates(definition, stepPaths, declarations, locator),
  ]);
  return problems.length > 0 ? { problems } : { definition, problems };
}

const sorted = (problems: Problem[]): Problem[] => problems.sort((a, b) => a.line - b.line || a.col - b.col);

const samePlace = (a: Problem, b: Problem): boolean => a.line === b.line && a.col === b.col;
