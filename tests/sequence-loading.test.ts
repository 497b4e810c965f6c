import { describe, expect, it } from 'vitest';
import { loadSequences, parseSequence } from '../src/dsl/load.js';

describe('loading sequences', () => {
  it('compiles the shipped sequences with a content hash as version', async () => {
    const sequences = await loadSequences('sequences');
    expect(sequences.map((sequence) => sequence.id)).toContain('welcome');
    for (const sequence of sequences) expect(sequence.version).toMatch(/^[0-9a-f]{12}$/);
  });

  it('points at file:line:col for a bad duration', () => {
    const yaml = ['id: demo', 'name: Demo', 'trigger: { event: purchase }', 'steps:', '  - wait: 7 days', 'templates: {}', ''].join('\n');
    expect(() => parseSequence(yaml, 'demo.yaml')).toThrow(/demo\.yaml:5:\d+ {2}step 1, wait:/);
  });

  it('names a template that does not exist', () => {
    const yaml = ['id: demo', 'name: Demo', 'trigger: { event: purchase }', 'steps:', '  - send: { channel: email, template: hello }', 'templates: {}', ''].join('\n');
    expect(() => parseSequence(yaml, 'demo.yaml')).toThrow(/template "hello"/);
  });

  it('gives a new version when the content changes', () => {
    const source = (subject: string): string =>
      ['id: demo', 'name: Demo', 'trigger: { event: purchase }', 'steps:', '  - send: { channel: email, template: hi }', 'templates:', `  hi: { email: { fa: { subject: "${subject}", text: "x" } } }`, ''].join('\n');
    expect(parseSequence(source('a'), 'demo.yaml').version).not.toBe(parseSequence(source('b'), 'demo.yaml').version);
  });
});
