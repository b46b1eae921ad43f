// A staff member's own second factor (set up, confirm, new recovery codes, turn off) and the municipal switch for admins.
import { ErrorCode } from '@meldpunt/core'
import type { RecoveryCodes, SecuritySettings, TotpSetup, TotpStatus } from '@meldpunt/core/api'
import {
  adminsRequireTotp,
  disableTotp,
  enableTotp,
  findTotpState,
  replaceRecoveryCodes,
  setAdminsRequireTotp,
  setPendingTotpSecret,
  writeAudit,
  type Database,
  type Queryable,
} from '@meldpunt/db'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import QRCode from 'qrcode'
import { systemClock, type Clock } from '../../lib/clock.js'
import { ProblemError } from '../../lib/problems.js'
import type { StaffPrincipal } from '../staff/auth.js'
import { checkSecondFactor, generateRecoveryCode, hashRecoveryCode, normalizeRecoveryCode, RECOVERY_CODES_PER_ENROLMENT } from './second-factor.js'
import { base32Encode, generateTotpSecret, matchTotpStep, otpauthUri } from './totp.js'

declare module 'fastify' {
  interface FastifyInstance {
    staffTotp: StaffTotp
  }
}

const wrongCode = () =>
  new ProblemError(ErrorCode.VALIDATION, {
    detail: 'That code is not right (or was already used). Enter the code your app shows now.',
    errors: [{ field: 'code', code: 'invalid', message: 'That code is not right (or was already used). Enter the code your app shows now.' }],
  })
const conflict = (detail: string) => new ProblemError(ErrorCode.CONFLICT, { detail })

export class StaffTotp {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
  ) {}

  async status(p: StaffPrincipal, db: Queryable = this.db): Promise<TotpStatus> {
    const state = await findTotpState(db, p.userId)
    const enabledAt = state?.enabledAt ?? null
    return {
      enabled: enabledAt !== null,
      enabledAt: enabledAt?.toISOString() ?? null,
      recoveryCodesLeft: enabledAt ? (state?.recoveryCodesLeft ?? 0) : 0,
      requiredForMe: await this.requiredFor(db, p),
    }
  }

  /** A new pending secret (any earlier pending one is replaced); the second factor is on only after `confirm`. */
  async setup(p: StaffPrincipal): Promise<TotpSetup> {
    const state = await findTotpState(this.db, p.userId)
    if (state?.enabledAt) throw conflict('A second factor is already on. Turn it off first to set up another phone.')
    const secret = generateTotpSecret()
    await setPendingTotpSecret(this.db, p.userId, secret)
    await this.audit(this.db, p, 'totp.setup')
    const uri = otpauthUri(secret, p.email, p.municipality ? `Meldpunt ${p.municipality.name}` : 'Meldpunt')
    // Made here, so the page loads nothing from another origin and the secret never leaves this server but to its owner.
    const qrSvg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 4 })
    return { secret: base32Encode(secret, { padding: false }), uri, qrSvg }
  }

  /** Turns the second factor on with a code from the pending secret; returns the recovery codes, shown this once. */
  async confirm(p: StaffPrincipal, code: string): Promise<RecoveryCodes> {
    return this.db.transaction(async (tx) => {
      const state = await findTotpState(tx, p.userId)
      if (state?.enabledAt) throw conflict('The second factor is already on.')
      if (!state?.pendingSecret) throw conflict('Start the set-up first: there is no code to confirm.')
      const step = matchTotpStep(state.pendingSecret, code, this.clock.now().getTime())
      if (step === null) throw wrongCode()
      if (!(await enableTotp(tx, p.userId, step))) throw conflict('Start the set-up first: there is no code to confirm.')
      const recoveryCodes = await this.newRecoveryCodes(tx, p.userId)
      await this.audit(tx, p, 'totp.enable')
      return { recoveryCodes, status: await this.status(p, tx) }
    })
  }

  /** A fresh set of recovery codes (the old ones stop working), against a current authenticator code. */
  async replaceRecoveryCodes(p: StaffPrincipal, code: string): Promise<RecoveryCodes> {
    await this.requireCode(p, code, false)
    return this.db.transaction(async (tx) => {
      const recoveryCodes = await this.newRecoveryCodes(tx, p.userId)
      await this.audit(tx, p, 'totp.recovery-codes')
      return { recoveryCodes, status: await this.status(p, tx) }
    })
  }

  /** Turns the second factor off with a current code or a recovery code; not for an admin whose municipality requires it. */
  async disable(p: StaffPrincipal, code: string): Promise<TotpStatus> {
    if (await this.requiredFor(this.db, p)) {
      throw conflict('Your municipality requires administrators to use a second factor, so it cannot be turned off. Set up a new phone instead, or ask another administrator.')
    }
    await this.requireCode(p, code, true)
    return this.db.transaction(async (tx) => {
      await disableTotp(tx, p.userId)
      await this.audit(tx, p, 'totp.disable')
      return this.status(p, tx)
    })
  }

  async security(municipality: string): Promise<SecuritySettings> {
    return { adminsRequireTotp: await adminsRequireTotp(this.db, municipality) }
  }

  /** Switching it on needs a second factor of the admin who does it: nobody locks themselves out. */
  async setSecurity(p: StaffPrincipal, municipality: string, settings: SecuritySettings): Promise<SecuritySettings> {
    return this.db.transaction(async (tx) => {
      const before = await adminsRequireTotp(tx, municipality)
      if (settings.adminsRequireTotp && !before) {
        const own = await findTotpState(tx, p.userId)
        if (!own?.enabledAt) throw conflict('Set up your own second factor first: otherwise this would lock you out.')
      }
      if (before !== settings.adminsRequireTotp) {
        await setAdminsRequireTotp(tx, municipality, settings.adminsRequireTotp)
        await this.audit(tx, p, 'security.admins-require-totp', { from: before, to: settings.adminsRequireTotp })
      }
      return { adminsRequireTotp: settings.adminsRequireTotp }
    })
  }

  private async requiredFor(db: Queryable, p: StaffPrincipal): Promise<boolean> {
    return p.role === 'admin' && p.municipality !== null && (await adminsRequireTotp(db, p.municipality.code))
  }

  /** Checked (and the code spent) on its own, before the change, so a refusal is audited outside any rolled-back transaction. */
  private async requireCode(p: StaffPrincipal, code: string, recovery: boolean): Promise<void> {
    const state = await findTotpState(this.db, p.userId)
    if (!state?.enabledAt) throw conflict('The second factor is off.')
    if (!(await checkSecondFactor(this.db, p.userId, code, this.clock.now(), recovery))) {
      await this.audit(this.db, p, 'totp.failed-code')
      throw wrongCode()
    }
  }

  private async newRecoveryCodes(tx: Queryable, userId: string): Promise<string[]> {
    const codes = Array.from({ length: RECOVERY_CODES_PER_ENROLMENT }, generateRecoveryCode)
    await replaceRecoveryCodes(tx, userId, codes.map((c) => hashRecoveryCode(normalizeRecoveryCode(c)!)))
    return codes
  }

  /** Never the secret or a code: who, what, when. */
  private audit(db: Queryable, p: StaffPrincipal, action: string, detail: Record<string, unknown> = {}): Promise<void> {
    return writeAudit(db, { staffUserId: p.userId, municipalityCode: p.municipality?.code ?? null, action, resource: `staff_users/${p.userId}`, detail })
  }
}

export const staffTotpPlugin = fp(
  async (app: FastifyInstance, opts: { clock?: Clock }) => {
    app.decorate('staffTotp', new StaffTotp(app.db, opts.clock ?? systemClock))
  },
  { name: 'staff-totp', decorators: { fastify: ['db'] } },
)
