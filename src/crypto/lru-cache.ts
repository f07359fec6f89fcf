/**
 * A bounded map that evicts the least recently used entry. A `Map` keeps insertion order, so re-inserting
 * on access is enough to track recency.
 *
 * @example
 * const cache = new LruCache<string, Buffer>(2);
 * const [a, b, c] = [Buffer.from('a'), Buffer.from('b'), Buffer.from('c')];
 * cache.set('a', a); cache.set('b', b); cache.get('a'); cache.set('c', c); // evicts 'b'
 */
export class LruCache<K, V> {
  readonly maxEntries: number;
  readonly #entries = new Map<K, V>();

  constructor(maxEntries: number) {
    if (!Number.isInteger(maxEntries) || maxEntries < 1)
      throw new RangeError('LruCache needs maxEntries to be an integer >= 1');
    this.maxEntries = maxEntries;
  }

  get size(): number {
    return this.#entries.size;
  }

  has(key: K): boolean {
    return this.#entries.has(key);
  }

  get(key: K): V | undefined {
    const value = this.#entries.get(key);
    if (value === undefined) return undefined;
    this.#entries.delete(key);
    this.#entries.set(key, value);
    return value;
  }

  set(key: K, value: V): void {
    this.#entries.delete(key);
    this.#entries.set(key, value);
    if (this.#entries.size > this.maxEntries) {
      const oldest = this.#entries.keys().next().value as K;
      this.#entries.delete(oldest);
    }
  }

  delete(key: K): boolean {
    return this.#entries.delete(key);
  }

  clear(): void {
    this.#entries.clear();
  }
}
