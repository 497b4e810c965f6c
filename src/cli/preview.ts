import { mkdir } from 'node:fs/promises';
import { ConfigError, loadConfig, type Config } from '../config.js';
import { linkSettingsFromConfig } from '../security/links.js';
import { zoneOrDefault } from '../schedule/zone.js';
import { formatPreview, previewLines, writeEmailHtml } from '../preview/format.js';
import { previewWorkflowBundle } from '../preview/bundle.js';
import { previewRun, startPreviewServer } from '../preview/preview.js';
import { eventScriptSchema, previewCustomerSchema, type EventScript } from '../preview/script.js';
import { ensureJavaTestServer } from '../temporal/javaTestServer.js';
import { installQuietTemporalRuntime } from '../temporal/runtime.js';
import { CliError, EXIT } from './errors.js';
import { parseWith, readData } from './input.js';
import { findSequence, sequencesDir } from './sequences.js';

export interface PreviewOptions {
  dir?: string | undefined;
  customer?: string | undefined;
  events?: string | undefined;
  start?: string | undefined;
  html?: string | undefined;
}

/**
 * `peygir preview <sequence> --customer c.json [--events script.yaml] [--start ISO] [--html DIR]`: the
 * sequence run for the sample customer by the workers' own code on the Temporal time-skipping test
 * server, channels recorded instead of sent. Exit 1 when the run would fail (e.g. a template that
 * cannot render), as the workers would leave it in `failed`.
 */
export async function previewCommand(name: string, options: PreviewOptions, env: NodeJS.ProcessEnv = process.env): Promise<{ output: string; exitCode: number }> {
  if (!options.customer) throw new CliError('preview needs --customer sample.json (the customer profile: name, email, phone, locale, timezone, …)');
  const definition = await findSequence(name, sequencesDir(options.dir));
  const customer = parseWith(previewCustomerSchema, await readData(options.customer), options.customer);
  const script: EventScript = options.events ? parseWith(eventScriptSchema, await readData(options.events), options.events) : eventScriptSchema.parse({});
  const startText = options.start ?? script.start;
  const start = startText ? new Date(startText) : new Date();
  if (Number.isNaN(start.getTime())) throw new CliError(`--start ${startText} is not a date and time like 2026-11-25T10:00:00+03:30`);
  const config = configFrom(env);
  testServerAvailable();
  installQuietTemporalRuntime();

  const server = await startPreviewServer(start);
  try {
    const report = await previewRun(server, { definition, customer, script, start }, {
      frequencyCaps: config.FREQUENCY_CAPS,
      links: linkSettingsFromConfig(config),
      mailFrom: config.MAIL_FROM,
      workflowBundlePath: await previewWorkflowBundle(),
    });
    const timeZone = zoneOrDefault(customer.timezone);
    const { lines, failed } = previewLines(definition, report, timeZone);
    const who = [customer.name, customer.email && `<${customer.email}>`, customer.phone].filter(Boolean).join(' ') || 'the sample customer';
    const output = [formatPreview(definition, `${who}, locale ${customer.locale ?? 'fa'}`, timeZone, lines)];
    if (options.html) {
      await mkdir(options.html, { recursive: true });
      output.push('', ...(await writeEmailHtml(options.html, lines)).map((file) => `wrote ${file}`));
    }
    return { output: output.join('\n'), exitCode: failed ? EXIT.problems : EXIT.ok };
  } finally {
    await server.teardown();
  }
}

export function configFrom(env: NodeJS.ProcessEnv): Config {
  try {
    return loadConfig(env);
  } catch (error) {
    throw new CliError(error instanceof ConfigError ? error.message : String(error));
  }
}

function testServerAvailable(): void {
  try {
    ensureJavaTestServer();
  } catch (error) {
    throw new CliError(
      `preview runs the workers' own workflows on the Temporal test server, which needs a JDK (17 or newer) and Maven to fetch it from Maven Central once: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
      EXIT.unavailable,
    );
  }
}
