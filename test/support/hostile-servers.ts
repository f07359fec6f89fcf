/**
 * Small HTTP servers that misbehave in ways a real PoP never would, for client tests: each is named for
 * what it injects. They answer every request the same way and listen on 127.0.0.1.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';

/** A running hostile server. */
export interface HostileServer {
  readonly url: string;
  /** Bytes written to response bodies so far (before any compression the client undoes). */
  readonly sentBytes: () => number;
  close(): Promise<void>;
}

async function serve(
  handler: (res: ServerResponse, count: (n: number) => void) => void,
): Promise<HostileServer> {
  let sent = 0;
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    handler(res, (n) => {
      sent += n;
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    sentBytes: () => sent,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Streams `chunk` after `chunk` as a 200 JSON body until `totalBytes` (or forever), honouring back-pressure. */
function streamBody(res: ServerResponse, count: (n: number) => void, totalBytes: number): void {
  const chunk = Buffer.alloc(1024 * 1024, 0x61);
  let left = totalBytes;
  const pump = () => {
    while (left > 0) {
      const piece = left >= chunk.length ? chunk : chunk.subarray(0, left);
      left -= piece.length;
      count(piece.length);
      if (!res.write(piece)) {
        res.once('drain', pump);
        return;
      }
    }
    res.end();
  };
  res.on('close', () => {
    left = 0;
  });
  pump();
}

/** Answers 200 with a JSON content type and a body that never ends. */
export function endlessBodyServer(): Promise<HostileServer> {
  return serve((res, count) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    streamBody(res, count, Number.POSITIVE_INFINITY);
  });
}

/** Answers 200 with a `content-length` body of `bytes` bytes (a huge but honest response). */
export function hugeBodyServer(bytes: number): Promise<HostileServer> {
  return serve((res, count) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(bytes) });
    streamBody(res, count, bytes);
  });
}

/** Answers 200 with a small gzip body that inflates to `inflatedBytes` zeros (a decompression bomb). */
export async function gzipBombServer(
  inflatedBytes: number,
): Promise<HostileServer & { readonly gzipBytes: number }> {
  const bomb = gzipSync(Buffer.alloc(inflatedBytes), { level: 9 });
  const server = await serve((res, count) => {
    res.writeHead(200, {
      'content-type': 'application/json',
      'content-encoding': 'gzip',
      'content-length': String(bomb.length),
    });
    count(bomb.length);
    res.end(bomb);
  });
  return { ...server, gzipBytes: bomb.length };
}
