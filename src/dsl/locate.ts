import { isMap, isPair, isScalar, visit, type Document, type LineCounter, type Node } from 'yaml';
import type { YamlPath } from './compile.js';
import type { Problem } from './problems.js';

/** Turns a path in the YAML (["steps", 0, "wait"]) into file:line:col problems. */
export class Locator {
  constructor(
    readonly file: string,
    private readonly document: Document,
    private readonly lineCounter: LineCounter,
    private readonly source: string,
  ) {}

  /** The node at `path`, or its nearest ancestor that exists (a missing key points at its map). */
  node(path: YamlPath): Node | undefined {
    for (let depth = path.length; depth >= 0; depth -= 1) {
      const node = this.document.getIn(path.slice(0, depth), true);
      if (node && typeof node === 'object' && 'range' in (node as object)) return node as Node;
    }
    return this.document.contents ?? undefined;
  }

  /** The key node of `path`'s last segment (for "unknown key" problems). */
  keyNode(path: YamlPath): Node | undefined {
    const parent = this.document.getIn(path.slice(0, -1), true);
    if (!isMap(parent)) return this.node(path);
    const name = path[path.length - 1];
    const pair = parent.items.find((item) => isPair(item) && isScalar(item.key) && item.key.value === name);
    return (pair?.key as Node | undefined) ?? this.node(path);
  }

  /** The first map key spelled `key` at or under `path` (e.g. a condition's "event.data.nps"). */
  findKey(path: YamlPath, key: string): Node | undefined {
    const root = this.node(path);
    let found: Node | undefined;
    if (root) {
      visit(root, {
        Pair(_, pair) {
          if (isScalar(pair.key) && pair.key.value === key) {
            found = pair.key;
            return visit.BREAK;
          }
          return undefined;
        },
      });
    }
    return found;
  }

  at(offset: number, message: string, hint?: string): Problem {
    const { line, col } = this.lineCounter.linePos(offset);
    return { file: this.file, line, col, message, ...(hint && { hint }) };
  }

  /**
   * A problem at line:col inside a text value (Liquid reports positions within the template):
   * block scalars (`|`) start on the next line at their indentation, inline ones after the quote.
   */
  inText(path: YamlPath, textLine: number, textCol: number, message: string, hint?: string): Problem {
    const node = this.document.getIn(path, true);
    if (!isScalar(node) || !node.range) return this.problem(path, message, hint);
    const start = this.lineCounter.linePos(node.range[0]);
    const block = node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED';
    const lineOffset = this.lineCounter.lineStarts[start.line - 1 + textLine] ?? 0;
    const indent = block ? (/^ */.exec(this.source.slice(lineOffset))?.[0].length ?? 0) : 0;
    const offset = block
      ? lineOffset + indent + textCol - 1
      : textLine === 1 ? node.range[0] + (node.type === 'PLAIN' ? 0 : 1) + textCol - 1 : node.range[0];
    return this.at(offset, `${this.describe(path)}${message}`, hint);
  }

  problem(path: YamlPath, message: string, hint?: string): Problem {
    return this.at(this.node(path)?.range?.[0] ?? 0, `${this.describe(path)}${message}`, hint);
  }

  keyProblem(path: YamlPath, message: string, hint?: string): Problem {
    return this.at(this.keyNode(path)?.range?.[0] ?? 0, `${this.describe(path)}${message}`, hint);
  }

  /**
   * The path as a prefix for messages, empty at the top. Steps are named by the ids preview and graph
   * show (`step 6.survey_answered.1`, counted from 1 as compile numbers them), other list items from 1 too:
   * "step 2, wait_for.events.2.event: ".
   */
  describe(path: YamlPath): string {
    let id: string | undefined;
    let at = 0;
    for (;;) {
      const [first, second, third, fourth, fifth] = path.slice(at);
      const base = path.slice(0, at);
      if (id === undefined) {
        if (at !== 0 || first !== 'steps' || typeof second !== 'number') break;
        id = `${second + 1}`;
        at = 2;
      } else if (first === 'wait_for' && second === 'events' && typeof third === 'number' && fourth === 'steps' && typeof fifth === 'number') {
        id = `${id}.${String(this.document.getIn([...base, 'wait_for', 'events', third, 'event']))}.${fifth + 1}`;
        at += 5;
      } else if (first === 'branch' && typeof second === 'number' && (third === 'steps' || third === 'otherwise') && typeof fourth === 'number') {
        const cases = Array.from({ length: second + 1 }, (_, index) => this.document.hasIn([...base, 'branch', index, 'when'])).filter(Boolean).length;
        id = `${id}.${third === 'steps' ? `case${cases}` : 'otherwise'}.${fourth + 1}`;
        at += 4;
      } else if (first === 'split' && second === 'variants' && typeof third === 'number' && fourth === 'steps' && typeof fifth === 'number') {
        id = `${id}.${String(this.document.getIn([...base, 'split', 'variants', third, 'name']))}.${fifth + 1}`;
        at += 5;
      } else if (first === 'on_timeout' && typeof second === 'number') {
        id = `${id}.timeout.${second + 1}`;
        at += 2;
      } else break;
    }
    const rest = path.slice(at).map((segment) => (typeof segment === 'number' ? segment + 1 : segment)).join('.');
    if (id === undefined) return rest ? `${rest}: ` : '';
    return `step ${id}${rest ? `, ${rest}` : ''}: `;
  }
}
