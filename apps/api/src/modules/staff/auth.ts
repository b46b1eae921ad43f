// Staff login with lockout, sessions behind an HttpOnly cookie, and CSRF tokens bound to the session.
import {
  clearLoginFailures,
  createStaffSession,
  deleteStaffSession,
  findLiveStaffSession,
  findStaffByEmail,
  recordLoginFailure,
  writeAudit,
  type Database,
  type StaffRole,
} from '@meldpunt/db'
import { ErrorCode } from '@meldpunt/core'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import type { Config } from '../../config.js'
import { ProblemError } from '../../lib/problems.js'
import { burnPasswordCheck, verifyPassword } from './passwords.js'

export interface StaffPrincipal {
  userId: string
  email: string
  role: StaffRole
  municipality: { code: string; name: string } | null
  /** SHA-256 of the session token: what the database knows the session by. */
  sessionHash: Buffer
  csrf: string
  expiresAt: Date
}

export function hashSessionToken(token: string): Buffer {
  return createHash('sha256').update(token).digest()
}

/**
 * The CSRF token is an HMAC of the session token: it cannot be derived without the HttpOnly cookie, changes
 * with every session, and needs no storage. A cross-site page can make the browser send the cookie (not with
 * SameSite=Strict, but older browsers) yet can never read this value to put it in the X-CSRF-Token header.
 */
export function csrfFor(token: string): string {
  return createHmac('sha256', token).update('meldpunt-csrf-v1').digest('base64url')
}

export function csrfMatches(token: string, header: unknown): boolean {
  if (typeof header !== 'string' || header.length === 0) return false
  const expected = Buffer.from(csrfFor(token))
  const given = Buffer.from(header)
  return given.length === expected.length && timingSafeEqual(given, expected)
}

const SESSION_TOKEN = /^[A-Za-z0-9_-]{43}$/

declare module 'fastify' {
  interface FastifyInstance {
    staffAuth: StaffAuth
  }
}

export class StaffAuth {
  readonly cookieName: string
  readonly idleMs: number
  readonly absoluteMs: number

  constructor(
    private readonly db: Database,
    private readonly config: Config,
  ) {
    // `__Host-` makes the browser insist on Secure, Path=/ and no Domain: no subdomain can plant or read it.
    this.cookieName = config.SESSION_COOKIE_SECURE ? '__Host-meldpunt_staff' : 'meldpunt_staff'
    this.idleMs = config.SESSION_IDLE_MINUTES * 60_000
    this.absoluteMs = config.SESSION_ABSOLUTE_HOURS * 3_600_000
  }

  cookieOptions(maxAgeSeconds?: number) {
    return {
      httpOnly: true,
      secure: this.config.SESSION_COOKIE_SECURE,
      sameSite: 'strict' as const,
      path: '/',
      ...(maxAgeSeconds !== undefined ? { maxAge: maxAgeSeconds } : {}),
    }
  }

  /** Checks the password; throws 401 (wrong email or password, one message for both) or 423 (locked). */
  async login(email: string, password: string): Promise<{ token: string; principal: StaffPrincipal }> {
    const user = await findStaffByEmail(this.db, email)
    const wrong = () => new ProblemError(ErrorCode.UNAUTHENTICATED, { detail: 'The email address or password is not right.' })
    if (!user || user.disabledAt) {
      await burnPasswordCheck(password)
      throw wrong()
    }
    const now = Date.now()
    if (user.lockedUntil && user.lockedUntil.getTime() > now) throw this.locked(user.lockedUntil)
    if (!(await verifyPassword(password, user.passwordHash))) {
      const lockedUntil = await recordLoginFailure(this.db, user.id, this.config.LOGIN_MAX_FAILURES, this.config.LOGIN_LOCKOUT_MINUTES * 60_000)
      await writeAudit(this.db, {
        staffUserId: user.id,
        municipalityCode: user.municipalityCode,
        action: lockedUntil ? 'login.locked' : 'login.failed',
      })
      if (lockedUntil) throw this.locked(lockedUntil)
      throw wrong()
    }
    await clearLoginFailures(this.db, user.id)
    const token = randomBytes(32).toString('base64url')
    const sessionHash = hashSessionToken(token)
    const expiresAt = await createStaffSession(this.db, sessionHash, user.id, this.absoluteMs)
    await writeAudit(this.db, { staffUserId: user.id, municipalityCode: user.municipalityCode, action: 'login' })
    return {
      token,
      principal: {
        userId: user.id,
        email: user.email,
        role: user.role,
        municipality: user.municipalityCode ? { code: user.municipalityCode, name: user.municipalityName ?? user.municipalityCode } : null,
        sessionHash,
        csrf: csrfFor(token),
        expiresAt,
      },
    }
  }

  private locked(until: Date): ProblemError {
    const seconds = Math.max(1, Math.ceil((until.getTime() - Date.now()) / 1000))
    return new ProblemError(ErrorCode.LOCKED, {
      detail: `Too many failed sign-in attempts. This account is locked until ${until.toISOString()}; try again then or ask an administrator.`,
      headers: { 'retry-after': String(seconds) },
    })
  }

  /** The principal for a session cookie, or null when missing, unknown or expired (idle or absolute). */
  async authenticate(token: string | undefined): Promise<StaffPrincipal | null> {
    if (!token || !SESSION_TOKEN.test(token)) return null
    const sessionHash = hashSessionToken(token)
    const session = await findLiveStaffSession(this.db, sessionHash, this.idleMs)
    if (!session) return null
    const { user } = session
    return {
      userId: user.id,
      email: user.email,
      role: user.role,
      municipality: user.municipalityCode ? { code: user.municipalityCode, name: user.municipalityName ?? user.municipalityCode } : null,
      sessionHash,
      csrf: csrfFor(token),
      expiresAt: session.expiresAt,
    }
  }

  async logout(principal: StaffPrincipal): Promise<void> {
    await deleteStaffSession(this.db, principal.sessionHash)
    await writeAudit(this.db, { staffUserId: principal.userId, municipalityCode: principal.municipality?.code ?? null, action: 'logout' })
  }
}

export const staffAuthPlugin = fp(
  async (app: FastifyInstance) => {
    app.decorate('staffAuth', new StaffAuth(app.db, app.config))
  },
  { name: 'staff-auth', decorators: { fastify: ['db', 'config'] } },
)
