// A bounded cache of promised values that expire: every answer or derived structure the API keeps for a while.

export interface TtlCacheOptions<V> {
  /** How long an entry answers after it was built; Infinity keeps it until it is evicted by size, 0 keeps nothing. */
  ttlMs: number
  /** Oldest entries go first once there are more than this. */
  maxEntries: number
  /**
   * With `sizeOf`: oldest entries go first once the built values together weigh more than this many bytes, and a
   * value heavier than the whole budget is handed out but never kept.
   */
  maxBytes?: number
  sizeOf?: (value: V) => number
  /** Milliseconds now; tests pass a fake. */
  now?: () => number
}

interface Entry<V> {
  at: number
  value: Promise<V>
  /** Known once the value is built; 0 until then. */
  bytes: number
}

export class TtlCache<V> {
  private readonly entries = new Map<string, Entry<V>>()
  private readonly now: () => number
  private weight = 0

  constructor(private readonly options: TtlCacheOptions<V>) {
    this.now = options.now ?? Date.now
  }

  /** Bytes of the built values held now (0 without `sizeOf`). */
  get bytes(): number {
    return this.weight
  }

  get size(): number {
    return this.entries.size
  }

  /**
   * The cached value of `key`, or `build()`'s, shared by every caller that asks while it is being built. A failed
   * build (unknown municipality, database down) is not remembered: the next caller tries again.
   */
  get(key: string, build: () => Promise<V>): Promise<V> {
    if (this.options.ttlMs <= 0) return build()
    const now = this.now()
    this.sweep(now)
    const hit = this.entries.get(key)
    if (hit) return hit.value
    const value = build()
    const entry: Entry<V> = { at: now, value, bytes: 0 }
    value.then(
      (built) => {
        if (this.entries.get(key) !== entry || !this.options.sizeOf) return
        entry.bytes = this.options.sizeOf(built)
        this.weight += entry.bytes
        this.trim()
      },
      () => {
        if (this.entries.get(key) === entry) this.remove(key)
      },
    )
    this.entries.set(key, entry)
    this.trim()
    return value
  }

  /** Drops every entry whose key matches, built or still building (their callers keep their answer). */
  forget(matches: (key: string) => boolean): void {
    for (const key of [...this.entries.keys()]) if (matches(key)) this.remove(key)
  }

  /**
   * Drops every expired entry. Entries are kept in the order they were built (a rebuilt key is removed first), so
   * the expired ones are at the front. `get` sweeps too; an idle server needs `startSweeping` to let memory go.
   */
  sweep(now = this.now()): void {
    for (const [key, entry] of this.entries) {
      if (now - entry.at < this.options.ttlMs) break
      this.remove(key)
    }
  }

  /** Sweeps every `intervalMs` on a timer that never keeps the process alive; call the returned function to stop. */
  startSweeping(intervalMs = Math.min(this.options.ttlMs, 60_000)): () => void {
    if (!Number.isFinite(intervalMs) || intervalMs <= 0) return () => {}
    const timer = setInterval(() => this.sweep(), intervalMs)
    timer.unref()
    return () => clearInterval(timer)
  }

  private remove(key: string): void {
    const entry = this.entries.get(key)
    if (!entry) return
    this.weight -= entry.bytes
    this.entries.delete(key)
  }

  private trim(): void {
    const maxBytes = this.options.maxBytes ?? Infinity
    while (this.entries.size > this.options.maxEntries || this.weight > maxBytes) {
      this.remove(this.entries.keys().next().value!)
    }
  }
}
