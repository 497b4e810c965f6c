import { parseArgs } from 'node:util';
import { graphCommand, migrateCommand, reportCommand, schemaCommand, validateCommand } from './commands.js';
import { consoleUserCommand } from './consoleUser.js';
import { previewCommand } from './preview.js';
import { sendTestCommand } from './sendTest.js';
import { CliError, EXIT } from './errors.js';

const USAGE = `peygir — the sequence language tools, the store's migrations and its reports

  peygir validate [files…] [--dir sequences]     check sequences; exit 1 when any has a problem
  peygir preview <sequence> --customer c.json [--events script.yaml] [--start ISO] [--html DIR] [--dir sequences]
                                                 the timeline a customer would live through, run by the
                                                 workers' own workflows on the Temporal test server (Java);
                                                 exit 1 when the run would fail
  peygir send-test <sequence> <template> --to <email or mobile> [--customer c.json] [--events script.yaml]
                                                 send one real test message (marked [TEST]) through the
                                                 configured SMTP_URL / Kavenegar, rendered for the sample customer
  peygir graph <sequence> [--svg FILE] [--png FILE] [--dir sequences]
                                                 a Mermaid flowchart of the sequence; with --svg / --png
                                                 drawn to a file by headless Chromium
  peygir schema [--write]                        the JSON Schema for editors (schema/sequence.schema.json)
  peygir migrate                                 apply the customer store's migrations (DATABASE_URL, else
                                                 PGlite in $PEYGIR_DATA_DIR/store); every start does it too
  peygir report <name> [--from DAY] [--to DAY] [--period day|week|month] [--sequence ID] [--csv]
         [--time-zone Asia/Tehran] [--calendar gregorian|jalali] [--active-days 90] [--acquisition-cost N]
                                                 a report from the customer store as a table (or CSV):
                                                 funnel, conversion, experiments, reaction-time,
                                                 unresolved-complaints, call-outcomes, customers
  peygir console-user add <name> <agent|marketer|admin>
                                                 the CONSOLE_USERS_FILE entry for a console user, the
                                                 password (from standard input) hashed with scrypt

<sequence> is an id from the sequences folder (--dir, $SEQUENCES_DIR, ./sequences) or a file path.`;

/** Runs one CLI command; returns the exit code. Output goes to `out`, problems and errors to `err`. */
export async function runCli(argv: string[], out: (text: string) => void, err: (text: string) => void): Promise<number> {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        dir: { type: 'string' },
        customer: { type: 'string' },
        events: { type: 'string' },
        start: { type: 'string' },
        write: { type: 'boolean' },
        svg: { type: 'string' },
        html: { type: 'string' },
        to: { type: 'string' },
        png: { type: 'string' },
        from: { type: 'string' },
        period: { type: 'string' },
        sequence: { type: 'string' },
        'time-zone': { type: 'string' },
        calendar: { type: 'string' },
        'active-days': { type: 'string' },
        'acquisition-cost': { type: 'string' },
        csv: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    const [command, ...rest] = positionals;
    if (values.help || command === 'help') {
      out(USAGE);
      return EXIT.ok;
    }
    switch (command) {
      case 'validate': {
        const result = await validateCommand(rest, values);
        (result.exitCode ? err : out)(result.output);
        return result.exitCode;
      }
      case 'preview': {
        const result = await previewCommand(oneSequence(rest, 'preview'), values);
        out(result.output);
        return result.exitCode;
      }
      case 'send-test': {
        const [sequence, template, extra] = rest;
        if (!sequence || !template || extra) throw new CliError('send-test takes a sequence and a template, e.g. peygir send-test welcome welcome --to you@example.com');
        out(await sendTestCommand(sequence, template, values));
        return EXIT.ok;
      }
      case 'graph':
        out(await graphCommand(oneSequence(rest, 'graph'), values));
        return EXIT.ok;
      case 'schema':
        out(await schemaCommand(values));
        return EXIT.ok;
      case 'report': {
        const [name, extra] = rest;
        if (!name || extra) throw new CliError('report takes one report name, e.g. peygir report funnel --period week');
        const { 'time-zone': timeZone, 'active-days': activeDays, 'acquisition-cost': acquisitionCost, ...flags } = values;
        out(await reportCommand(name, { ...flags, timeZone, activeDays, acquisitionCost }));
        return EXIT.ok;
      }
      case 'migrate':
        out(await migrateCommand());
        return EXIT.ok;
      case 'console-user':
        out(await consoleUserCommand(rest));
        return EXIT.ok;
      default:
        throw new CliError(`${command ? `unknown command "${command}"` : 'no command given'}\n\n${USAGE}`);
    }
  } catch (error) {
    if (error instanceof CliError) {
      err(error.exitCode === EXIT.usage ? `peygir: ${error.message}` : error.message);
      return error.exitCode;
    }
    const message = error instanceof Error ? error.message : String(error);
    err(`peygir: ${/^Unknown option|^Option/.test(message) ? `${message}\n\n${USAGE}` : `unexpected error: ${message}`}`);
    return /^Unknown option|^Option/.test(message) ? EXIT.usage : EXIT.internal;
  }
}

function oneSequence(rest: string[], command: string): string {
  const [name, extra] = rest;
  if (!name || extra) throw new CliError(`${command} takes one sequence (an id or a file), e.g. peygir ${command} post-purchase`);
  return name;
}
