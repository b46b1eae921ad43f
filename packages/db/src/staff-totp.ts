// A staff account's TOTP second factor: the secret, the last accepted time step, recovery codes, and the municipal switch.
import { and, count, eq, isNull, lt, or, sql } from 'drizzle-orm'
import type { Queryable } from './database.js'
import { municipalities, staffRecoveryCodes, staffUsers } from './schema.js'

export interface TotpState {
  secret: Uint8Array | null
  pendingSecret: Uint8Array | null
  enabledAt: Date | null
  lastStep: number | null
  recoveryCodesLeft: number
}

export async function findTotpState(db: Queryable, userId: string): Promise<TotpState | null> {
  const u = staffUsers
  const [row] = await db.orm
    .select({ secret: u.totpSecret, pendingSecret: u.totpPendingSecret, enabledAt: u.totpEnabledAt, lastStep: u.totpLastStep })
    .from(u)
    .where(eq(u.id, userId))
  if (!row) return null
  const [left] = await db.orm
    .select({ n: count() })
    .from(staffRecoveryCodes)
    .where(and(eq(staffRecoveryCodes.staffUserId, userId), isNull(staffRecoveryCodes.usedAt)))
  return { ...row, secret: row.enabledAt ? row.secret : null, recoveryCodesLeft: Number(left?.n ?? 0) }
}

export async function setPendingTotpSecret(db: Queryable, userId: string, secret: Uint8Array): Promise<void> {
  await db.orm.update(staffUsers).set({ totpPendingSecret: secret }).where(eq(staffUsers.id, userId))
}

/** Moves the pending secret into place with the step of the code that confirmed it; false when nothing was pending. */
export async function enableTotp(db: Queryable, userId: string, step: number): Promise<boolean> {
  const u = staffUsers
  const rows = await db.orm
    .update(u)
    .set({ totpSecret: sql`${u.totpPendingSecret}`, totpPendingSecret: null, totpEnabledAt: sql`now()`, totpLastStep: step })
    .where(and(eq(u.id, userId), sql`${u.totpPendingSecret} is not null`))
    .returning({ id: u.id })
  return rows.length === 1
}

/** Turns the second factor off and forgets its secret and recovery codes. */
export async function disableTotp(db: Queryable, userId: string): Promise<void> {
  await db.orm
    .update(staffUsers)
    .set({ totpSecret: null, totpPendingSecret: null, totpEnabledAt: null, totpLastStep: null })
    .where(eq(staffUsers.id, userId))
  await db.orm.delete(staffRecoveryCodes).where(eq(staffRecoveryCodes.staffUserId, userId))
}

/**
 * Records `step` as the last accepted one, only when it is later than the one before: one statement, so two
 * requests with the same code cannot both pass. False for a replayed (or older) code.
 */
export async function acceptTotpStep(db: Queryable, userId: string, step: number): Promise<boolean> {
  const u = staffUsers
  const rows = await db.orm
    .update(u)
    .set({ totpLastStep: step })
    .where(and(eq(u.id, userId), sql`${u.totpEnabledAt} is not null`, or(isNull(u.totpLastStep), lt(u.totpLastStep, step))))
    .returning({ id: u.id })
  return rows.length === 1
}

/** Replaces every recovery code of the account with these SHA-256 hashes. */
export async function replaceRecoveryCodes(db: Queryable, userId: string, hashes: Uint8Array[]): Promise<void> {
  await db.orm.delete(staffRecoveryCodes).where(eq(staffRecoveryCodes.staffUserId, userId))
  if (hashes.length) await db.orm.insert(staffRecoveryCodes).values(hashes.map((codeHash) => ({ codeHash, staffUserId: userId })))
}

/** Marks an unused recovery code used; false when it is unknown, used, or another account's. */
export async function spendRecoveryCode(db: Queryable, userId: string, hash: Uint8Array): Promise<boolean> {
  const r = staffRecoveryCodes
  const rows = await db.orm
    .update(r)
    .set({ usedAt: sql`now()` })
    .where(and(eq(r.codeHash, hash), eq(r.staffUserId, userId), isNull(r.usedAt)))
    .returning({ id: r.staffUserId })
  return rows.length === 1
}

/** The `adminsRequireTotp` key of municipalities.settings: false when absent. */
export async function adminsRequireTotp(db: Queryable, municipality: string): Promise<boolean> {
  const [row] = await db.orm.select({ settings: municipalities.settings }).from(municipalities).where(eq(municipalities.code, municipality))
  return row?.settings?.adminsRequireTotp === true
}

/** Sets only that key, leaving every other setting as it is. */
export async function setAdminsRequireTotp(db: Queryable, municipality: string, required: boolean): Promise<void> {
  const m = municipalities
  await db.orm
    .update(m)
    .set({ settings: sql`${m.settings} || jsonb_build_object('adminsRequireTotp', ${required}::boolean)` })
    .where(eq(m.code, municipality))
}
