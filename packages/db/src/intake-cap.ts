// The per-municipality hourly flood cap's clock: counting happens in the report statement (report-write.ts).

/** Seconds until the next clock hour, when the cap resets: the Retry-After of a refused report. */
export function secondsToNextHour(now = Date.now()): number {
  return Math.max(1, 3600 - Math.floor(now / 1000) % 3600)
}
