import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadLifecycleRules } from '../src/lifecycle/rules.js';

describe('the lifecycle file (data/lifecycle.yaml, LIFECYCLE_FILE)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lifecycle-'));
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  it('ships valid thresholds', () => {
    expect(loadLifecycleRules()).toMatchObject({ at_risk_after_days: 30, churned_after_days: 60, cancel_events: ['account_closed', 'subscription_cancelled'] });
  });

  it('names the file, the key and what is wrong', () => {
    const shipped = loadLifecycleRules();
    const yaml = (rules: Record<string, unknown>) => JSON.stringify({ ...shipped, ...rules });
    expect(() => loadLifecycleRules(file('a.yaml', yaml({ churned_after_days: 20 })))).toThrow(/a\.yaml: churned_after_days: churned_after_days must be more than at_risk_after_days/);
    expect(() => loadLifecycleRules(file('b.yaml', yaml({ new_for_days: 'soon' })))).toThrow(/b\.yaml: new_for_days: /);
    expect(() => loadLifecycleRules(file('c.yaml', yaml({ grace: 3 })))).toThrow(/c\.yaml: top level: .*grace/);
    expect(() => loadLifecycleRules(join(dir, 'missing.yaml'))).toThrow(/LIFECYCLE_FILE .*missing\.yaml: cannot be read/);
  });
});
