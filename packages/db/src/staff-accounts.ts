// Staff accounts of one municipality as its admins manage them: the list, role and state changes, one-time sign-in links.
import type { StaffRole } from '@meldpunt/core/api'
import { and, asc, count, eq, isNull, ne, sql } from 'drizzle-orm'
import type { Queryable } from './database.js'
import { staffSessions, staffSignInLinks, staffUsers } from './schema.js'

export interface StaffAccountRow {
  id: string
  email: string
  role: StaffRole
  disabledAt: Date | null
  invitedAt: Date | null
  hasPassword: boolean
  lastSignInAt: Date | null
  createdAt: Date
  totp: boolean
}

const accountSelection = {
  id: staffUsers.id,
  email: staffUsers.email,
  role: sql<StaffRole>`${staffUsers.role}`,
  disabledAt: staffUsers.disabledAt,
  invitedAt: staffUsers.invitedAt,
  hasPassword: sql<boolean>`(${staffUsers.passwordHash} is not null)`,
  lastSignInAt: staffUsers.lastSignInAt,
  createdAt: staffUsers.createdAt,
  totp: sql<boolean>`(${staffUsers.totpEnabledAt} is not null)`,
}

export async function listMunicipalStaff(db: Queryable, municipality: string): Promise<StaffAccountRow[]> {
  return db.orm.select(accountSelection).from(staffUsers).where(eq(staffUsers.municipalityCode, municipality)).orderBy(asc(staffUsers.email))
}

/** One account, only when it belongs to `municipality`: another municipality's account reads as absent. */
export async function findMunicipalStaff(db: Queryable, municipality: string, id: string): Promise<StaffAccountRow | null> {
  const [row] = await db.orm
    .select(accountSelection)
    .from(staffUsers)
    .where(and(eq(staffUsers.id, id), eq(staffUsers.municipalityCode, municipality)))
  return row ?? null
}

/** Active admins of the municipality other than `exceptId`, with a lock on them so two admins cannot demote each other at once. */
export async function countOtherActiveAdmins(db: Queryable, municipality: string, exceptId: string): Promise<number> {
  const rows = await db.orm
    .select({ id: staffUsers.id })
    .from(staffUsers)
    .where(and(eq(staffUsers.municipalityCode, municipality), eq(staffUsers.role, 'admin'), isNull(staffUsers.disabledAt), ne(staffUsers.id, exceptId)))
    .for('update')
  return rows.length
}

export async function inviteStaffUser(db: Queryable, user: { id: string; email: string; municipalityCode: string; role: StaffRole }): Promise<void> {
  await db.orm.insert(staffUsers).values({ ...user, passwordHash: null, invitedAt: sql`now()` })
}

export async function setStaffRole(db: Queryable, id: string, role: StaffRole): Promise<void> {
  await db.orm.update(staffUsers).set({ role }).where(eq(staffUsers.id, id))
}

/** Disables or enables an account; disabling ends its sessions and sign-in links in the same transaction. */
export async function setStaffDisabled(db: Queryable, id: string, disabled: boolean): Promise<void> {
  await db.orm.update(staffUsers).set({ disabledAt: disabled ? sql`now()` : null }).where(eq(staffUsers.id, id))
  if (disabled) await endStaffAccess(db, id)
}

/** Ends every session and every open sign-in link of an account. */
export async function endStaffAccess(db: Queryable, id: string): Promise<void> {
  await db.orm.delete(staffSessions).where(eq(staffSessions.staffUserId, id))
  await db.orm.delete(staffSignInLinks).where(eq(staffSignInLinks.staffUserId, id))
}

export async function createSignInLink(db: Queryable, link: { tokenHash: Uint8Array; staffUserId: string; purpose: 'invite' | 'reset'; expiresAt: Date }): Promise<void> {
  await db.orm.insert(staffSignInLinks).values(link)
}

export interface SignInLinkRow {
  staffUserId: string
  email: string
  municipalityCode: string | null
  purpose: string
  expiresAt: Date
  usedAt: Date | null
  disabledAt: Date | null
}

export async function findSignInLink(db: Queryable, tokenHash: Uint8Array, lock = false): Promise<SignInLinkRow | null> {
  const query = db.orm
    .select({
      staffUserId: staffSignInLinks.staffUserId,
      email: staffUsers.email,
      municipalityCode: staffUsers.municipalityCode,
      purpose: staffSignInLinks.purpose,
      expiresAt: staffSignInLinks.expiresAt,
      usedAt: staffSignInLinks.usedAt,
      disabledAt: staffUsers.disabledAt,
    })
    .from(staffSignInLinks)
    .innerJoin(staffUsers, eq(staffUsers.id, staffSignInLinks.staffUserId))
    .where(eq(staffSignInLinks.tokenHash, tokenHash))
  const [row] = lock ? await query.for('update', { of: staffSignInLinks }) : await query
  return row ?? null
}

/** Marks the link used and sets the password: the one write that turns a link into an account that can sign in. */
export async function spendSignInLink(db: Queryable, tokenHash: Uint8Array, staffUserId: string, passwordHash: string): Promise<boolean> {
  const spent = await db.orm
    .update(staffSignInLinks)
    .set({ usedAt: sql`now()` })
    .where(and(eq(staffSignInLinks.tokenHash, tokenHash), isNull(staffSignInLinks.usedAt)))
    .returning({ id: staffSignInLinks.staffUserId })
  if (spent.length !== 1) return false
  await db.orm.update(staffUsers).set({ passwordHash, failedLogins: 0, lockedUntil: null }).where(eq(staffUsers.id, staffUserId))
  // Sessions from before a reset end: whoever knew the old password is out.
  await db.orm.delete(staffSessions).where(eq(staffSessions.staffUserId, staffUserId))
  return true
}

export async function countStaffSessions(db: Queryable, staffUserId: string): Promise<number> {
  const [row] = await db.orm.select({ n: count() }).from(staffSessions).where(eq(staffSessions.staffUserId, staffUserId))
  return row?.n ?? 0
}
