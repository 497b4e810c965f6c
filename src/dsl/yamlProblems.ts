import { isAlias, isCollection, isPair, isScalar, visit, type Document, type Node } from 'yaml';
import type { Locator } from './locate.js';
import type { Problem } from './problems.js';

/**
 * How many values a file may expand to through aliases (`*name`). A sequence has a few hundred; an
 * alias bomb (aliases of aliases of lists) has billions. Reusing one anchor hundreds of times is fine.
 */
export const MAX_EXPANDED_VALUES = 20_000;

/** The yaml library's parse errors as problems a marketer can act on: tabs and duplicate keys named plainly. */
export function syntaxProblems(document: Document, locator: Locator): Problem[] {
  const tabs = document.errors.filter((error) => error.code === 'TAB_AS_INDENT');
  if (tabs.length > 0) {
    // A tab also confuses the parser about what follows: its other errors are echoes of this one.
    const others = [...new Set(tabs.map((error) => locator.at(error.pos[0], '').line))].slice(1);
    const also = others.length ? ` (also line${others.length > 1 ? 's' : ''} ${others.join(', ')})` : '';
    return [locator.at(tabs[0]?.pos[0] ?? 0, `a tab is used for indentation${also}`, 'indent with spaces only, two per level')];
  }
  return document.errors.map((error) => {
    if (error.code === 'TAG_RESOLVE_FAILED') return locator.at(error.pos[0], yamlMessage(error.message));
    if (error.code === 'DUPLICATE_KEY') return duplicateKey(document, locator, error.pos[0]);
    return locator.at(error.pos[0], yamlMessage(error.message), 'check the indentation and that every "key: value" has its colon and space');
  });
}

function duplicateKey(document: Document, locator: Locator, offset: number): Problem {
  let name: string | undefined;
  let firstOffset: number | undefined;
  visit(document, {
    Map(_, map) {
      const keyAt = (item: unknown): Node | undefined => (isPair(item) && isScalar(item.key) ? item.key : undefined);
      const duplicate = map.items.map(keyAt).find((key) => key?.range?.[0] === offset);
      if (!isScalar(duplicate)) return undefined;
      name = String(duplicate.value);
      firstOffset = map.items.map(keyAt).find((key) => isScalar(key) && key.value === duplicate.value)?.range?.[0];
      return visit.BREAK;
    },
  });
  if (name === undefined) return locator.at(offset, 'a key is given twice in the same map', 'keep one of them');
  const firstLine = locator.at(firstOffset ?? offset, '').line;
  return locator.at(offset, `"${name}" is given twice (first on line ${firstLine})`, `keep one "${name}:"; a map has each key once`);
}

/** The yaml library's message without its trailing position, which the problem already carries. */
function yamlMessage(message: string): string {
  return message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '') ?? message;
}

/**
 * An alias bomb: counts what the file expands to (each alias counts its anchor's values again, without
 * expanding anything) and points at the alias that takes it past MAX_EXPANDED_VALUES.
 */
export function aliasProblems(document: Document, locator: Locator): Problem[] {
  const sizes = new Map<Node, number>();
  const inProgress = new Set<Node>();
  const size = (node: unknown): number => {
    if (isAlias(node)) {
      const source = node.resolve(document);
      return source ? size(source) : 1;
    }
    if (!isCollection(node)) return isPair(node) ? size(node.key) + size(node.value) : 1;
    const known = sizes.get(node);
    if (known !== undefined) return known;
    if (inProgress.has(node)) return Infinity; // an alias inside its own anchor
    inProgress.add(node);
    const total = node.items.reduce((sum: number, item) => sum + size(item), 1);
    inProgress.delete(node);
    sizes.set(node, total);
    return total;
  };
  let total = 0;
  let culprit: Node | undefined;
  visit(document, {
    Scalar() {
      total += 1;
    },
    Alias(_, alias) {
      total += size(alias);
      if (total <= MAX_EXPANDED_VALUES) return undefined;
      culprit = alias;
      return visit.BREAK;
    },
  });
  if (!culprit) return [];
  const name = isAlias(culprit) ? culprit.source : '';
  return [locator.at(culprit.range?.[0] ?? 0, `*${name} makes the file expand to more than ${MAX_EXPANDED_VALUES} values (an alias bomb?)`, 'write the values out, or use fewer aliases of aliases')];
}

/**
 * An unquoted phone number is a number to YAML: `+989121234567` loses its +, `09121234567` its 0.
 * Anywhere in the file (a condition, a set: value, a text) it is a mistake.
 */
export function phoneNumberProblems(document: Document, locator: Locator): Problem[] {
  const problems: Problem[] = [];
  visit(document, {
    Scalar(_, scalar) {
      const text = scalar.source ?? '';
      if (scalar.type !== 'PLAIN' || typeof scalar.value !== 'number' || !/^(\+\d{8,15}|0\d{9,14})$/.test(text)) return;
      problems.push(locator.at(scalar.range?.[0] ?? 0, `${text} is read as the number ${String(scalar.value)}, not a phone number`, `put it in quotes: "${text}"`));
    },
  });
  return problems;
}
