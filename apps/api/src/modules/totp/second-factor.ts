// Checking a second-factor code against an account: a TOTP code once per time step, or an unused recovery code once.
import { acceptTotpStep, findTotpState, spendRecoveryCode, type Queryable } from '@meldpunt/db'
import { createHash, randomBytes } from 'node:crypto'
import { matchTotpStep } from './totp.js'

/** Crockford's base32: no I, L, O or U, so a code read aloud or copied from paper is not misread. */
const RECOVERY_ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz'
export const RECOVERY_CODES_PER_ENROLMENT = 10

/** `xxxx-xxxx-xx`: ten characters of 5 random bits each (a byte & 31 is unbiased, as 256 is a multiple of 32). */
export function generateRecoveryCode(): string {
  const chars = [...randomBytes(10)].map((b) => RECOVERY_ALPHABET[b & 31]).join('')
  return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8)}`
}

/** What is hashed: lower case without separators, with the letters Crockford maps to digits (i, l → 1; o → 0). */
export function normalizeRecoveryCode(code: string): string | null {
  const clean = code.toLowerCase().replace(/[\s-]/g, '').replace(/[il]/g, '1').replace(/o/g, '0')
  if (clean.length !== 10 || [...clean].some((c) => !RECOVERY_ALPHABET.includes(c))) return null
  return clean
}

/** 50 random bits cannot be guessed offline, so a fast hash is enough (a slow one guards guessable secrets). */
export function hashRecoveryCode(normalized: string): Buffer {
  return createHash('sha256').update(`meldpunt-recovery-v1:${normalized}`).digest()
}

export type SecondFactorResult = { kind: 'totp'; step: number } | { kind: 'recovery' } | null

/**
 * Accepts `code` for the account when it is the current TOTP code (±1 step) not used before, or, with
 * `recovery`, an unused recovery code, which is spent. Spending and the step are each one conditional UPDATE,
 * so two requests racing with the same code cannot both pass.
 */
export async function checkSecondFactor(db: Queryable, userId: string, code: string, now: Date, recovery: boolean): Promise<SecondFactorResult> {
  const state = await findTotpState(db, userId)
  if (!state?.secret || !state.enabledAt) return null
  const trimmed = code.trim()
  if (/^\d{6}$/.test(trimmed)) {
    const step = matchTotpStep(state.secret, trimmed, now.getTime())
    if (step === null || !(await acceptTotpStep(db, userId, step))) return null
    return { kind: 'totp', step }
  }
  if (!recovery) return null
  const normalized = normalizeRecoveryCode(trimmed)
  if (!normalized || !(await spendRecoveryCode(db, userId, hashRecoveryCode(normalized)))) return null
  return { kind: 'recovery' }
}
