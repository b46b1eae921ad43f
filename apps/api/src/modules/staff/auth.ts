// Staff login with a back-off no outsider can turn into a lock-out, sessions behind an HttpOnly cookie, CSRF tokens bound to the session.
import {
  claimSignInAttempt,
  clearSignInFailures,
  createStaffSession,
  deleteStaffSession,
  findLiveStaffSession,
  findStaffByEmail,
  isKnownDevice,
  recordSignIn,
  rememberDevice,
  writeAudit,
  type BackoffPolicy,
  type Database,
  type StaffUser,
} from '@meldpunt/db'
import { ErrorCode } from '@meldpunt/core'
import type { StaffRole, StaffSession } from '@meldpunt/core/api'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import type { Config } from '../../config.js'
import { systemClock, type Clock } from '../../lib/clock.js'
import { ProblemError } from '../../lib/problems.js'
import { checkSecondFactor } from '../totp/second-factor.js'
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
  /** An admin whose municipality requires a second factor and who has none yet: reaches only /session, /logout and /me/totp. */
  secondFactorEnrolmentRequired: boolean
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

function principalOf(user: StaffUser, token: string, sessionHash: Buffer, expiresAt: Date): StaffPrincipal {
  return {
    userId: user.id,
    email: user.email,
    role: user.role,
    municipality: user.municipalityCode ? { code: user.municipalityCode, name: user.municipalityName ?? user.municipalityCode } : null,
    sessionHash,
    csrf: csrfFor(token),
    expiresAt,
    secondFactorEnrolmentRequired: user.role === 'admin' && user.adminsRequireTotp && !user.totpEnabledAt,
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    staffAuth: StaffAuth
  }
}

export class StaffAuth {
  readonly cookieName: string
  /** Long-lived, HttpOnly: marks a browser that signed in to an account before (see login). */
  readonly deviceCookieName: string
  readonly idleMs: number
  private readonly backoff: BackoffPolicy
  readonly absoluteMs: number

  constructor(
    private readonly db: Database,
    private readonly config: Config,
    private readonly clock: Clock = systemClock,
  ) {
    // `__Host-` makes the browser insist on Secure, Path=/ and no Domain: no subdomain can plant or read it.
    this.cookieName = config.SESSION_COOKIE_SECURE ? '__Host-meldpunt_staff' : 'meldpunt_staff'
    this.deviceCookieName = config.SESSION_COOKIE_SECURE ? '__Host-meldpunt_device' : 'meldpunt_device'
    this.idleMs = config.SESSION_IDLE_MINUTES * 60_000
    this.absoluteMs = config.SESSION_ABSOLUTE_HOURS * 3_600_000
    this.backoff = { freeAttempts: config.LOGIN_MAX_FAILURES, baseMs: config.LOGIN_BACKOFF_SECONDS * 1000, maxMs: config.LOGIN_LOCKOUT_MINUTES * 60_000 }
  }

  /** What GET /session and every sign-in answer with. */
  sessionView(p: StaffPrincipal): StaffSession {
    return {
      user: { id: p.userId, email: p.email, role: p.role, municipality: p.municipality },
      csrf: p.csrf,
      expiresAt: p.expiresAt.toISOString(),
      idleTimeoutSeconds: Math.round(this.idleMs / 1000),
      secondFactorEnrolmentRequired: p.secondFactorEnrolmentRequired,
    }
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

  /**
   * Checks the password. Every refusal is the same 401 (unknown account, disabled, wrong password, or an attempt held
   * back by the account's back-off), after the same scrypt work, so nobody can tell which accounts exist or are under
   * attack. The attempt is counted before the check, in one statement with the back-off test (claimSignInAttempt):
   * a burst of guesses gets at most LOGIN_MAX_FAILURES checked. A browser that signed in to the account before
   * (`deviceToken`) is not held back, so someone else's guessing cannot keep the owner out.
   *
   * An account with TOTP on needs `code` too (an authenticator code or a recovery code). The right password without
   * one answers SECOND_FACTOR_REQUIRED so the client asks for it; a wrong code is the same 401 as a wrong password.
   * Neither clears the failure count, so codes are guessed under the same back-off as passwords. Only both factors
   * together open a session.
   */
  async login(email: string, password: string, deviceToken?: string, code?: string): Promise<{ token: string; deviceToken: string; principal: StaffPrincipal }> {
    const user = await findStaffByEmail(this.db, email)
    const refuse = () => new ProblemError(ErrorCode.UNAUTHENTICATED, { detail: 'The email address or password is not right, or there were too many attempts: try again in a few minutes.' })
    if (!user || user.disabledAt || !user.passwordHash) {
      await burnPasswordCheck(password)
      throw refuse()
    }
    const knownDevice = deviceToken !== undefined && SESSION_TOKEN.test(deviceToken) && (await isKnownDevice(this.db, user.id, hashSessionToken(deviceToken)))
    if (!(await claimSignInAttempt(this.db, user.id, this.backoff, knownDevice))) {
      await burnPasswordCheck(password)
      await writeAudit(this.db, { staffUserId: user.id, municipalityCode: user.municipalityCode, action: 'login.held-back' })
      throw refuse()
    }
    if (!(await verifyPassword(password, user.passwordHash))) {
      await writeAudit(this.db, { staffUserId: user.id, municipalityCode: user.municipalityCode, action: 'login.failed' })
      throw refuse()
    }
    let action = 'login'
    if (user.totpEnabledAt) {
      if (!code) {
        throw new ProblemError(ErrorCode.SECOND_FACTOR_REQUIRED, { detail: 'Enter the six-digit code from your authenticator app, or one of your recovery codes.' })
      }
      const factor = await checkSecondFactor(this.db, user.id, code, this.clock.now(), true)
      if (!factor) {
        await writeAudit(this.db, { staffUserId: user.id, municipalityCode: user.municipalityCode, action: 'login.failed-second-factor' })
        throw refuse()
      }
      if (factor.kind === 'recovery') action = 'login.recovery-code'
    }
    await clearSignInFailures(this.db, user.id)
    await recordSignIn(this.db, user.id)
    const device = knownDevice ? deviceToken! : randomBytes(32).toString('base64url')
    await rememberDevice(this.db, user.id, hashSessionToken(device))
    const token = randomBytes(32).toString('base64url')
    const sessionHash = hashSessionToken(token)
    const expiresAt = await createStaffSession(this.db, sessionHash, user.id, this.absoluteMs)
    await writeAudit(this.db, { staffUserId: user.id, municipalityCode: user.municipalityCode, action })
    return { token, deviceToken: device, principal: principalOf(user, token, sessionHash, expiresAt) }
  }

  /** The principal for a session cookie, or null when missing, unknown or expired (idle or absolute). */
  async authenticate(token: string | undefined): Promise<StaffPrincipal | null> {
    if (!token || !SESSION_TOKEN.test(token)) return null
    const sessionHash = hashSessionToken(token)
    const session = await findLiveStaffSession(this.db, sessionHash, this.idleMs)
    if (!session) return null
    return principalOf(session.user, token, sessionHash, session.expiresAt)
  }

  /** A session for an account that just set its password through a one-time link (the link was its proof). */
  async openSessionFor(email: string): Promise<{ token: string; principal: StaffPrincipal }> {
    const user = await findStaffByEmail(this.db, email)
    if (!user || user.disabledAt) throw new ProblemError(ErrorCode.UNAUTHENTICATED, { detail: 'This account cannot sign in.' })
    // A link proves the password step only: an account with a second factor signs in with it as usual.
    if (user.totpEnabledAt) {
      throw new ProblemError(ErrorCode.SECOND_FACTOR_REQUIRED, { detail: 'Your password is set. Sign in with it and the code from your authenticator app.' })
    }
    await clearSignInFailures(this.db, user.id)
    await recordSignIn(this.db, user.id)
    const token = randomBytes(32).toString('base64url')
    const sessionHash = hashSessionToken(token)
    const expiresAt = await createStaffSession(this.db, sessionHash, user.id, this.absoluteMs)
    await writeAudit(this.db, { staffUserId: user.id, municipalityCode: user.municipalityCode, action: 'login.link' })
    return { token, principal: principalOf(user, token, sessionHash, expiresAt) }
  }

  async logout(principal: StaffPrincipal): Promise<void> {
    await deleteStaffSession(this.db, principal.sessionHash)
    await writeAudit(this.db, { staffUserId: principal.userId, municipalityCode: principal.municipality?.code ?? null, action: 'logout' })
  }
}

export const staffAuthPlugin = fp(
  async (app: FastifyInstance, opts: { clock?: Clock }) => {
    app.decorate('staffAuth', new StaffAuth(app.db, app.config, opts.clock ?? systemClock))
  },
  { name: 'staff-auth', decorators: { fastify: ['db', 'config'] } },
)
