// /api/v1/staff/me/totp and /api/v1/staff/security: a staff member's own TOTP second factor and the municipal switch.
import { z } from 'zod'

/** A six-digit authenticator code. */
export const TotpCode = z.string().trim().regex(/^\d{6}$/, 'invalid_format')

/**
 * A recovery code as handed out (`xxxx-xxxx-xx`, Crockford base32); case, spaces and dashes are forgiven when typed.
 * Ten characters of a 32-letter alphabet: 50 random bits each.
 */
export const RecoveryCode = z.string().trim().regex(/^[0-9A-Za-z]{4}[\s-]?[0-9A-Za-z]{4}[\s-]?[0-9A-Za-z]{2}$/, 'invalid_format')

/** What the second step of a sign-in accepts: an authenticator code or an unused recovery code. */
export const SecondFactorCode = z.union([TotpCode, RecoveryCode])

export const TotpStatus = z.object({
  enabled: z.boolean(),
  enabledAt: z.string().nullable(),
  recoveryCodesLeft: z.number().int().describe('Unused recovery codes; 0 when the second factor is off'),
  requiredForMe: z.boolean().describe('True for an admin of a municipality that requires a second factor of its admins'),
})
export type TotpStatus = z.infer<typeof TotpStatus>

export const TotpSetup = z.object({
  secret: z.string().describe('Base32 secret, for typing into an app by hand'),
  uri: z.string().describe('otpauth:// URI the QR code holds'),
  qrSvg: z.string().describe('The URI as a QR code, an SVG made on the server'),
})
export type TotpSetup = z.infer<typeof TotpSetup>

export const TotpCodeBody = z.object({ code: TotpCode })
export type TotpCodeBody = z.infer<typeof TotpCodeBody>

export const RecoveryCodes = z.object({
  recoveryCodes: z.array(z.string()).describe('Shown once: only their SHA-256 is kept'),
  status: TotpStatus,
})
export type RecoveryCodes = z.infer<typeof RecoveryCodes>

export const SecuritySettings = z.object({
  adminsRequireTotp: z.boolean().describe('Admins of this municipality must use a second factor'),
})
export type SecuritySettings = z.infer<typeof SecuritySettings>
