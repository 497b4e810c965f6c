import { createServer, type AddressInfo } from 'node:net';
import type { ClusterPorts } from './configFiles.js';

/** A TCP port that was free on 127.0.0.1 a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => done(port));
    });
  });
}

function isFree(port: number): Promise<boolean> {
  return new Promise((done) => {
    const server = createServer();
    server.once('error', () => done(false));
    server.listen(port, '127.0.0.1', () => server.close(() => done(true)));
  });
}

const INNER = ['frontendHttp', 'frontendMembership', 'history', 'historyMembership', 'matching', 'matchingMembership', 'worker', 'workerMembership'] as const;

/**
 * The frontend, the UI and PostgreSQL where asked; the server's inner services where they were last
 * time (`remembered`, if still free: a restarted server then finds itself, not strangers, among the
 * members it recorded), else on free ports between 20000 and 32767 (the membership ports go into a
 * smallint column of Temporal's schema; the system's own free ports are above).
 */
export async function clusterPorts(frontend: number, ui: number, postgres: number, remembered: Partial<ClusterPorts> = {}): Promise<ClusterPorts> {
  const taken = new Set([frontend, ui, postgres]);
  const ports: Partial<ClusterPorts> = {};
  for (const name of INNER) {
    let port = remembered[name];
    while (port === undefined || taken.has(port) || !(await isFree(port))) port = 20_000 + Math.floor(Math.random() * 12_768);
    taken.add(port);
    ports[name] = port;
  }
  return { ...(ports as Record<(typeof INNER)[number], number>), frontend, ui, postgres };
}
