/**
 * Reading a request's scope (environment from the verified token, country from the path) and its flags.
 */
import type { FastifyRequest } from 'fastify';
import {
  findStringPath,
  ILL_FORMED_TEXT_MESSAGE,
  illFormedTextPath,
  isWellFormedText,
} from '../wire/well-formed-text.js';
import { PopHttpError } from './pop-error.js';
import type { Scope } from './store/record-store.js';

const COUNTRY_PATTERN = /^[A-Za-z]{2}$/;

/** The lower-cased country of the path, or undefined when absent or not two letters. */
export function pathCountry(request: FastifyRequest): string | undefined {
  const { country } = request.params as { country?: unknown };
  return typeof country === 'string' && COUNTRY_PATTERN.test(country) ? country.toLowerCase() : undefined;
}

/** The scope of a storage request; a country that is not two letters is a 400. */
export function requestScope(request: FastifyRequest): Scope {
  const country = pathCountry(request);
  if (country === undefined)
    throw new PopHttpError(400, {
      source: 'path.country',
      detail: 'country must be a two-letter code such as us (any case)',
    });
  return { environmentId: request.popEnvironmentId, country };
}

/** Whether the request asks for server-side encryption (`X-Encrypted-Storage: true`). */
export function wantsSse(request: FastifyRequest): boolean {
  const header = request.headers['x-encrypted-storage'];
  return typeof header === 'string' && header.trim().toLowerCase() === 'true';
}

/** The scheme and authority clients used to reach us, for absolute links. */
export function requestBaseUrl(request: FastifyRequest): string {
  const host =
    request.host || `${request.socket.localAddress ?? '127.0.0.1'}:${request.socket.localPort ?? 80}`;
  return `${request.protocol}://${host}`;
}

/**
 * Why NUL is refused rather than stored: PostgreSQL text cannot hold it, and SQLite must behave the same,
 * so a record never depends on which database the PoP runs on.
 */
export const NUL_TEXT_MESSAGE = 'must not contain NUL (U+0000): no PoP database stores it in text';

/**
 * The 400 for the first string in a parsed JSON body that the PoP cannot store unchanged (a lone UTF-16
 * surrogate, or NUL), or undefined when every string is fine.
 */
export function unstorableText(body: unknown): PopHttpError | undefined {
  const illFormed = illFormedTextPath(body);
  if (illFormed)
    return new PopHttpError(400, {
      source: ['body', ...illFormed].join('.'),
      detail: ILL_FORMED_TEXT_MESSAGE,
    });
  const nul = findStringPath(body, (text) => text.includes('\0'));
  if (nul) return new PopHttpError(400, { source: ['body', ...nul].join('.'), detail: NUL_TEXT_MESSAGE });
  return undefined;
}

/** A path parameter that must be present, non-empty and storable. */
export function pathParam(request: FastifyRequest, name: 'key' | 'fileId'): string {
  const value = (request.params as Record<string, unknown>)[name];
  if (typeof value !== 'string' || value.length === 0)
    throw new PopHttpError(400, {
      source: `path.${name}`,
      detail: `${name} must be a non-empty path segment`,
    });
  if (value.includes('\0')) throw new PopHttpError(400, { source: `path.${name}`, detail: NUL_TEXT_MESSAGE });
  if (!isWellFormedText(value))
    throw new PopHttpError(400, { source: `path.${name}`, detail: ILL_FORMED_TEXT_MESSAGE });
  return value;
}
