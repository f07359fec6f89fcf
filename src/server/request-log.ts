/**
 * A bounded in-memory log of recent requests for `/_pop/requests`. It records only what is safe to show:
 * method, a path with record keys and file ids masked, status, latency, country and time. Never bodies,
 * headers or tokens.
 */
import { API_ROUTES, routeWords } from '../wire/api-routes.js';
import type { PopRouteName } from './pop-route.js';
import { ADMIN_ROUTES } from './routes/admin-routes.js';

/** One logged request. */
export interface RequestLogEntry {
  /** Position in the log since the PoP started (1, 2, …): poll `?after=<seq>` for newer entries. */
  readonly seq: number;
  /** HTTP method. */
  readonly method: string;
  /** The path with `:key` / `:fileId` in place of values (SSE keys are plain record data). */
  readonly path: string;
  /** The public route, or null for unknown paths. */
  readonly route: PopRouteName | null;
  /** Response status; 0 when a fault reset the socket. */
  readonly status: number;
  /** Time from arrival to the end of the response. */
  readonly latencyMs: number;
  /** Delay added by fault rules (included in `latencyMs`), so tests can check faults without timing. */
  readonly injectedLatencyMs: number;
  /** A fault rule fired for this request (an injected answer, reset or delay). */
  readonly fault: boolean;
  /** Lower-cased country of the path, when it has a valid one. */
  readonly country: string | null;
  /** ISO-8601 time the request arrived. */
  readonly time: string;
}

/** A ring buffer of the last `capacity` requests. */
export class RequestLog {
  readonly #capacity: number;
  #entries: RequestLogEntry[] = [];
  #next = 0;
  #seq = 0;

  constructor(capacity: number) {
    this.#capacity = capacity;
  }

  /** Appends an entry, numbering it; `fault` defaults to false. */
  push(fields: Omit<RequestLogEntry, 'seq' | 'fault'> & { readonly fault?: boolean }): void {
    // Numbered even when nothing is kept, so a poller never sees a number twice.
    this.#seq += 1;
    if (this.#capacity === 0) return;
    const entry: RequestLogEntry = { seq: this.#seq, ...fields, fault: fields.fault ?? false };
    if (this.#entries.length < this.#capacity) {
      this.#entries.push(entry);
      return;
    }
    this.#entries[this.#next] = entry;
    this.#next = (this.#next + 1) % this.#capacity;
  }

  /** The last `limit` entries, oldest first. */
  list(limit?: number): RequestLogEntry[] {
    const ordered = [...this.#entries.slice(this.#next), ...this.#entries.slice(0, this.#next)];
    return limit === undefined ? ordered : ordered.slice(Math.max(0, ordered.length - limit));
  }

  /**
   * The entries numbered after `seq`, oldest first, at most `limit` of them (the oldest ones: a poller
   * asks again from the last seq it got).
   */
  after(seq: number, limit?: number): RequestLogEntry[] {
    const newer = this.list().filter((entry) => entry.seq > seq);
    return limit === undefined ? newer : newer.slice(0, limit);
  }

  clear(): void {
    this.#entries = [];
    this.#next = 0;
  }
}

/** Path segments that are route names, never data. */
const ROUTE_WORDS = new Set(routeWords([...Object.values(API_ROUTES), ...Object.values(ADMIN_ROUTES)]));

/**
 * Masks every segment of a path that is not a route word: `/v2/storage/records/us/<key>/attachments/<id>`
 * becomes `/v2/storage/records/us/:key/attachments/:fileId`, and an unknown path such as
 * `/v2/storage/records/us/x/<key>` keeps only its route words (`…/us/:key/:segment`), because SSE record
 * keys are plain data and a wrong path must not carry them into logs or answers. The query string is
 * dropped.
 */
export function maskPath(url: string): string {
  const path = url.split('?', 1)[0] ?? '';
  const parts = path.split('/');
  const records = parts[1] === 'v2' && parts[2] === 'storage' && parts[3] === 'records';
  return parts
    .map((segment, index) => {
      if (index === 0 || segment === '') return segment;
      if (records) {
        if (index === 4 && /^[A-Za-z]{2}$/.test(segment)) return segment;
        if (index === 5 && !ROUTE_WORDS.has(segment)) return ':key';
        if (index === 6 && segment === 'attachments') return segment;
        if (index === 7 && parts[6] === 'attachments') return ':fileId';
        if (index === 8 && segment === 'meta') return segment;
        if (index > 5) return ':segment';
      }
      return ROUTE_WORDS.has(segment) ? segment : ':segment';
    })
    .join('/');
}
