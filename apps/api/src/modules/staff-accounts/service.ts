// The rules of staff account administration: tenancy, the last-admin rule, one-time links, NIST passwords, the audit trail.
import { ErrorCode } from '@meldpunt/core'
import type { AssignableRole, SignInLink, SignInLinkInfo, StaffAccount } from '@meldpunt/core/api'
import {
  countOtherActiveAdmins,
  createSignInLink,
  disableTotp,
  endStaffAccess,
  findMunicipalStaff,
  findSignInLink,
  findStaffByEmail,
  inviteStaffUser,
  listMunicipalStaff,
  setStaffDisabled,
  setStaffRole,
  spendSignInLink,
  writeAudit,
  type Database,
  type Queryable,
  type StaffAccountRow,
} from '@meldpunt/db'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { createHash, randomBytes, randomUUID } from 'node:crypto'
import { systemClock, type Clock } from '../../lib/clock.js'
import { ProblemError } from '../../lib/problems.js'
import type { Actor } from '../staff/context.js'
import { hashPassword } from '../staff/passwords.js'
import { passwordProblem, passwordProblemText } from './password-policy.js'
import { SmtpLinkSender } from './mail-sender.js'

declare module 'fastify' {
  interface FastifyInstance {
    staffAccounts: StaffAccounts
  }
}

/** Where a new link goes besides the admin's screen: SMTP when configured (mail-sender.ts); otherwise the admin passes it on. */
export interface SignInLinkSender {
  send(email: string, url: string, purpose: 'invite' | 'reset'): Promise<void>
}

export function accountView(row: StaffAccountRow): StaffAccount {
  return {
    id: row.id,
    email: row.email,
    role: row.role,
    state: row.disabledAt ? 'deactivated' : row.hasPassword ? 'active' : 'invited',
    lastSignInAt: row.lastSignInAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    totp: row.totp,
  }
}

const hashToken = (token: string) => createHash('sha256').update(token).digest()
const notFound = () => new ProblemError(ErrorCode.NOT_FOUND, { detail: 'There is no such staff account in your municipality.' })
const linkGone = () => new ProblemError(ErrorCode.GONE, { detail: 'This sign-in link has expired or was already used. Ask your administrator for a new one.' })

export class StaffAccounts {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly linkHours: number,
    private readonly sender: SignInLinkSender | null,
    private readonly onMailError?: (purpose: 'invite' | 'reset', error: unknown) => void,
  ) {}

  list(municipality: string): Promise<StaffAccount[]> {
    return listMunicipalStaff(this.db, municipality).then((rows) => rows.map(accountView))
  }

  async invite(municipality: string, actor: Actor, email: string, role: AssignableRole): Promise<SignInLink> {
    if (await findStaffByEmail(this.db, email)) {
      // Said plainly: the admin must know why, and the address is one they typed (it may belong to another municipality).
      throw new ProblemError(ErrorCode.CONFLICT, { detail: `A staff account for ${email} already exists.`, errors: [{ field: 'email', code: 'duplicate', message: 'This is already chosen or in use; choose another.' }] })
    }
    return this.db.transaction(async (tx) => {
      const id = randomUUID()
      await inviteStaffUser(tx, { id, email, municipalityCode: municipality, role })
      const link = await this.newLink(tx, id, 'invite')
      await this.audit(tx, municipality, actor, 'staff.invite', id, { email, role })
      const row = (await findMunicipalStaff(tx, municipality, id))!
      return { account: accountView(row), ...link }
    }).then(async (result) => ({ ...result, mailed: await this.mail(email, result.url, 'invite') }))
  }

  async changeRole(municipality: string, actor: Actor, id: string, role: AssignableRole): Promise<StaffAccount> {
    return this.db.transaction(async (tx) => {
      const row = await this.mine(tx, municipality, id)
      if (row.role === role) return accountView(row)
      if (row.role === 'admin' && role !== 'admin') await this.keepAnAdmin(tx, municipality, row)
      await setStaffRole(tx, id, role)
      await this.audit(tx, municipality, actor, 'staff.role', id, { email: row.email, from: row.role, to: role })
      return accountView((await findMunicipalStaff(tx, municipality, id))!)
    })
  }

  async setActive(municipality: string, actor: Actor, id: string, active: boolean): Promise<StaffAccount> {
    return this.db.transaction(async (tx) => {
      const row = await this.mine(tx, municipality, id)
      if (!active && row.role === 'admin' && !row.disabledAt) await this.keepAnAdmin(tx, municipality, row)
      await setStaffDisabled(tx, id, !active)
      await this.audit(tx, municipality, actor, active ? 'staff.reactivate' : 'staff.deactivate', id, { email: row.email })
      return accountView((await findMunicipalStaff(tx, municipality, id))!)
    })
  }

  /** A new one-time link; older links and every session of the account end. */
  async resetPassword(municipality: string, actor: Actor, id: string): Promise<SignInLink> {
    const result = await this.db.transaction(async (tx) => {
      const row = await this.mine(tx, municipality, id)
      if (row.disabledAt) throw new ProblemError(ErrorCode.CONFLICT, { detail: 'This account is deactivated: reactivate it before resetting its password.' })
      await endStaffAccess(tx, id)
      const link = await this.newLink(tx, id, row.hasPassword ? 'reset' : 'invite')
      await this.audit(tx, municipality, actor, 'staff.reset', id, { email: row.email })
      return { account: accountView(row), ...link }
    })
    return { ...result, mailed: await this.mail(result.account.email, result.url, 'reset') }
  }

  /**
   * Mails a link when SMTP is configured. A failure leaves the link valid and shown to the admin (the answer says it
   * was not mailed); the log names neither the address nor the link.
   */
  private async mail(email: string, url: string, purpose: 'invite' | 'reset'): Promise<boolean> {
    if (!this.sender) return false
    try {
      await this.sender.send(email, url, purpose)
      return true
    } catch (error) {
      this.onMailError?.(purpose, error)
      return false
    }
  }

  /**
   * Removes a colleague's second factor (a lost phone): they sign in with their password alone and set up a new one.
   * Not one's own: that goes through the Security page, with a code and the municipality's rule.
   */
  async removeSecondFactor(municipality: string, actor: Actor, id: string): Promise<StaffAccount> {
    return this.db.transaction(async (tx) => {
      const row = await this.mine(tx, municipality, id)
      if (id === actor.userId) throw new ProblemError(ErrorCode.CONFLICT, { detail: 'Turn your own second factor off on the Security page.' })
      if (row.totp) {
        await disableTotp(tx, id)
        await this.audit(tx, municipality, actor, 'staff.totp-remove', id, { email: row.email })
      }
      return accountView((await findMunicipalStaff(tx, municipality, id))!)
    })
  }

  async linkInfo(token: string): Promise<SignInLinkInfo> {
    const link = await findSignInLink(this.db, hashToken(token))
    if (!link || link.usedAt || link.disabledAt || link.expiresAt <= this.clock.now()) throw linkGone()
    return { email: link.email, purpose: link.purpose as 'invite' | 'reset', expiresAt: link.expiresAt.toISOString() }
  }

  /** Sets the password through a link; returns the account's email so the caller can open a session. */
  async acceptLink(token: string, password: string): Promise<string> {
    const tokenHash = hashToken(token)
    const peek = await findSignInLink(this.db, tokenHash)
    if (!peek || peek.usedAt || peek.disabledAt || peek.expiresAt <= this.clock.now()) throw linkGone()
    const problem = passwordProblem(password, peek.email)
    if (problem) {
      throw new ProblemError(ErrorCode.VALIDATION, { detail: passwordProblemText[problem], errors: [{ field: 'password', code: problem === 'too_short' ? 'too_short' : problem === 'too_long' ? 'too_long' : 'invalid', message: passwordProblemText[problem] }] })
    }
    const passwordHash = await hashPassword(password)
    return this.db.transaction(async (tx) => {
      const link = await findSignInLink(tx, tokenHash, true)
      if (!link || link.usedAt || link.disabledAt || link.expiresAt <= this.clock.now()) throw linkGone()
      if (!(await spendSignInLink(tx, tokenHash, link.staffUserId, passwordHash))) throw linkGone()
      await writeAudit(tx, { staffUserId: link.staffUserId, municipalityCode: link.municipalityCode, action: `staff.link.${link.purpose}`, resource: link.staffUserId })
      return link.email
    })
  }

  private async newLink(tx: Queryable, staffUserId: string, purpose: 'invite' | 'reset'): Promise<{ url: string; expiresAt: string }> {
    const token = randomBytes(32).toString('base64url')
    const expiresAt = new Date(this.clock.now().getTime() + this.linkHours * 3_600_000)
    await createSignInLink(tx, { tokenHash: hashToken(token), staffUserId, purpose, expiresAt })
    return { url: `/staff/#/link/${token}`, expiresAt: expiresAt.toISOString() }
  }

  private async mine(tx: Queryable, municipality: string, id: string): Promise<StaffAccountRow> {
    const row = await findMunicipalStaff(tx, municipality, id)
    if (!row) throw notFound()
    return row
  }

  /** The last active admin of a municipality stays one: nobody, themselves included, can demote or deactivate them. */
  private async keepAnAdmin(tx: Queryable, municipality: string, row: StaffAccountRow): Promise<void> {
    if ((await countOtherActiveAdmins(tx, municipality, row.id)) === 0) {
      throw new ProblemError(ErrorCode.CONFLICT, {
        detail: `${row.email} is the last active administrator of this municipality: make someone else administrator first.`,
      })
    }
  }

  private audit(tx: Queryable, municipality: string, actor: Actor, action: string, id: string, detail: Record<string, unknown>): Promise<void> {
    return writeAudit(tx, { staffUserId: actor.userId, municipalityCode: municipality, action, resource: `staff_users/${id}`, detail: { ...detail, by: actor.email } })
  }
}

export const staffAccountsPlugin = fp(
  async (app: FastifyInstance, opts: { clock?: Clock; sender?: SignInLinkSender }) => {
    const { SMTP_URL, SMTP_FROM, PUBLIC_BASE_URL, SIGN_IN_LINK_HOURS } = app.config
    const smtp = SMTP_URL && SMTP_FROM && PUBLIC_BASE_URL ? new SmtpLinkSender({ url: SMTP_URL, from: SMTP_FROM, appUrl: PUBLIC_BASE_URL }, SIGN_IN_LINK_HOURS) : null
    if (smtp) app.addHook('onClose', async () => smtp.close())
    const onMailError = (purpose: string, error: unknown) =>
      app.log.warn({ purpose, error: (error as { code?: string } | null)?.code ?? 'unknown' }, 'sign-in link not mailed; the admin was shown it')
    app.decorate('staffAccounts', new StaffAccounts(app.db, opts.clock ?? systemClock, SIGN_IN_LINK_HOURS, opts.sender ?? smtp, onMailError))
  },
  { name: 'staff-accounts', decorators: { fastify: ['db', 'config'] } },
)
