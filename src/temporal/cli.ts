import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Logger } from '../logger.js';
import { goInstall } from './goInstall.js';

/** The newest Temporal CLI release whose go.mod `go install` accepts (no `replace` directives). */
export const TEMPORAL_CLI_MODULE = 'github.com/temporalio/cli/cmd/temporal@v1.5.1';
const TOOLS_BIN = resolve('.tools', 'bin');

/**
 * Finds the Temporal CLI: $TEMPORAL_CLI → `temporal` on PATH → .tools/bin/temporal → builds it there
 * with `go install` from the Go module proxy (a few minutes on first run, then cached).
 */
export async function locateTemporalCli(log: Logger, explicitPath?: string): Promise<string> {
  if (explicitPath) {
    if (!existsSync(explicitPath)) throw new Error(`TEMPORAL_CLI=${explicitPath} does not exist`);
    return explicitPath;
  }
  const onPath = spawnSync('sh', ['-c', 'command -v temporal'], { encoding: 'utf8' });
  if (onPath.status === 0 && onPath.stdout.trim()) return onPath.stdout.trim();
  const cached = resolve(TOOLS_BIN, 'temporal');
  if (existsSync(cached)) return cached;
  await buildTemporalCli(log);
  return cached;
}

async function buildTemporalCli(log: Logger): Promise<void> {
  log.info(`Temporal CLI not found: building ${TEMPORAL_CLI_MODULE} with go install into .tools/bin (first run only, ~3 min on 2 cores)`);
  try {
    await goInstall([TEMPORAL_CLI_MODULE], TOOLS_BIN, 'the Temporal CLI', log);
  } catch (error) {
    throw new Error(`${(error as Error).message}\nOr set TEMPORAL_CLI to an existing binary, or TEMPORAL_ADDRESS to a running server.`);
  }
}
