// Sign-in attempts: the failure count and the back-off check as one statement, and devices that signed in before.
import { and, desc, eq, isNull, lte, notInArray, or, sql } from 'drizzle-orm'
import type { Queryable } from './database.js'
import { staffDevices, staffUsers } from './schema.js'

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
 * take the row lock in turn, so at most `freeAttempts` of a burst are ever checked. A known device is not held back by
 * the account's back-off (the owner is never locked out by someone else's guesses), but its failures count too.
 * Returns false when the attempt must not be checked.
 */
export async function claimSignInAttempt(db: Queryable, userId: string, policy: BackoffPolicy, knownDevice: boolean): Promise<boolean> {
  const u = staffUsers
  const failures = sql`${u.failedLogins} + 1`
  const waitMs = sql`least(${policy.maxMs}::float8, ${policy.baseMs}::float8 * power(2, ${failures} - ${policy.freeAttempts}))`
  const rows = await db.orm
    .update(u)
    .set({
      failedLogins: failures,
      lockedUntil: sql`case when ${failures} >= ${policy.freeAttempts} then now() + make_interval(secs => ${waitMs} / 1000) else ${u.lockedUntil} end`,
    })
    .where(and(eq(u.id, userId), knownDevice ? undefined : or(isNull(u.lockedUntil), lte(u.lockedUntil, sql`now()`))))
    .returning({ id: u.id })
  return rows.length === 1
}

export async function clearSignInFailures(db: Queryable, userId: string): Promise<void> {
  await db.orm.update(staffUsers).set({ failedLogins: 0, lockedUntil: null }).where(eq(staffUsers.id, userId))
}

/** True when the device token (its SHA-256) belongs to this account; marks it used. */
export async function isKnownDevice(db: Queryable, userId: string, tokenHash: Uint8Array): Promise<boolean> {
  const d = staffDevices
  const rows = await db.orm
    .update(d)
    .set({ lastUsedAt: sql`now()` })
    .where(and(eq(d.tokenHash, tokenHash), eq(d.staffUserId, userId)))
    .returning({ userId: d.staffUserId })
  return rows.length === 1
}

/** Remembers a device after a successful sign-in; keeps the newest `keep` per account. */
export async function rememberDevice(db: Queryable, userId: string, tokenHash: Uint8Array, keep = 10): Promise<void> {
  const d = staffDevices
  await db.orm.insert(d).values({ tokenHash, staffUserId: userId }).onConflictDoUpdate({ target: d.tokenHash, set: { lastUsedAt: sql`now()` } })
  const newest = db.orm.select({ tokenHash: d.tokenHash }).from(d).where(eq(d.staffUserId, userId)).orderBy(desc(d.lastUsedAt)).limit(keep)
  await db.orm.delete(d).where(and(eq(d.staffUserId, userId), notInArray(d.tokenHash, newest)))
}

export async function recordSignIn(db: Queryable, userId: string): Promise<void> {
  await db.orm.update(staffUsers).set({ lastSignInAt: sql`now()` }).where(eq(staffUsers.id, userId))
}
