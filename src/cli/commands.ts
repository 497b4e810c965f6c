import { writeFile } from 'node:fs/promises';
import { ConfigError, loadConfig } from '../config.js';
import { sequenceJsonSchema } from '../dsl/jsonSchema.js';
import { formatProblem } from '../dsl/problems.js';
import { REPORT_NAMES } from '../reports/index.js';
import { reportQuery, ReportParameterError, type ReportParameters } from '../reports/query.js';
import { latestMigration, storeLocationFromConfig } from '../store/database.js';
import { createStore, rootMessage, type Store } from '../store/store.js';
import { CliError, EXIT } from './errors.js';
import { openGraphRenderer } from './graphImage.js';
import { toMermaid } from './mermaid.js';
import { reportCsv, reportTable } from './reportTable.js';
import { checkFiles, findSequence, sequencesDir } from './sequences.js';

export const SCHEMA_FILE = 'schema/sequence.schema.json';

/** `peygir validate [files]`: every problem of every file; exit 1 when there is any. */
export async function validateCommand(files: string[], options: { dir?: string | undefined }): Promise<{ output: string; exitCode: number }> {
  const checks = await checkFiles(files, sequencesDir(options.dir));
  const problems = checks.flatMap((check) => check.problems);
  const valid = checks.filter((check) => check.definition);
  const lines = [
    ...problems.map(formatProblem),
    ...valid.map((check) => `ok  ${check.file}  ${check.definition?.id} (version ${check.definition?.version}, ${check.definition?.steps.length} steps)`),
  ];
  const broken = checks.length - valid.length;
  lines.push(problems.length ? `${problems.length} problem${problems.length === 1 ? '' : 's'} in ${broken} of ${checks.length} files` : `${checks.length} sequences valid`);
  return { output: lines.join('\n'), exitCode: problems.length ? EXIT.problems : EXIT.ok };
}

/** `peygir graph <sequence> [--svg FILE] [--png FILE]`: a Mermaid flowchart, printed or drawn to files. */
export async function graphCommand(name: string, options: { dir?: string | undefined; svg?: string | undefined; png?: string | undefined }): Promise<string> {
  const mermaid = toMermaid(await findSequence(name, sequencesDir(options.dir)));
  if (!options.svg && !options.png) return mermaid;
  const renderer = await openGraphRenderer();
  try {
    const written: string[] = [];
    if (options.svg) written.push(await writeOut(options.svg, await renderer.svg(mermaid)));
    if (options.png) written.push(await writeOut(options.png, await renderer.png(mermaid)));
    return written.map((file) => `wrote ${file}`).join('\n');
  } finally {
    await renderer.close();
  }
}

async function writeOut(file: string, content: string | Buffer): Promise<string> {
  await writeFile(file, content).catch((error: NodeJS.ErrnoException) => {
    throw new CliError(`cannot write ${file} (${error.code ?? error.message})`);
  });
  return file;
}

/** `peygir schema [--write]`: the JSON Schema for editors, printed or written to schema/sequence.schema.json. */
export async function schemaCommand(options: { write?: boolean | undefined }): Promise<string> {
  const text = `${JSON.stringify(sequenceJsonSchema(), null, 2)}\n`;
  if (!options.write) return text.trimEnd();
  await writeFile(SCHEMA_FILE, text);
  return `wrote ${SCHEMA_FILE}`;
}

/** `peygir migrate`: brings the customer store (DATABASE_URL, else PGlite in PEYGIR_DATA_DIR/store) to the newest migration, as every start does. */
export async function migrateCommand(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const store = await openStore(env, 'migrate the customer store');
  await store.close();
  return `customer store at migration ${await latestMigration()}: ${store.description}`;
}

/** `peygir report <name> [--from --to --period --sequence --time-zone --calendar --active-days --acquisition-cost --csv]`: a report from the store, as a table or CSV. */
export async function reportCommand(name: string, options: ReportParameters & { csv?: boolean | undefined }, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  if (!REPORT_NAMES.includes(name)) throw new CliError(`unknown report "${name}"; one of ${REPORT_NAMES.join(', ')}`);
  let query;
  try {
    query = reportQuery(options, new Date());
  } catch (error) {
    throw new CliError(error instanceof ReportParameterError ? error.message.replace(/^\w+/, (parameter) => `--${parameter.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`) : String(error));
  }
  const store = await openStore(env, 'open the customer store');
  try {
    const result = await store.report(name, query);
    return options.csv ? reportCsv(result) : reportTable(result);
  } finally {
    await store.close();
  }
}

/** The customer store the configuration names (DATABASE_URL, else PGlite in PEYGIR_DATA_DIR/store), migrated. */
async function openStore(env: NodeJS.ProcessEnv, purpose: string): Promise<Store> {
  let location;
  try {
    location = storeLocationFromConfig(loadConfig(env));
  } catch (error) {
    throw new CliError(error instanceof ConfigError ? error.message : String(error));
  }
  return createStore(location).catch((error: unknown) => {
    throw new CliError(`cannot ${purpose}: ${rootMessage(error)}`, EXIT.internal);
  });
}
