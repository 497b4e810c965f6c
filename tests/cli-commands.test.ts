import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function peygir(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ['bin/peygir.js', ...args], { encoding: 'utf8', env: { ...process.env, SEQUENCES_DIR: 'sequences' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const scratch = mkdtempSync(join(tmpdir(), 'peygir-cli-'));
const german = join(scratch, 'german.json');
const broken = join(scratch, 'broken.json');
const nameless = join(scratch, 'nameless.json');
writeFileSync(german, JSON.stringify({ name: 'Jonas', locale: 'de' }));
writeFileSync(broken, '{ "name": "Jonas", ');
writeFileSync(nameless, JSON.stringify({ email: 'someone@example.com', locale: 'fa', timezone: 'Asia/Tehran' }));

const noStackTrace = (text: string): void => expect(text).not.toMatch(/\n\s+at .+:\d+:\d+/);

describe('the peygir CLI', () => {
  it('validate: all shipped sequences pass with exit 0', () => {
    const { code, stdout } = peygir('validate', '--dir', 'sequences');
    expect(code).toBe(0);
    expect(stdout).toContain('12 sequences valid');
  });

  it('validate: broken files give every problem as file:line:col and exit 1', () => {
    const { code, stderr } = peygir('validate', 'tests/fixtures/broken-sequences/many-problems.yaml', 'tests/fixtures/broken-sequences/bad-channel.yaml');
    expect(code).toBe(1);
    expect(stderr).toContain('tests/fixtures/broken-sequences/many-problems.yaml:6:5  step 1, sned: unknown step "sned"  (did you mean send?)');
    expect(stderr).toContain('tests/fixtures/broken-sequences/bad-channel.yaml:5:22  step 1, send.channel:');
    expect(stderr).toContain('6 problems in 2 of 2 files');
    noStackTrace(stderr);
  });

  it('validate: a folder checks each of its files (the shipped folder passes)', () => {
    const { code, stdout } = peygir('validate', 'sequences');
    expect(code).toBe(0);
    expect(stdout).toContain('12 sequences valid');
  });

  it('validate: an alias bomb is a problem of its file; the other files are still checked and printed', () => {
    const { code, stdout, stderr } = peygir('validate', 'tests/fixtures/broken-sequences/alias-bomb.yaml', 'sequences/welcome.yaml');
    expect(code).toBe(1);
    expect(stderr).toMatch(/^tests\/fixtures\/broken-sequences\/alias-bomb\.yaml:13:10 {2}\*d makes the file expand/m);
    expect(stderr).toContain('ok  sequences/welcome.yaml');
    expect(stderr).toContain('1 problem in 1 of 2 files');
    noStackTrace(stderr + stdout);
  });

  it('validate: two files with one id is a problem', () => {
    const { code, stderr } = peygir('validate', 'sequences/welcome.yaml', 'sequences/welcome.yaml');
    expect(code).toBe(1);
    expect(stderr).toContain('id: "welcome" is already the id of sequences/welcome.yaml');
  });

  it('preview: the timeline the workers produce, with rendered messages and each email\'s HTML with --html', { timeout: 180_000 }, () => {
    const html = join(scratch, 'html');
    const { code, stdout } = peygir(
      'preview', 'welcome', '--customer', 'sequences/samples/sara.json', '--events', 'sequences/samples/welcome.events.yaml',
      '--start', '2026-11-25T10:00:00+03:30', '--html', html,
    );
    expect(code).toBe(0);
    expect(stdout).toContain('▶ enrolled in welcome');
    expect(stdout).toContain('Subject: سارا عزیز، به خانواده ما خوش آمدید');
    expect(stdout).toMatch(/1405\/09\/11 10:00 {2}Wed 2026-12-02 10:00 {2}\[3\] +send email: tutorial → sara@example.com/);
    expect(stdout).toMatch(/▶ completed$/m);
    expect(readdirSync(html)).toEqual(['01-step-1.html', '02-step-3.html']);
    expect(readFileSync(join(html, '01-step-1.html'), 'utf8')).toMatch(/<html[^>]* dir="rtl"/);
  });

  it('preview: exit 1 when the run would fail, as the workers would (a template that cannot render for this customer)', { timeout: 180_000 }, () => {
    const { code, stdout } = peygir('preview', 'welcome', '--customer', nameless, '--start', '2026-11-25T10:00:00+03:30');
    expect(code).toBe(1);
    expect(stdout).toMatch(/\[1\] +⚠ send email: welcome: failed \(template could not be rendered/);
    expect(stdout).toContain('▶ failed at step 1: the workers would hold the run in "failed" until ops fix it and signal retry_step');
  });

  it('preview: clear messages and exit 2 for bad input, never a stack trace', () => {
    const cases: [string[], RegExp][] = [
      [['preview', 'welcome'], /needs --customer/],
      [['preview', 'welcom', '--customer', 'sequences/samples/sara.json'], /no sequence "welcom" in sequences \(did you mean welcome\?\)/],
      [['preview', 'welcome', '--customer', 'nope.json'], /cannot read nope.json/],
      [['preview', 'welcome', '--customer', german], /german.json: locale: "de" is not one of fa, en|german.json: locale: Invalid option/],
      [['preview', 'welcome', '--customer', broken], /broken.json is not valid JSON or YAML/],
      [['preview', 'welcome', '--customer', 'sequences/samples/sara.json', '--start', 'yesterday'], /--start yesterday is not a date/],
      [['graph'], /graph takes one sequence/],
      [['frobnicate'], /unknown command "frobnicate"/],
      [['validate', 'missing.yaml'], /no such file: missing.yaml/],
      [['validate', '--nope'], /Unknown option '--nope'/],
    ];
    for (const [args, message] of cases) {
      const { code, stderr } = peygir(...args);
      expect({ args, code }).toEqual({ args, code: 2 });
      expect(stderr).toMatch(message);
      noStackTrace(stderr);
    }
  });

  it('graph: a Mermaid flowchart with the step labels', () => {
    const { code, stdout } = peygir('graph', 'post-purchase');
    expect(code).toBe(0);
    expect(stdout.split('\n').slice(0, 4)).toEqual(['---', 'title: "Post-purchase nurture (post-purchase)"', '---', 'flowchart TD']);
    expect(stdout).toContain('s6{{"6. wait for survey_answered<br>timeout 5d"}}');
    expect(stdout).toContain('s6 -->|"timeout 5d"| s6_timeout_1');
    expect(stdout).toContain('s6_survey_answered_1_case1_1 --> s7');
  });

  it('help: usage with exit 0', () => {
    const { code, stdout } = peygir('--help');
    expect(code).toBe(0);
    expect(stdout).toContain('peygir validate');
  });
});
