import type { YamlPath } from '../compile.js';
import type { SequenceDefinition } from '../definition.js';
import { allSteps } from '../flow.js';
import type { Locator } from '../locate.js';
import type { Problem } from '../problems.js';
import { HOLDOUT } from '../../../workflows/variants.js';

/**
 * An experiment must compare something and say who got what: at least two arms (variants, or one
 * variant and a holdout), each variant named once and not `holdout`, and a holdout only where a goal
 * measures what it did not get.
 */
export function checkSplits(definition: SequenceDefinition, stepPaths: Map<string, YamlPath>, locator: Locator): Problem[] {
  return allSteps(definition.steps).flatMap((step) => {
    if (step.kind !== 'split') return [];
    const at = [...(stepPaths.get(step.id) ?? ['steps']), 'split'];
    const problems: Problem[] = [];
    if (step.variants.length + (step.holdout ? 1 : 0) < 2) {
      problems.push(locator.problem([...at, 'variants'], 'a split needs at least two arms', 'give two variants, or a variant and holdout: { weight: 10, for: 30d }'));
    }
    const seen = new Set<string>();
    step.variants.forEach((variant, index) => {
      const place = [...at, 'variants', index, 'name'];
      if (variant.name === HOLDOUT) problems.push(locator.problem(place, 'a variant cannot be named holdout', 'use holdout: { weight, for } for customers who get nothing'));
      else if (seen.has(variant.name)) problems.push(locator.problem(place, `variant "${variant.name}" is named twice`, 'give each variant its own name'));
      seen.add(variant.name);
    });
    if (step.holdout && !definition.goal) {
      problems.push(locator.problem([...at, 'holdout'], 'a holdout needs the sequence\'s goal: it measures who converts without messages', 'add goal: { event: purchase } or remove the holdout'));
    }
    return problems;
  });
}
