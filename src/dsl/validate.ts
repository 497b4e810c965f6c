import { basename } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { checkConditions } from './checks/conditions.js';
import { checkDuplicateEvents, checkPhoneChannels, checkReachability } from './checks/structure.js';
import { checkTemplates } from './checks/templates.js';
import { compileSequence } from './compile.js';
import type { SequenceDefinition } from './definition.js';
import { Locator } from './locate.js';
import type { Problem } from './problems.js';
import { sequenceFileSchema } from './schema.js';
import { schemaProblems } from './schemaProblems.js';
import { templateFileTag } from './templateFiles.js';

/**
 * YAML → schema (zod) → compiled definition → checks over the whole sequence. Every problem found
 * is reported, not only the first; a definition comes back only when there are none.
 */
export function validateSequence(source: string, file: string): { definition?: SequenceDefinition; problems: Problem[] } {
  const lineCounter = new LineCounter();
  const document = parseDocument(source, { lineCounter, prettyErrors: false, customTags: [templateFileTag(file)] });
  const locator = new Locator(file, document, lineCounter, source);
  if (document.errors.length > 0) {
    return {
      problems: document.errors.map((error) =>
        error.code === 'TAG_RESOLVE_FAILED'
          ? locator.at(error.pos[0], yamlMessage(error.message))
          : locator.at(error.pos[0], yamlMessage(error.message), 'check the indentation and that every "key: value" has its colon and space')),
    };
  }
  const input: unknown = document.toJS();
  const parsed = sequenceFileSchema.safeParse(input ?? {});
  if (!parsed.success) return { problems: schemaProblems(parsed.error.issues, input, locator) };

  const { definition, stepPaths } = compileSequence(parsed.data, basename(file));
  const declarations = {
    sequenceId: definition.id,
    triggerEvent: definition.trigger.event,
    customerFields: parsed.data.customer_fields,
    eventData: parsed.data.event_data,
  };
  const problems = [
    ...checkReachability(definition, stepPaths, locator),
    ...checkPhoneChannels(definition, stepPaths, locator),
    ...checkDuplicateEvents(definition, stepPaths, locator),
    ...checkConditions(definition, stepPaths, declarations, locator),
    ...checkTemplates(definition, stepPaths, declarations, locator),
  ].sort((a, b) => a.line - b.line || a.col - b.col);
  return problems.length > 0 ? { problems } : { definition, problems };
}

/** The yaml library's message without its trailing position, which the problem already carries. */
function yamlMessage(message: string): string {
  return message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '') ?? message;
}
