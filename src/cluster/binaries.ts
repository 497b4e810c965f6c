import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Logger } from '../logger.js';
import { goInstall } from '../temporal/goInstall.js';

/** The Temporal Server release the cluster runs; its SQL tool carries the matching schemas. */
export const TEMPORAL_SERVER_VERSION = 'v1.29.1';
/** The Web UI server (its assets are embedded in the binary). */
export const TEMPORAL_UI_VERSION = 'v2.42.1';

export interface ClusterBinaries {
  server: string;
  sqlTool: string;
  ui: string;
}

const TOOLS = resolve('.tools', 'cluster');

/**
 * The Temporal Server, its SQL schema tool and the Web UI, each built once with `go install` from the Go
 * module proxy into .tools/cluster/<name>-<version>/ (several minutes on 2 cores the first time, then cached).
 */
export async function clusterBinaries(log: Logger): Promise<ClusterBinaries> {
  const serverDir = join(TOOLS, `temporal-server-${TEMPORAL_SERVER_VERSION}`);
  const uiDir = join(TOOLS, `temporal-ui-${TEMPORAL_UI_VERSION}`);
  const binaries = { server: join(serverDir, 'server'), sqlTool: join(serverDir, 'sql'), ui: join(uiDir, 'server') };
  if (!existsSync(binaries.server) || !existsSync(binaries.sqlTool)) {
    log.info(`building Temporal Server ${TEMPORAL_SERVER_VERSION} and its SQL tool with go install into ${serverDir} (first run only, ~8 min on 2 cores)`);
    await goInstall(
      [`go.temporal.io/server/cmd/server@${TEMPORAL_SERVER_VERSION}`, `go.temporal.io/server/cmd/tools/sql@${TEMPORAL_SERVER_VERSION}`],
      serverDir,
      'Temporal Server',
      log,
    );
  }
  if (!existsSync(binaries.ui)) {
    log.info(`building the Temporal Web UI ${TEMPORAL_UI_VERSION} with go install into ${uiDir} (first run only, ~3 min on 2 cores)`);
    await goInstall([`github.com/temporalio/ui-server/v2/cmd/server@${TEMPORAL_UI_VERSION}`], uiDir, 'the Temporal Web UI', log);
  }
  return binaries;
}
