// Per-municipality hourly intake counter: the cap that keeps a flood of reports from swamping one municipality's map.
import type { Queryable } from './database.js'

/** Thrown inside the intake transaction when the increment passes the cap, so the report rolls back with it. */
export class HourlyCapReached extends Error {
  constructor() {
    super('municipality hourly intake cap reached')
  }
}

/** Reports accepted for the municipality in the current clock hour (database time), before this one. */
export async function intakeCountThisHour(tx: Queryable, municipalityCode: string): Promise<number> {
  const [row] = await tx.query<{ n: number }>(
    `select n from intake_hourly where municipality_code = $1 and hour = date_trunc('hour', now())`,
    [municipalityCode],
  )
  return row?.n ?? 0
}

/**
 * Counts one accepted report; throws HourlyCapReached when that passes the cap. Run it as the last statement
 * of the intake transaction: the counter row is locked from here to commit, so the lock is held only briefly.
 */
export async function countIntake(tx: Queryable, municipalityCode: string, cap: number): Promise<void> {
  const [row] = await tx.query<{ n: number }>(
    `insert into intake_hourly as c (municipality_code, hour, n) values ($1, date_trunc('hour', now()), 1)
     on conflict (municipality_code, hour) do update set n = c.n + 1
     returning n`,
    [municipalityCode],
  )
  if ((row?.n ?? 0) > cap) throw new HourlyCapReached()
}

/** Seconds until the next clock hour, when the cap resets: the Retry-After of a refused report. */
export function secondsToNextHour(now = Date.now()): number {
  return Math.max(1, 3600 - Math.floor(now / 1000) % 3600)
}
