import { liquid } from '../../templates/liquid.js';
import type { YamlPath } from '../compile.js';
import type { EmailContent, Locale, SequenceDefinition, Template } from '../definition.js';
import type { Locator } from '../locate.js';
import { didYouMean, type Problem } from '../problems.js';
import { declarationHint, optionalDataFields, sampleVariables, type Declarations } from '../variables.js';
import { liquidUses, type LiquidUse } from './templateUses.js';

/** Kavenegar's length limits for one SMS (4 concatenated parts): Persian (UCS-2) and Latin text. */
export const SMS_LIMITS = { persian: 268, latin: 612 } as const;

const FILTERS = ['jalali', 'gregorian', 'fa_digits', 'toman', 'rial', 'rial_to_toman'];

interface Source {
  path: YamlPath;
  text: string;
  sms?: boolean;
}

/**
 * Every template a step uses exists, has text for that channel, and renders with the variables
 * available there (sample values from the declarations); SMS text fits Kavenegar's limit.
 */
export function checkTemplates(definition: SequenceDefinition, stepPaths: Map<string, YamlPath>, declarations: Declarations, locator: Locator): Problem[] {
  const problems = new Map<string, Problem>();
  const add = (problem: Problem): void => void problems.set(`${problem.line}:${problem.col}:${problem.message}`, problem);
  for (const use of liquidUses(definition, stepPaths)) {
    if (use.kind === 'value') {
      for (const event of use.events) renderCheck({ path: use.at, text: use.source }, event, undefined, use, declarations, locator).forEach(add);
      continue;
    }
    const template = definition.templates[use.template];
    if (!template) {
      const suggestion = didYouMean(use.template, Object.keys(definition.templates));
      add(locator.problem(use.at, `template "${use.template}" is not under templates:`, suggestion ? `did you mean ${suggestion}?` : `add templates: { ${use.template}: { ${use.channel}: { fa: …, en: … } } }`));
      continue;
    }
    const sources = channelSources(use.template, template, use.channel);
    if (sources.length === 0) {
      add(locator.problem(use.at, `template "${use.template}" has no ${use.channel} text`, `add templates.${use.template}.${use.channel}: { fa: …, en: … }`));
      continue;
    }
    for (const source of sources) for (const event of use.events) renderCheck(source, event, use.channel, use, declarations, locator).forEach(add);
  }
  return [...problems.values()];
}

function channelSources(name: string, template: Template, channel: keyof Template): Source[] {
  const base: YamlPath = ['templates', name, channel];
  if (channel === 'email') {
    return Object.entries(template.email ?? {}).flatMap(([locale, content]) =>
      (['subject', 'text', 'html', 'preheader'] as const satisfies (keyof EmailContent)[])
        .filter((field) => content[field] !== undefined)
        .map((field) => ({ path: [...base, locale, field], text: content[field] ?? '' })));
  }
  return (Object.entries(template[channel] ?? {}) as [Locale, { text: string }][]).map(([locale, content]) => ({
    path: [...base, locale], text: content.text, sms: channel === 'sms',
  }));
}

function renderCheck(
  source: Source,
  event: string,
  channel: Parameters<typeof sampleVariables>[2],
  use: LiquidUse,
  declarations: Declarations,
  locator: Locator,
): Problem[] {
  const variables = sampleVariables(declarations, event, channel);
  let rendered: string;
  try {
    rendered = liquid.parseAndRenderSync(source.text, variables);
  } catch (error) {
    return [liquidProblem(error, source.path, event, declarations, locator)];
  }
  const unguarded = unguardedOptionalField(source, variables, event, use, declarations, locator);
  if (unguarded) return [unguarded];
  if (!source.sms) return [];
  const persian = [...rendered].some((char) => char.charCodeAt(0) > 0x7f);
  const limit = persian ? SMS_LIMITS.persian : SMS_LIMITS.latin;
  if (rendered.trim().length <= limit) return [];
  return [locator.problem(source.path, `SMS text is ${rendered.trim().length} characters with sample values, over Kavenegar's limit of ${limit} for ${persian ? 'Persian' : 'Latin'} text`, 'shorten it; put the details in an email')];
}

/**
 * Renders again without the event fields that may be missing there (optional, and no condition on
 * the way guarantees them): a template that still needs one would fail for a real customer's event.
 */
function unguardedOptionalField(
  source: Source,
  variables: Record<string, unknown>,
  event: string,
  use: LiquidUse,
  declarations: Declarations,
  locator: Locator,
): Problem | undefined {
  const withoutOptional = (root: 'event' | 'trigger', type: string): Record<string, unknown> => {
    const sample = variables[root] as { data: Record<string, unknown> };
    const optional = optionalDataFields(type, declarations);
    const data = Object.entries(sample.data).filter(([field]) => !optional.has(field) || use.present.has(`${root}.data.${field}`));
    return { ...sample, data: Object.fromEntries(data) };
  };
  try {
    liquid.parseAndRenderSync(source.text, { ...variables, event: withoutOptional('event', event), trigger: withoutOptional('trigger', declarations.triggerEvent) });
    return undefined;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const variable = /^undefined variable: ((?:event|trigger)\.data\.([^.,]+))/.exec(message);
    if (!variable?.[1] || !variable[2]) return liquidProblem(error, source.path, event, declarations, locator);
    const [path, field] = [variable[1], variable[2]];
    const type = path.startsWith('trigger.') ? declarations.triggerEvent : event;
    const [line, col] = (error as { token?: { getPosition?: () => [number, number] } }).token?.getPosition?.() ?? [1, 1];
    return locator.inText(
      source.path,
      line,
      col,
      `{{ ${path} }} may be missing: a ${type} event may come without ${field}`,
      `guard it: {% if ${path} %}…{% endif %}, or {{ ${path} | default: "…" }}`,
    );
  }
}

function liquidProblem(error: unknown, path: YamlPath, event: string, declarations: Declarations, locator: Locator): Problem {
  const raw = error instanceof Error ? error.message : String(error);
  const message = raw.replace(/, line:\d+, col:\d+$/, '');
  const position = (error as { token?: { getPosition?: () => [number, number] } }).token?.getPosition?.() ?? [1, 1];
  const variable = /^undefined variable: (.+)$/.exec(message)?.[1];
  const filter = /^undefined filter: (.+)$/.exec(message)?.[1];
  if (variable) {
    const when = variable.startsWith('event.') && event !== declarations.triggerEvent ? ` when the event is ${event}` : '';
    return locator.inText(path, position[0], position[1], `{{ ${variable} }} is not available${when}`, declarationHint(variable, event, declarations));
  }
  if (filter) {
    const suggestion = didYouMean(filter, FILTERS);
    return locator.inText(path, position[0], position[1], `unknown filter "${filter}"`, suggestion ? `did you mean ${suggestion}?` : `filters: ${FILTERS.join(', ')} and Liquid's own`);
  }
  return locator.inText(path, position[0], position[1], `template error: ${message}`);
}
