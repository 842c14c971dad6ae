/**
 * A map that holds at most `capacity` entries and evicts the least recently used one (read with
 * `get` or written with `set`) to make room: compile's per-signature cache.
 *
 * @example
 * const c = new LruCache<string, number>(2);
 * c.set("a", 1); c.set("b", 2); c.get("a"); c.set("c", 3); // evicts "b"
 */
export class LruCache<K, V> {
  // NOTE: a Map iterates in insertion order, so re-inserting on use keeps the least recent first.
  private readonly map = new Map<K, V>();

  constructor(readonly capacity: number) {}

  /** The number of entries held. */
  get size(): number {
    return this.map.size;
  }

  /** The value for `key`, which becomes the most recently used; undefined when absent. */
  get(key: K): V | undefined {
    const value = this.map.get(key);
    if (value !== undefined) {
      this.map.delete(key);
      this.map.set(key, value);
    }
    return value;
  }

  /** Stores `value` as the most recently used entry, evicting the least recently used beyond the capacity. */
  set(key: K, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    while (this.map.size > this.capacity) this.map.delete(this.map.keys().next().value as K);
  }
}
