import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { FastifyPluginAsync } from 'fastify';

const own = (name: string) => readFileSync(new URL(`./assets/${name}`, import.meta.url));

/** Everything the pages load, served by this process (no CDN): the stylesheet, Mermaid's browser bundle from node_modules, the script that draws graphs with it. */
const ASSETS: Record<string, { type: string; body: Buffer }> = {
  'console.css': { type: 'text/css; charset=utf-8', body: own('console.css') },
  'graph.js': { type: 'text/javascript; charset=utf-8', body: own('graph.js') },
  'mermaid.min.js': { type: 'text/javascript; charset=utf-8', body: readFileSync(createRequire(import.meta.url).resolve('mermaid/dist/mermaid.min.js')) },
};

export const assetRoutes: FastifyPluginAsync = async (app) => {
  for (const [name, asset] of Object.entries(ASSETS)) {
    app.get(`/console/assets/${name}`, (_request, reply) => reply.type(asset.type).header('cache-control', 'max-age=3600').send(asset.body));
  }
};
