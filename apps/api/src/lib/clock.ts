// Time and timers behind one interface, so the spike schedule can be driven by a test without waiting a day.

export interface Clock {
  now(): Date
  /** Calls `fn` after `ms`; the handle goes back to clearTimer. */
  setTimer(fn: () => void, ms: number): unknown
  clearTimer(handle: unknown): void
}

/** Node's clock. Timers are unref'd: a pending daily check must not keep a finished process alive. */
export const systemClock: Clock = {
  now: () => new Date(),
  setTimer(fn, ms) {
    // setTimeout fires at once for delays above 2^31 − 1 ms (about 24.8 days); a day is far below.
    const t = setTimeout(fn, Math.min(ms, 2 ** 31 - 1))
    t.unref()
    return t
  },
  clearTimer: (handle) => clearTimeout(handle as NodeJS.Timeout),
}

/** Resolves after `ms`, or at once when `signal` aborts (shutdown must not wait out a retry backoff). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve()
    const t = setTimeout(done, ms)
    function done(): void {
      clearTimeout(t)
      signal?.removeEventListener('abort', done)
      resolve()
    }
    signal?.addEventListener('abort', done, { once: true })
  })
}
