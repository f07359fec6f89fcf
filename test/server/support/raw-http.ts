/**
 * HTTP requests through node:http, which (unlike fetch) lets a test send any `Host` and `Origin` header
 * — what a cross-site page or a DNS-rebound page makes a browser send.
 */
import { type IncomingHttpHeaders, request } from 'node:http';
import { connect } from 'node:net';

/** A raw answer: status, headers and the body as text and (when it parses) JSON. */
export interface RawResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly text: string;
  // biome-ignore lint/suspicious/noExplicitAny: tests inspect arbitrary JSON
  readonly json: any;
}

/** What to send; `headers` may hold `host` and `origin`. */
export interface RawRequest {
  readonly method: string;
  readonly path: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string | Uint8Array;
}

/** Sends one request to the server at `baseUrl` (always connecting there, whatever `Host` says). */
export function rawRequest(baseUrl: string, req: RawRequest): Promise<RawResponse> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const outgoing = request(
      {
        host: url.hostname.replace(/^\[|\]$/g, ''),
        port: url.port,
        method: req.method,
        path: req.path,
        // An explicit length: node sends DELETE bodies neither chunked nor with a length by default.
        headers:
          req.body === undefined
            ? { ...req.headers }
            : { 'content-length': Buffer.byteLength(req.body), ...req.headers },
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = text === '' ? undefined : JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
      },
    );
    outgoing.on('error', reject);
    outgoing.end(req.body);
  });
}

/** Writes `text` to a fresh socket and resolves with the status code of the answer (for malformed requests). */
export function rawExchange(baseUrl: string, text: string): Promise<number> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    let answer = '';
    const socket = connect({ host: url.hostname.replace(/^\[|\]$/g, ''), port: Number(url.port) }, () =>
      socket.end(text),
    );
    socket.on('data', (chunk: Buffer) => {
      answer += chunk.toString('latin1');
    });
    socket.on('error', reject);
    socket.on('close', () => resolve(Number(/^HTTP\/1\.[01] (\d{3})/.exec(answer)?.[1] ?? 0)));
  });
}
