import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { SplitStep } from '../src/dsl/definition.js';
import { sha256 } from '../workflows/sha256.js';
import { assignVariant, HOLDOUT, splitArms, splitPoint } from '../workflows/variants.js';

const experiment: Pick<SplitStep, 'variants' | 'holdout'> = {
  variants: [
    { name: 'discount', weight: 45, steps: [] },
    { name: 'stories', weight: 45, steps: [] },
  ],
  holdout: { weight: 10, for: { days: 14 } },
};
const subject = (customerId: string) => ({ customerId, sequenceId: 'experiment-welcome', stepId: '2' });

describe('split: which arm a customer gets', () => {
  it('hashes with SHA-256 exactly as node:crypto does (Persian text, block boundaries included)', () => {
    for (const text of ['', 'abc', 'a'.repeat(55), 'a'.repeat(56), 'a'.repeat(64), 'experiment-welcome/2/مشتری-۴۲', 'x'.repeat(1000)]) {
      expect(Buffer.from(sha256(text)).toString('hex')).toBe(createHash('sha256').update(text).digest('hex'));
    }
  });

  it('gives a customer the same arm every time, and depends on sequence and step too', () => {
    const arms = Array.from({ length: 200 }, (_, index) => assignVariant(experiment, subject(`c-${index}`)));
    expect(Array.from({ length: 200 }, (_, index) => assignVariant(experiment, subject(`c-${index}`)))).toEqual(arms);
    const elsewhere = (index: number) => splitPoint({ ...subject(`c-${index}`), sequenceId: 'other' }) !== splitPoint(subject(`c-${index}`));
    expect(Array.from({ length: 200 }, (_, index) => elsewhere(index)).every(Boolean)).toBe(true);
    expect(splitPoint(subject('c-1'))).not.toBe(splitPoint({ ...subject('c-1'), stepId: '4' }));
  });

  it('respects the weights over 10,000 customers (each arm within 1.5 points of its share)', () => {
    const counts = new Map<string, number>();
    for (let index = 0; index < 10_000; index++) {
      const arm = assignVariant(experiment, subject(`customer-${index}`));
      counts.set(arm, (counts.get(arm) ?? 0) + 1);
    }
    expect([...counts.keys()].sort()).toEqual(['discount', HOLDOUT, 'stories']);
    for (const { name, share } of splitArms(experiment)) expect(Math.abs((counts.get(name) ?? 0) / 10_000 - share)).toBeLessThan(0.015);
  });

  it('reads weights as relative: 1 and 3 are a quarter and three quarters; without a holdout nobody is held out', () => {
    expect(splitArms({ variants: [{ name: 'a', weight: 1, steps: [] }, { name: 'b', weight: 3, steps: [] }] })).toEqual([
      { name: 'a', share: 0.25 },
      { name: 'b', share: 0.75 },
    ]);
    const twoWays = { variants: [{ name: 'a', weight: 1, steps: [] }, { name: 'b', weight: 1, steps: [] }] };
    const arms = new Set(Array.from({ length: 500 }, (_, index) => assignVariant(twoWays, subject(`c-${index}`))));
    expect([...arms].sort()).toEqual(['a', 'b']);
  });
});
