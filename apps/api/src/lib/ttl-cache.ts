// A bounded cache of promised values that expire: every answer or derived structure the API keeps for a while.

export interface TtlCacheOptions {
  /** How long an entry answers after it was built; Infinity keeps it until it is evicted by size. */
  ttlMs: number
  /** Oldest entries go first once there are more than this. */
  maxEntries: number
  /** Milliseconds now; tests pass a fake. */
  now?: () => number
}

export class TtlCache<V> {
  private readonly entries = new Map<string, { at: number; value: Promise<V> }>()
  private readonly now: () => number

  constructor(private readonly options: TtlCacheOptions) {
    this.now = options.now ?? Date.now
  }

  /**
   * The cached value of `key`, or `build()`'s, shared by every caller that asks while it is being built. A failed
   * build (unknown municipality, database down) is not remembered: the next caller tries again.
   */
  get(key: string, build: () => Promise<V>): Promise<V> {
    const now = this.now()
    const hit = this.entries.get(key)
    if (hit && now - hit.at < this.options.ttlMs) return hit.value
    const value = build()
    value.catch(() => {
      if (this.entries.get(key)?.value === value) this.entries.delete(key)
    })
    // Delete before set so a rebuilt key moves to the back of the Map's insertion order.
    this.entries.delete(key)
    this.entries.set(key, { at: now, value })
    while (this.entries.size > this.options.maxEntries) this.entries.delete(this.entries.keys().next().value!)
    return value
  }
}
