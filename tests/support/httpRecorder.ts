import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedHttpRequest {
  method: string;
  /** Path and query. */
  url: string;
  headers: IncomingHttpHeaders;
  /** The raw body, exactly as received (what a signature covers). */
  body: string;
}

export interface HttpAnswer {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

export interface HttpRecorder {
  /** Base URL, e.g. http://127.0.0.1:40123 */
  url: string;
  requests: RecordedHttpRequest[];
  /** How to answer the next requests (`hang`: never); 200 `{"ok":true}` until a test says otherwise. */
  respond: (request: RecordedHttpRequest) => HttpAnswer | 'hang';
  close(): Promise<void>;
}

/** A real HTTP server on 127.0.0.1 (a CRM, a webhook receiver) that records every request it gets. */
export async function startHttpRecorder(): Promise<HttpRecorder> {
  const recorder: HttpRecorder = {
    url: '',
    requests: [],
    respond: () => ({ status: 200, headers: { 'content-type': 'application/json' }, body: '{"ok":true}' }),
    close: () =>
      new Promise((done, fail) => {
        server.closeAllConnections();
        server.close((error) => (error ? fail(error) : done()));
      }),
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      recorder.requests.push(request);
      const answer = recorder.respond(request);
      if (answer === 'hang') return;
      res.writeHead(answer.status, answer.headers).end(answer.body ?? '');
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  recorder.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return recorder;
}
