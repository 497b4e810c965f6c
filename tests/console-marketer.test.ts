import { copyFile, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Connection } from '@temporalio/client';
import { Client } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiSettingsFromConfig } from '../src/api/settings.js';
import { buildApi } from '../src/api/server.js';
import { loadConfig } from '../src/config.js';
import { SequenceRegistry } from '../src/dsl/registry.js';
import type { Store } from '../src/store/store.js';
import { consoleUser, ConsoleVisitor } from './support/consoleClient.js';
import { apiDeps, silentLog, testLinks } from './support/stack.js';
import { openTestStore } from './support/testStore.js';
import { unreachableTemporal } from './support/unreachableTemporal.js';

/** The marketers' pages over HTTP, on the shipped welcome sequence and a store with ledger facts; no Temporal behind. */
describe('console for marketers: sequences, live versions, customers at each step, graph, reports, reload', () => {
  let api: FastifyInstance;
  let store: Store;
  let connection: Connection;
  let dir: string;
  let marketer: ConsoleVisitor;
  let version = '';

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'console-sequences-'));
    await copyFile('sequences/welcome.yaml', join(dir, 'welcome.yaml'));
    await mkdir(join(dir, 'samples'));
    for (const sample of ['sara.json', 'welcome.events.yaml']) await copyFile(join('sequences/samples', sample), join(dir, 'samples', sample));
    const sequences = new SequenceRegistry(dir);
    version = (await sequences.reload())[0]?.version ?? '';
    store = await openTestStore();
    connection = unreachableTemporal();
    const settings = { ...apiSettingsFromConfig(loadConfig({})), console: { users: [await consoleUser('marketer-mina', 'marketer')], loginsPerMinute: 10 } };
    api = await buildApi(apiDeps({ client: new Client({ connection }), taskQueue: 'unused', sequences, links: testLinks, store, settings }), silentLog);
    let minute = 0;
    const fact = (run: string, kind: 'enrollment.started' | 'enrollment.step' | 'enrollment.ended', occurrence = '', details: Record<string, unknown> = {}) =>
      store.appendLedger({ customerId: run, kind, subject: `enrollment/welcome/${run}/p`, sequenceId: 'welcome', occurrence, occurredAt: new Date(Date.now() - 3_600_000 + 60_000 * minute++), details });
    for (const run of ['a', 'b', 'c']) {
      await fact(run, 'enrollment.started', '', { version: run === 'c' ? 'old-version' : version });
      await fact(run, 'enrollment.step', '1');
    }
    await fact('a', 'enrollment.step', '2');
    await fact('b', 'enrollment.step', '2');
    marketer = new ConsoleVisitor(api);
    await marketer.logIn('marketer-mina');
  }, 120_000);
  afterAll(async () => {
    await api?.close();
    await connection?.close();
    await store?.close();
  });

  it('lists each sequence with its validation state and the live versions with how many runs each holds', async () => {
    const page = await marketer.get('/console/sequences?lang=en');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<a href="/console/sequences/welcome" dir="ltr">welcome</a>');
    expect(page.body).toContain('Valid');
    expect(page.body).toContain(`<span dir="ltr">${version}</span> (current): 2 open runs`);
    expect(page.body).toContain('<span dir="ltr">old-version</span>: 1 open runs');
    const persian = await marketer.get('/console/sequences?lang=fa');
    expect(persian.body).toContain('(نسخه فعلی): ۲ اجرای باز');
  });

  it('shows a sequence: customers at each step now and the funnel as SVG charts with their table, the graph drawn by the local Mermaid bundle, the preview command', async () => {
    const page = await marketer.get('/console/sequences/welcome?lang=en');
    expect(page.statusCode).toBe(200);
    const row = (step: string) => new RegExp(`<tr data-step="${step}">.*?<td class="waiting">(\\d+)</td><td class="entered">(\\d+)</td>`, 's').exec(page.body)?.slice(1);
    expect(row('1')).toEqual(['1', '3']); // c waits at 1 (old version); a, b and c entered it
    expect(row('2')).toEqual(['2', '2']);
    expect(row('3')).toEqual(['0', '0']);
    expect(page.body).toContain('<svg role="img"');
    expect(page.body).toContain('aria-label="Customers at each step right now"');
    expect(page.body).toContain('<pre class="mermaid">');
    expect(page.body).toContain('flowchart TD');
    expect(page.body).toContain('<script src="/console/assets/mermaid.min.js"></script>');
    expect(page.body).not.toMatch(/<script src="https?:/);
    expect(page.body).toContain(`npx peygir preview welcome --customer ${dir}/samples/sara.json --events ${dir}/samples/welcome.events.yaml`);
    const bundle = await marketer.get('/console/assets/mermaid.min.js');
    expect(bundle.statusCode).toBe(200);
    expect(bundle.headers['content-type']).toContain('javascript');
    expect((await marketer.get('/console/sequences/nope')).statusCode).toBe(404);
  });

  it('runs the preview for the sample customer (the workers’ workflows on the time-skipping server) and shows what the CLI prints', { timeout: 180_000 }, async () => {
    const preview = await marketer.submit('/console/sequences/welcome', '/console/sequences/welcome/preview', {});
    expect(preview.statusCode).toBe(200);
    expect(preview.body).not.toContain('role="alert"');
    expect(preview.body).toContain('سارا عزیز، به خانواده ما خوش آمدید'); // the welcome email's subject for the sample customer
    expect(preview.body).toContain('راهنمای شروع، سارا'); // and the guide a week later
    expect((await marketer.post('/console/sequences/welcome/preview', {})).statusCode).toBe(403); // no CSRF token
  });

  it('draws a report as a chart of the column asked for; a bad parameter is a 400 that says which', async () => {
    const page = await marketer.get('/console/reports?lang=en&name=funnel&column=entered');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('aria-label="funnel: entered"');
    expect(page.body).toContain('<option value="entered" selected>');
    const bad = await marketer.get('/console/reports?lang=en&name=funnel&from=yesterday');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('from: ');
    expect((await marketer.get('/console/reports?name=nope')).statusCode).toBe(404);
  });

  it('reloads the folder: a broken file is listed with its problems at file:line:col and the loaded sequences keep running; fixed, it loads', async () => {
    await writeFile(join(dir, 'broken.yaml'), 'id: broken\nname: Broken\ntrigger: { event: x }\nsteps:\n  - wait: soon\ntemplates: {}\n');
    const failed = await marketer.submit('/console/sequences', '/console/sequences/reload', {});
    expect(failed.statusCode).toBe(303);
    expect(failed.headers.location).toBe('/console/sequences?notice=reloadFailed');
    const listed = await marketer.get('/console/sequences?notice=reloadFailed&lang=en');
    expect(listed.body).toContain('Some files have problems');
    expect(listed.body).toMatch(/<li dir="ltr">[^<]*broken\.yaml:5:11 +step 1, wait: not a duration/);
    expect((await marketer.get('/console/sequences/welcome')).statusCode).toBe(200);
    await writeFile(join(dir, 'broken.yaml'), 'id: broken\nname: Broken\ntrigger: { event: x }\nsteps:\n  - wait: 1d\ntemplates: {}\n');
    const reloaded = await marketer.submit('/console/sequences', '/console/sequences/reload', {});
    expect(reloaded.headers.location).toBe('/console/sequences?notice=reloaded');
    expect((await marketer.get('/console/sequences/broken')).statusCode).toBe(200);
    expect((await marketer.post('/console/sequences/reload', {})).statusCode).toBe(403); // no CSRF token
  });
});
