// Staff accounts, sessions stored as token hashes, and the audit log.
import type { StaffRole } from '@meldpunt/core/api'
import { eq, sql } from 'drizzle-orm'
import type { Queryable } from './database.js'
import { auditLog, municipalities, staffSessions, staffUsers } from './schema.js'

export interface StaffUser {
  id: string
  email: string
  municipalityCode: string | null
  municipalityName: string | null
  role: StaffRole
  /** null for an invited account that has not set its password yet. */
  passwordHash: string | null
  failedLogins: number
  lockedUntil: Date | null
  disabledAt: Date | null
  /** When the TOTP second factor was turned on; null when it is off. */
  totpEnabledAt: Date | null
  /** The municipality's `adminsRequireTotp` setting (false for national accounts). */
  adminsRequireTotp: boolean
}

/** A staff account with its municipality's name, selected straight into its API names. */
const userSelection = {
  id: staffUsers.id,
  email: staffUsers.email,
  municipalityCode: staffUsers.municipalityCode,
  municipalityName: municipalities.name,
  role: sql<StaffRole>`${staffUsers.role}`,
  passwordHash: staffUsers.passwordHash,
  failedLogins: staffUsers.failedLogins,
  lockedUntil: staffUsers.lockedUntil,
  disabledAt: staffUsers.disabledAt,
  totpEnabledAt: staffUsers.totpEnabledAt,
  adminsRequireTotp: sql<boolean>`coalesce(${municipalities.settings} @> '{"adminsRequireTotp": true}'::jsonb, false)`,
}

/** `make_interval` of a duration in milliseconds. */
const millis = (ms: number) => sql`make_interval(secs => ${ms}::float8 / 1000)`

export class StaffUserExistsError extends Error {}

/** Creates an account; the email is stored lower-case and must be new. */
export async function createStaffUser(
  db: Queryable,
  user: { id: string; email: string; municipalityCode: string | null; role: StaffRole; passwordHash: string },
): Promise<void> {
  const email = user.email.trim().toLowerCase()
  const [exists] = await db.orm.select({ id: staffUsers.id }).from(staffUsers).where(eq(staffUsers.email, email))
  if (exists) throw new StaffUserExistsError(`a staff account for ${email} already exists`)
  await db.orm.insert(staffUsers).values({ id: user.id, email, municipalityCode: user.municipalityCode, role: user.role, passwordHash: user.passwordHash })
}

export async function findStaffByEmail(db: Queryable, email: string): Promise<StaffUser | null> {
  const [row] = await db.orm
    .select(userSelection)
    .from(staffUsers)
    .leftJoin(municipalities, eq(municipalities.code, staffUsers.municipalityCode))
    .where(eq(staffUsers.email, email.trim().toLowerCase()))
  return row ?? null
}

export async function createStaffSession(db: Queryable, tokenHash: Uint8Array, userId: string, absoluteMs: number): Promise<Date> {
  const [row] = await db.orm
    .insert(staffSessions)
    .values({ tokenHash, staffUserId: userId, expiresAt: sql`now() + ${millis(absoluteMs)}` })
    .returning({ expiresAt: staffSessions.expiresAt })
  return row!.expiresAt
}

export interface StaffSession {
  user: StaffUser
  createdAt: Date
  lastSeenAt: Date
  expiresAt: Date
}

/**
 * The live session for a token hash, or null when unknown, past its absolute end, idle too long, or its
 * account is disabled. An expired session is deleted on sight. Activity is recorded at most once a minute,
 * so a dashboard firing tile requests does not write a row per tile.
 */
export async function findLiveStaffSession(db: Queryable, tokenHash: Uint8Array, idleMs: number): Promise<StaffSession | null> {
  const s = staffSessions
  const [row] = await db.orm
    .select({
      user: userSelection,
      createdAt: s.createdAt,
      lastSeenAt: s.lastSeenAt,
      expiresAt: s.expiresAt,
      live: sql<boolean>`(${s.expiresAt} > now() and ${s.lastSeenAt} > now() - ${millis(idleMs)} and ${staffUsers.disabledAt} is null)`,
      stale: sql<boolean>`${s.lastSeenAt} < now() - interval '1 minute'`,
    })
    .from(s)
    .innerJoin(staffUsers, eq(staffUsers.id, s.staffUserId))
    .leftJoin(municipalities, eq(municipalities.code, staffUsers.municipalityCode))
    .where(eq(s.tokenHash, tokenHash))
  if (!row) return null
  if (!row.live) {
    await deleteStaffSession(db, tokenHash)
    return null
  }
  let lastSeenAt = row.lastSeenAt
  if (row.stale) {
    const [touched] = await db.orm.update(s).set({ lastSeenAt: sql`now()` }).where(eq(s.tokenHash, tokenHash)).returning({ lastSeenAt: s.lastSeenAt })
    if (touched) lastSeenAt = touched.lastSeenAt
  }
  return { user: row.user, createdAt: row.createdAt, lastSeenAt, expiresAt: row.expiresAt }
}

export async function deleteStaffSession(db: Queryable, tokenHash: Uint8Array): Promise<void> {
  await db.orm.delete(staffSessions).where(eq(staffSessions.tokenHash, tokenHash))
}

export interface AuditEntry {
  staffUserId: string | null
  municipalityCode: string | null
  action: string
  resource?: string | null
  /** Filters, counts, report ids: never a report's content. */
  detail?: Record<string, unknown>
}

/** Appends to the audit log; inside a tenant transaction the row must name that municipality (RLS check). */
export async function writeAudit(db: Queryable, entry: AuditEntry): Promise<void> {
  await db.orm.insert(auditLog).values({
    staffUserId: entry.staffUserId,
    municipalityCode: entry.municipalityCode,
    action: entry.action,
    resource: entry.resource ?? null,
    detail: entry.detail ?? {},
  })
}
