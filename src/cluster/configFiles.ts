import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';

/** Where each part of the cluster listens; all on 127.0.0.1. */
export interface ClusterPorts {
  postgres: number;
  /** The frontend's gRPC port: what Peygir's TEMPORAL_ADDRESS names. */
  frontend: number;
  frontendHttp: number;
  frontendMembership: number;
  history: number;
  historyMembership: number;
  matching: number;
  matchingMembership: number;
  worker: number;
  workerMembership: number;
  ui: number;
}

/**
 * History shards: fixed when the cluster's database is created, never changed after. 4 is the server's
 * development configuration, enough for one machine.
 */
export const HISTORY_SHARDS = 4;

/** Temporal Server's configuration, after the module's config/development-postgres12.yaml: `<folder>/temporal/peygir.yaml`. */
export function writeServerConfig(folder: string, ports: ClusterPorts): { root: string; config: string; env: string } {
  const datastore = (databaseName: string, maxConns: number) => ({
    sql: {
      pluginName: 'postgres12',
      databaseName,
      connectAddr: `127.0.0.1:${ports.postgres}`,
      connectProtocol: 'tcp',
      user: 'postgres',
      password: '',
      maxConns,
      maxIdleConns: maxConns,
      maxConnLifetime: '1h',
    },
  });
  const service = (grpcPort: number, membershipPort: number, extra: Record<string, number> = {}) => ({
    rpc: { grpcPort, membershipPort, bindOnLocalHost: true, ...extra },
  });
  const config = {
    log: { stdout: true, level: 'warn' },
    persistence: {
      defaultStore: 'postgres-default',
      visibilityStore: 'postgres-visibility',
      numHistoryShards: HISTORY_SHARDS,
      datastores: { 'postgres-default': datastore('temporal', 20), 'postgres-visibility': datastore('temporal_visibility', 10) },
    },
    global: { membership: { maxJoinDuration: '30s', broadcastAddress: '127.0.0.1' } },
    services: {
      frontend: service(ports.frontend, ports.frontendMembership, { httpPort: ports.frontendHttp }),
      history: service(ports.history, ports.historyMembership),
      matching: service(ports.matching, ports.matchingMembership),
      worker: service(ports.worker, ports.workerMembership),
    },
    clusterMetadata: {
      enableGlobalNamespace: false,
      failoverVersionIncrement: 10,
      masterClusterName: 'active',
      currentClusterName: 'active',
      clusterInformation: { active: { enabled: true, initialFailoverVersion: 1, rpcName: 'frontend', rpcAddress: `127.0.0.1:${ports.frontend}` } },
    },
    dcRedirectionPolicy: { policy: 'noop' },
  };
  return writeYaml(folder, 'temporal', config);
}

/** The Web UI server's configuration: `<folder>/ui/peygir.yaml`. */
export function writeUiConfig(folder: string, ports: ClusterPorts, namespace: string, codecEndpoint: string): { root: string; config: string; env: string } {
  const config = {
    temporalGrpcAddress: `127.0.0.1:${ports.frontend}`,
    host: '127.0.0.1',
    port: ports.ui,
    enableUi: true,
    hideLogs: true,
    defaultNamespace: namespace,
    // The API's /codec: the browser decrypts Peygir's payloads through it (README "Customer data in Temporal").
    codec: { endpoint: codecEndpoint },
  };
  return writeYaml(folder, 'ui', config);
}

/** Both servers read `<root>/<config>/<env>.yaml`. */
function writeYaml(folder: string, name: string, config: object): { root: string; config: string; env: string } {
  mkdirSync(join(folder, name), { recursive: true });
  writeFileSync(join(folder, name, 'peygir.yaml'), `# Written by npm run cluster (src/cluster/configFiles.ts) on every start.\n${stringify(config)}`);
  return { root: folder, config: name, env: 'peygir' };
}
