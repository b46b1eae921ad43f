// Staff accounts, sessions stored as token hashes, login-failure lockout and the audit log.
import type { Queryable } from './database.js'

export const STAFF_ROLES = ['analyst', 'campaign', 'admin', 'national'] as const
export type StaffRole = (typeof STAFF_ROLES)[number]

export interface StaffUser {
  id: string
  email: string
  municipalityCode: string | null
  municipalityName: string | null
  role: StaffRole
  passwordHash: string
  failedLogins: number
  lockedUntil: Date | null
  disabledAt: Date | null
}

interface StaffUserRow {
  id: string
  email: string
  municipality_code: string | null
  municipality_name: string | null
  role: StaffRole
  password_hash: string
  failed_logins: number
  locked_until: Date | null
  disabled_at: Date | null
}

const USER_COLUMNS = `u.id, u.email, u.municipality_code, m.name as municipality_name, u.role, u.password_hash,
  u.failed_logins, u.locked_until, u.disabled_at`

function toUser(r: StaffUserRow): StaffUser {
  return {
    id: r.id,
    email: r.email,
    municipalityCode: r.municipality_code,
    municipalityName: r.municipality_name,
    role: r.role,
    passwordHash: r.password_hash,
    failedLogins: r.failed_logins,
    lockedUntil: r.locked_until ? new Date(r.locked_until) : null,
    disabledAt: r.disabled_at ? new Date(r.disabled_at) : null,
  }
}

export class StaffUserExistsError extends Error {}

/** Creates an account; the email is stored lower-case and must be new. */
export async function createStaffUser(
  db: Queryable,
  user: { id: string; email: string; municipalityCode: string | null; role: StaffRole; passwordHash: string },
): Promise<void> {
  const email = user.email.trim().toLowerCase()
  const [exists] = await db.query(`select 1 from staff_users where email = $1`, [email])
  if (exists) throw new StaffUserExistsError(`a staff account for ${email} already exists`)
  await db.query(
    `insert into staff_users (id, email, municipality_code, role, password_hash) values ($1, $2, $3, $4, $5)`,
    [user.id, email, user.municipalityCode, user.role, user.passwordHash],
  )
}

export async function findStaffByEmail(db: Queryable, email: string): Promise<StaffUser | null> {
  const [row] = await db.query<StaffUserRow>(
    `select ${USER_COLUMNS} from staff_users u left join municipalities m on m.code = u.municipality_code where u.email = $1`,
    [email.trim().toLowerCase()],
  )
  return row ? toUser(row) : null
}

export async function createStaffSession(db: Queryable, tokenHash: Uint8Array, userId: string, absoluteMs: number): Promise<Date> {
  const [row] = await db.query<{ expires_at: Date }>(
    `insert into staff_sessions (token_hash, staff_user_id, expires_at)
     values ($1, $2, now() + make_interval(secs => $3::float8 / 1000)) returning expires_at`,
    [tokenHash, userId, absoluteMs],
  )
  return new Date(row!.expires_at)
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
  const [row] = await db.query<StaffUserRow & { created_at: Date; last_seen_at: Date; expires_at: Date; live: boolean; stale: boolean }>(
    `select ${USER_COLUMNS}, s.created_at, s.last_seen_at, s.expires_at,
            (s.expires_at > now() and s.last_seen_at > now() - make_interval(secs => $2::float8 / 1000) and u.disabled_at is null) as live,
            s.last_seen_at < now() - interval '1 minute' as stale
       from staff_sessions s
       join staff_users u on u.id = s.staff_user_id
       left join municipalities m on m.code = u.municipality_code
      where s.token_hash = $1`,
    [tokenHash, idleMs],
  )
  if (!row) return null
  if (!row.live) {
    await db.query(`delete from staff_sessions where token_hash = $1`, [tokenHash])
    return null
  }
  let lastSeenAt = new Date(row.last_seen_at)
  if (row.stale) {
    const [touched] = await db.query<{ last_seen_at: Date }>(
      `update staff_sessions set last_seen_at = now() where token_hash = $1 returning last_seen_at`,
      [tokenHash],
    )
    if (touched) lastSeenAt = new Date(touched.last_seen_at)
  }
  return { user: toUser(row), createdAt: new Date(row.created_at), lastSeenAt, expiresAt: new Date(row.expires_at) }
}

export async function deleteStaffSession(db: Queryable, tokenHash: Uint8Array): Promise<void> {
  await db.query(`delete from staff_sessions where token_hash = $1`, [tokenHash])
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
  await db.query(
    `insert into audit_log (staff_user_id, municipality_code, action, resource, detail) values ($1, $2, $3, $4, $5::jsonb)`,
    [entry.staffUserId, entry.municipalityCode, entry.action, entry.resource ?? null, JSON.stringify(entry.detail ?? {})],
  )
}
