import { Agent, request } from 'node:http';

export interface JsonClient {
  /** POSTs JSON; resolves with the answer, rejects unless the status is `expect`. */
  post(path: string, body: unknown, expect?: number): Promise<string>;
  /** GETs; resolves with the answer, rejects unless the status is 200. */
  get(path: string): Promise<string>;
  close(): void;
}

/** An HTTP/1.1 keep-alive client with at most `connections` sockets to one base URL (127.0.0.1 only). */
export function jsonClient(baseUrl: string, connections: number): JsonClient {
  const url = new URL(baseUrl);
  if (url.hostname !== '127.0.0.1') throw new Error(`benchmarks only talk to 127.0.0.1, not ${url.hostname}`);
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const send = (method: 'GET' | 'POST', path: string, payload: Buffer | undefined, expect: number, retried = false): Promise<string> =>
    new Promise((done, fail) => {
      const headers = payload ? { 'content-type': 'application/json', 'content-length': payload.length } : {};
      const outgoing = request(
        { agent, host: url.hostname, port: url.port, path, method, headers },
        (answer) => {
          const chunks: Buffer[] = [];
          answer.on('data', (chunk: Buffer) => chunks.push(chunk));
          answer.on('end', () => {
            const text = Buffer.concat(chunks).toString();
            if (answer.statusCode === expect) done(text);
            else fail(new Error(`${method} ${path} → ${answer.statusCode}: ${text.slice(0, 300)}`));
          });
          answer.on('error', fail);
        },
      );
      outgoing.on('error', (error: NodeJS.ErrnoException) => {
        // A kept-alive socket the server closed as the request went out (Node's documented race): send it again
        // once, on a new socket, as a webhook sender would (the API's answers are idempotent by eventId).
        if (outgoing.reusedSocket && error.code === 'ECONNRESET' && !retried) send(method, path, payload, expect, true).then(done, fail);
        else fail(error);
      });
      outgoing.end(payload);
    });
  return {
    post: (path, body, expect = 202) => send('POST', path, Buffer.from(JSON.stringify(body)), expect),
    get: (path) => send('GET', path, undefined, 200),
    close: () => agent.destroy(),
  };
}
