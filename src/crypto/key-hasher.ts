/**
 * Search-key hashing (docs/protocol.md#hashing): SHA-256 hex of `value:environmentId`, with optional lower-casing of the
 * value (normalizeKeys). Which fields are hashed depends on hashSearchKeys.
 */
import { hash } from 'node:crypto';
import { ALWAYS_HASHED_KEYS, type StringKey } from '../fields.js';

const ALWAYS_HASHED: ReadonlySet<string> = new Set(ALWAYS_HASHED_KEYS);

/**
 * The hash primitive: lowercase hex SHA-256 of the UTF-8 of `value:environmentId`.
 *
 * @example
 * hashValue('InCountryKey', 'InCountry'); // '976143aa…865f'
 */
export function hashValue(value: string, environmentId: string): string {
  // The one-shot hash costs about a third of createHash().update().digest(): no Hash object per key, and
  // a find page or batch hashes 600 of them.
  return hash('sha256', `${value}:${environmentId}`, 'hex');
}

/**
 * Options of a {@link KeyHasher}.
 *
 * @example
 * const options: KeyHasherOptions = { environmentId: 'env', normalizeKeys: false, hashSearchKeys: true };
 */
export interface KeyHasherOptions {
  environmentId: string;
  /** Lower-case values before hashing, so lookups are case-insensitive. */
  normalizeKeys: boolean;
  /** Hash key1..key20 too (default in every SDK); false sends them in plain text. */
  hashSearchKeys: boolean;
}

/**
 * Encodes string key values for the wire. Following the docs/protocol.md#normalisation recommendation, only values that are
 * hashed get normalized (Node/Java); plain key1..key20 keep their case, and the record's envelope keeps
 * every original value, so reads return what the user wrote.
 *
 * @example
 * const hasher = new KeyHasher({ environmentId: 'envId', normalizeKeys: true, hashSearchKeys: true });
 * hasher.encode('key1', 'KEY1'); // sha256('key1:envId')
 */
export class KeyHasher {
  readonly environmentId: string;
  readonly normalizeKeys: boolean;
  readonly hashSearchKeys: boolean;

  constructor(options: KeyHasherOptions) {
    this.environmentId = options.environmentId;
    this.normalizeKeys = options.normalizeKeys;
    this.hashSearchKeys = options.hashSearchKeys;
  }

  /** Whether values of `field` leave the client hashed. */
  isHashed(field: StringKey): boolean {
    return this.hashSearchKeys || ALWAYS_HASHED.has(field);
  }

  /** The wire form of `value` in `field`: its (normalized) hash, or the value itself for plain fields. */
  encode(field: StringKey, value: string): string {
    if (!this.isHashed(field)) return value;
    return hashValue(this.normalizeKeys ? value.toLowerCase() : value, this.environmentId);
  }

  /**
   * Whether `wire` is a form `original` is stored under. This storage's own form is tried first (one
   * hash); then the forms other writers use for the same key, so records written by an SDK with the
   * other `normalizeKeys` or `hashSearchKeys` choice still verify: the value or its lower case, plain or
   * hashed. Each of them still ties the wire value to the original the envelope authenticates. `hashes`
   * remembers this storage's own forms across the calls verifying one answer (see `KeyExpectation`).
   *
   * @example
   * const hasher = new KeyHasher({ environmentId: 'env', normalizeKeys: false, hashSearchKeys: true });
   * hasher.matches('key1', 'Alice', hashValue('alice', 'env')); // true: written with normalizeKeys
   */
  matches(field: StringKey, original: string, wire: string, hashes?: Map<string, string>): boolean {
    if (this.#encodeRemembered(field, original, hashes) === wire) return true;
    const lower = original.toLowerCase();
    if (wire === original || wire === lower) return true;
    // A hash is 64 hex digits; anything else cannot be one, so no hashing is spent on it.
    if (wire.length !== 64) return false;
    return hashValue(original, this.environmentId) === wire || hashValue(lower, this.environmentId) === wire;
  }

  #encodeRemembered(field: StringKey, value: string, hashes: Map<string, string> | undefined): string {
    // Plain fields are not remembered: their wire form is the value, and a hashed field's would collide.
    if (hashes === undefined || !this.isHashed(field)) return this.encode(field, value);
    let hashed = hashes.get(value);
    if (hashed === undefined) {
      hashed = this.encode(field, value);
      hashes.set(value, hashed);
    }
    return hashed;
  }
}
