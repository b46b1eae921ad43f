// Password rules after NIST SP 800-63B: a length window, no composition rules, no common or breached passwords, not the email.
import { readFileSync } from 'node:fs'

/**
 * 15: NIST SP 800-63B-4 (3.1.1.2) asks at least 15 characters of a password that is the only factor, and here it
 * usually is. Long passphrases are easy to type, so no composition rules are asked for (the same section forbids them).
 */
export const MIN_PASSWORD_LENGTH = 15
/** NIST asks to allow at least 64; 256 keeps scrypt's input bounded while no passphrase a person types is refused. */
export const MAX_PASSWORD_LENGTH = 256

let common: Set<string> | undefined
/** The zxcvbn-ts common-password list (49 233 entries) shipped in this folder; see its README line. */
function commonPasswords(): Set<string> {
  common ??= new Set(
    readFileSync(new URL('./common-passwords.txt', import.meta.url), 'utf8')
      .split('\n')
      .map((p) => p.trim().toLowerCase())
      .filter(Boolean),
  )
  return common
}

export type PasswordProblem = 'too_short' | 'too_long' | 'common' | 'email' | 'repetitive'

export const passwordProblemText: Record<PasswordProblem, string> = {
  too_short: `The password must be at least ${MIN_PASSWORD_LENGTH} characters.`,
  too_long: `The password can be at most ${MAX_PASSWORD_LENGTH} characters.`,
  common: 'This password is on a list of common or breached passwords: choose another one.',
  email: 'The password must not be (or contain only) your email address.',
  repetitive: 'The password is one character repeated: choose another one.',
}

/** The first rule the password breaks, or null. Length counts Unicode code points, as NIST asks. */
export function passwordProblem(password: string, email?: string): PasswordProblem | null {
  const normalized = password.normalize('NFC')
  const length = [...normalized].length
  if (length < MIN_PASSWORD_LENGTH) return 'too_short'
  if (length > MAX_PASSWORD_LENGTH) return 'too_long'
  const lower = normalized.toLowerCase().trim()
  if (commonPasswords().has(lower) || commonPasswords().has(lower.replace(/\s+/g, ''))) return 'common'
  if (email) {
    const address = email.trim().toLowerCase()
    const local = address.split('@')[0] ?? ''
    const bare = (text: string) => text.replace(/[^\p{L}\p{N}]/gu, '')
    // The address itself, in it, or the same letters with other punctuation (maria.jansen@x.nl → "mariajansen x nl!").
    if (lower.includes(address) || bare(lower) === bare(address) || (local.length >= 4 && bare(lower) === bare(local))) return 'email'
  }
  if (new Set(normalized).size === 1) return 'repetitive'
  return null
}
