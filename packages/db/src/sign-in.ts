// Sign-in attempts: the failure count and the back-off check as one statement, and devices that signed in before.
import type { Queryable } from './database.js'

export interface BackoffPolicy {
  /** Failed attempts in a row before the back-off starts. */
  freeAttempts: number
  /** Wait after the first failure beyond the free ones; doubles with each further failure. */
  baseMs: number
  /** Longest wait, however many failures. */
  maxMs: number
}

/**
 * Claims one sign-in attempt before the password is checked: counts it and, past the free attempts, sets when the
 * next one may be checked, all in one UPDATE that matches only while no back-off is running. Concurrent guesses each
 * take a row lock in turn, so at most `freeAttempts` of a burst are ever checked. A known device is not held back by
 * the account's back-off (the owner is never locked out by someone else's guesses), but its failures count too.
 * Returns false when the attempt must not be checked.
 */
export async function claimSignInAttempt(db: Queryable, userId: string, policy: BackoffPolicy, knownDevice: boolean): Promise<boolean> {
  const rows = await db.query(
    `update staff_users
        set failed_logins = failed_logins + 1,
            locked_until = case when failed_logins + 1 >= $2
              then now() + make_interval(secs => least($4::float8, $3::float8 * power(2, failed_logins + 1 - $2)) / 1000)
              else locked_until end
      where id = $1 and ($5 or locked_until is null or locked_until <= now())
      returning 1`,
    [userId, policy.freeAttempts, policy.baseMs, policy.maxMs, knownDevice],
  )
  return rows.length === 1
}

export async function clearSignInFailures(db: Queryable, userId: string): Promise<void> {
  await db.query(`update staff_users set failed_logins = 0, locked_until = null where id = $1`, [userId])
}

/** True when the device token (its SHA-256) belongs to this account; marks it used. */
export async function isKnownDevice(db: Queryable, userId: string, tokenHash: Uint8Array): Promise<boolean> {
  const rows = await db.query(`update staff_devices set last_used_at = now() where token_hash = $1 and staff_user_id = $2 returning 1`, [tokenHash, userId])
  return rows.length === 1
}

/** Remembers a device after a successful sign-in; keeps the newest `keep` per account. */
export async function rememberDevice(db: Queryable, userId: string, tokenHash: Uint8Array, keep = 10): Promise<void> {
  await db.query(`insert into staff_devices (token_hash, staff_user_id) values ($1, $2) on conflict (token_hash) do update set last_used_at = now()`, [tokenHash, userId])
  await db.query(
    `delete from staff_devices where staff_user_id = $1 and token_hash not in
       (select token_hash from staff_devices where staff_user_id = $1 order by last_used_at desc limit $2)`,
    [userId, keep],
  )
}
