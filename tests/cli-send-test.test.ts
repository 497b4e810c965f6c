import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtpServer, type LocalSmtpServer } from './support/smtpServer.js';

const run = promisify(execFile);

/** The CLI as a marketer runs it, with SMTP_URL pointing at a real local SMTP server (not blocking this process). */
async function peygir(env: Record<string, string>, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'peygir-send-test-'));
  try {
    const { stdout, stderr } = await run(process.execPath, ['bin/peygir.js', ...args], { env: { ...process.env, SEQUENCES_DIR: 'sequences', PEYGIR_DATA_DIR: dataDir, ...env } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('peygir send-test', () => {
  let smtp: LocalSmtpServer;
  beforeAll(async () => {
    smtp = await startSmtpServer();
  });
  afterAll(async () => smtp.close());

  it('sends one real email through SMTP_URL, rendered for the sample customer and marked as a test', async () => {
    const { code, stdout } = await peygir({ SMTP_URL: smtp.url }, 'send-test', 'welcome', 'welcome', '--to', 'marketer@example.com');
    expect(code).toBe(0);
    expect(stdout).toContain('sent a test email (welcome) to marketer@example.com through SMTP_URL');
    const [mail] = await smtp.waitForMessages(1);
    expect(mail?.subject).toBe('[TEST] سارا عزیز، به خانواده ما خوش آمدید');
    expect(mail?.headers.get('x-peygir-test')).toBe('1');
    expect(mail?.to && 'text' in mail.to ? mail.to.text : '').toBe('marketer@example.com');
    expect(mail?.html).toContain('dir="rtl"');
  });

  it('refuses an address that is neither email nor mobile, a missing --to and an unknown template, with exit 2', async () => {
    const cases: [string[], RegExp][] = [
      [['send-test', 'welcome', 'welcome', '--to', 'marketer@'], /--to marketer@ is not an email address/],
      [['send-test', 'welcome', 'welcome', '--to', '12345'], /--to 12345 is neither an email address nor an Iranian mobile number/],
      [['send-test', 'welcome', 'welcome'], /send-test needs --to/],
      [['send-test', 'welcome', 'welcom', '--to', 'marketer@example.com'], /sequence welcome has no template "welcom"/],
    ];
    for (const [args, message] of cases) {
      const { code, stderr } = await peygir({ SMTP_URL: smtp.url }, ...args);
      expect({ args, code }).toEqual({ args, code: 2 });
      expect(stderr).toMatch(message);
    }
    expect(smtp.messages).toHaveLength(1);
  });
});
