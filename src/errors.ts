/**
 * The error hierarchy (docs/architecture.md#public-surface, docs/protocol.md#error-classes). Every error carries a stable `code`. Messages say what
 * failed and what to do; they never contain record values, secrets, keys or tokens. Logging an error is
 * safe however it is done (`JSON.stringify`, `console.log`, `util.inspect` with `showHidden`): a foreign
 * cause is reduced to its name and code when the error is built (got's errors carry the request options,
 * with the Authorization header and the body), and the raw response body is reachable only through a
 * method call, which inspection never makes.
 */
import type * as core from 'zod/v4/core';
import { defineHidden, responseBodies } from './hidden-error-state.js';

/**
 * One problem found by validation: where (a path into the input) and what.
 * @category Errors
 */
export interface ValidationIssue {
  readonly path: readonly (string | number)[];
  readonly message: string;
}

/**
 * Options accepted by every error constructor.
 * @category Errors
 */
export interface StorageErrorOptions {
  readonly cause?: unknown;
  readonly issues?: readonly ValidationIssue[];
}

/**
 * Stable machine-readable codes, one per class.
 * @category Errors
 */
export const ERROR_CODES = {
  StorageError: 'STORAGE_ERROR',
  StorageClientError: 'CLIENT_ERROR',
  StorageConfigValidationError: 'CONFIG_VALIDATION',
  SecretsProviderError: 'SECRETS_PROVIDER',
  SecretsValidationError: 'SECRETS_VALIDATION',
  InputValidationError: 'INPUT_VALIDATION',
  ModelValidationError: 'MODEL_VALIDATION',
  StorageServerError: 'SERVER_ERROR',
  StorageNetworkError: 'NETWORK_ERROR',
  StorageAuthenticationError: 'AUTHENTICATION',
  StorageServerResponseValidationError: 'RESPONSE_VALIDATION',
  StorageCountryNotSupportedError: 'COUNTRY_NOT_SUPPORTED',
  StorageCryptoError: 'CRYPTO_ERROR',
} as const;

/**
 * A stable error code.
 * @category Errors
 */
export type StorageErrorCode = (typeof ERROR_CODES)[keyof typeof ERROR_CODES];

/**
 * What a foreign cause may keep: its name and its string `code` (`ECONNRESET`, `ETIMEDOUT`). Its message,
 * stack and own properties go: a secret getter's message may quote the secret, and got's RequestError
 * carries `options` with headers and body. Our own errors are built safe, so they stay as they are.
 *
 * @example
 * declare const error: StorageNetworkError;
 * if (error.cause instanceof CauseSummary && error.cause.code === 'ECONNRESET') console.log('reset');
 */
export class CauseSummary extends Error {
  /** The original error's code, when it had a short string one. */
  readonly code: string | undefined;

  /**
   * @param userText - the original message, already made safe, for causes whose text is the user's own
   *   (a secret getter's "APP_SECRET missing"): shown after the name and code.
   */
  constructor(cause: unknown, userText?: string) {
    const name = cause instanceof Error ? safeWord(cause.name) : typeof cause;
    const rawCode = (cause as { code?: unknown } | null | undefined)?.code;
    const code = typeof rawCode === 'string' ? safeWord(rawCode) : undefined;
    const kind = code ? `${name} (${code})` : name;
    super(userText ? `${kind}: ${userText}` : kind);
    this.name = 'CauseSummary';
    this.code = code;
    // The stack would point into this file, not at the failure; the name says what kind it was.
    this.stack = `CauseSummary: ${this.message}`;
  }
}

/** Names and codes are identifiers; anything else in them is not shown. */
function safeWord(text: string): string {
  return /^[A-Za-z0-9_.-]{1,64}$/.test(text) ? text : 'unknown';
}

function safeCause(cause: unknown): unknown {
  return cause instanceof StorageError || cause instanceof CauseSummary ? cause : new CauseSummary(cause);
}

/**
 * Base class of every error this library throws.
 *
 * @example
 * try { await storage.read('us', 'k1'); }
 * catch (e) { if (e instanceof StorageError) console.log(e.code); }
 * @category Errors
 */
export class StorageError extends Error {
  // A literal, not new.target.name: minifiers rename classes.
  override name = 'StorageError';
  /** A stable code for programmatic handling. */
  readonly code: StorageErrorCode = ERROR_CODES.StorageError;
  /** Zod-style issues for validation failures (empty otherwise). */
  readonly issues: readonly ValidationIssue[];

  constructor(message: string, options: StorageErrorOptions = {}) {
    super(message);
    this.issues = options.issues ?? [];
    // cause stays off JSON.stringify, and is summarised: it may be a third-party error carrying request details.
    if (options.cause !== undefined) defineHidden(this, 'cause', safeCause(options.cause));
  }

  /** A safe, loggable view: name, code, message and issues. */
  toJSON(): { name: string; code: StorageErrorCode; message: string; issues: readonly ValidationIssue[] } {
    return { name: this.name, code: this.code, message: this.message, issues: this.issues };
  }
}

/**
 * A problem on the caller's side: configuration, secrets or arguments.
 * @category Errors
 */
export class StorageClientError extends StorageError {
  override name = 'StorageClientError';
  override readonly code: StorageErrorCode = ERROR_CODES.StorageClientError;
}

/**
 * `createStorage` options (or custom encryption configs) are invalid.
 * @category Errors
 */
export class StorageConfigValidationError extends StorageClientError {
  override name = 'StorageConfigValidationError';
  override readonly code: StorageErrorCode = ERROR_CODES.StorageConfigValidationError;
}

/**
 * The secret accessor threw or rejected.
 * @category Errors
 */
export class SecretsProviderError extends StorageClientError {
  override name = 'SecretsProviderError';
  override readonly code: StorageErrorCode = ERROR_CODES.SecretsProviderError;
}

/**
 * The secrets returned by the accessor are malformed, or a needed secret version is missing.
 * @category Errors
 */
export class SecretsValidationError extends StorageClientError {
  override name = 'SecretsValidationError';
  override readonly code: StorageErrorCode = ERROR_CODES.SecretsValidationError;
}

/**
 * A method argument is invalid (country, record, filter, options, attachment …). Nothing was sent.
 * @category Errors
 */
export class InputValidationError extends StorageClientError {
  override name = 'InputValidationError';
  override readonly code: StorageErrorCode = ERROR_CODES.InputValidationError;
}

/**
 * A stored record does not match a repository's model (written by an older model, or by other code). Find
 * results report it in `errors` with the raw record; `get()` throws it. Its issues name model fields.
 * @category Errors
 */
export class ModelValidationError extends StorageClientError {
  override name = 'ModelValidationError';
  override readonly code: StorageErrorCode = ERROR_CODES.ModelValidationError;
}

/**
 * Options for server-side errors.
 * @category Errors
 */
export interface StorageServerErrorOptions extends StorageErrorOptions {
  readonly statusCode?: number | undefined;
  readonly method?: string | undefined;
  readonly url?: string | undefined;
  /** The raw response body, kept off JSON and message (it may hold record data). */
  readonly responseBody?: unknown;
}

/**
 * The server answered with an error status (≥ 400), including 429 once retries are exhausted.
 * @category Errors
 */
export class StorageServerError extends StorageError {
  override name = 'StorageServerError';
  override readonly code: StorageErrorCode = ERROR_CODES.StorageServerError;
  /** HTTP status, or undefined when no response arrived. */
  readonly statusCode: number | undefined;
  /** HTTP method of the failing request. */
  readonly method: string | undefined;
  /** URL of the failing request (paths carry hashed keys only). */
  readonly url: string | undefined;

  /**
   * The raw response body (it may hold record data). A method, not a property or getter, so that no
   * logger or `util.inspect` option ever prints it.
   *
   * @example
   * declare const error: StorageServerError;
   * const body = error.readResponseBody();
   */
  readResponseBody(): unknown {
    return responseBodies.get(this);
  }

  constructor(message: string, options: StorageServerErrorOptions = {}) {
    super(message, options);
    this.statusCode = options.statusCode;
    this.method = options.method;
    this.url = options.url;
    responseBodies.set(this, options.responseBody);
  }

  override toJSON(): ReturnType<StorageError['toJSON']> & { statusCode: number | undefined } {
    return { ...super.toJSON(), statusCode: this.statusCode };
  }
}

/**
 * No usable response: timeout, connection refused or reset, DNS failure.
 * @category Errors
 */
export class StorageNetworkError extends StorageServerError {
  override name = 'StorageNetworkError';
  override readonly code: StorageErrorCode = ERROR_CODES.StorageNetworkError;
}

/**
 * Authentication failed: a 401 after one token refresh, or the OAuth call failed.
 * @category Errors
 */
export class StorageAuthenticationError extends StorageServerError {
  override name = 'StorageAuthenticationError';
  override readonly code: StorageErrorCode = ERROR_CODES.StorageAuthenticationError;
}

/**
 * The server's response does not have the documented shape.
 * @category Errors
 */
export class StorageServerResponseValidationError extends StorageServerError {
  override name = 'StorageServerResponseValidationError';
  override readonly code: StorageErrorCode = ERROR_CODES.StorageServerResponseValidationError;
}

/**
 * The country is not in the countries list.
 * @category Errors
 */
export class StorageCountryNotSupportedError extends StorageServerError {
  override name = 'StorageCountryNotSupportedError';
  override readonly code: StorageErrorCode = ERROR_CODES.StorageCountryNotSupportedError;
}

/**
 * Encryption, decryption or a custom cipher failed.
 * @category Errors
 */
export class StorageCryptoError extends StorageError {
  override name = 'StorageCryptoError';
  override readonly code: StorageErrorCode = ERROR_CODES.StorageCryptoError;
}

/**
 * Turns zod issues into ours, without copying the offending input values into messages.
 *
 * @example
 * const result = z.number().int().safeParse(1.5);
 * if (!result.success) zodIssues(result.error); // [{ path: [], message: 'Invalid input: expected int, received number' }]
 * @category Errors
 */
export function zodIssues(error: core.$ZodError): ValidationIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.filter((p): p is string | number => typeof p !== 'symbol'),
    message: issue.message,
  }));
}

/**
 * Formats issues into one readable line: `record.range_key1: expected an integer; limit: …`.
 *
 * @example
 * formatIssues([{ path: ['limit'], message: 'must be 1..100' }]); // 'limit: must be 1..100'
 * @category Errors
 */
export function formatIssues(issues: readonly ValidationIssue[]): string {
  return issues.map((i) => (i.path.length > 0 ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ');
}
