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

/** A port in [min, max] that was free on 127.0.0.1 a moment ago. */
async function freePortBetween(min: number, max: number): Promise<number> {
  for (;;) {
    const port = min + Math.floor(Math.random() * (max - min + 1));
    const free = await new Promise<boolean>((done) => {
      const server = createServer();
      server.once('error', () => done(false));
      server.listen(port, '127.0.0.1', () => server.close(() => done(true)));
    });
    if (free) return port;
  }
}

/**
 * The frontend, the UI and PostgreSQL where asked; the server's inner services on free ports. The
 * membership ports go into a smallint column of Temporal's schema, so they stay below 32768 (the
 * system's own free ports are above).
 */
export async function clusterPorts(frontend: number, ui: number, postgres: number): Promise<ClusterPorts> {
  const taken = new Set([frontend, ui, postgres]);
  const pick = async (membership: boolean): Promise<number> => {
    let port = membership ? await freePortBetween(20_000, 32_767) : await freePort();
    while (taken.has(port)) port = membership ? await freePortBetween(20_000, 32_767) : await freePort();
    taken.add(port);
    return port;
  };
  return {
    frontend,
    ui,
    postgres,
    frontendHttp: await pick(false),
    frontendMembership: await pick(true),
    history: await pick(false),
    historyMembership: await pick(true),
    matching: await pick(false),
    matchingMembership: await pick(true),
    worker: await pick(false),
    workerMembership: await pick(true),
  };
}
