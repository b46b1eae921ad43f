// RFC 6238 time-based one-time passwords (HMAC-SHA-1) and RFC 4648 base32, on node:crypto alone.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'

const BASE32_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'

/** RFC 4648 section 6 base32; `padding: false` is what authenticator apps expect in otpauth:// URIs. */
export function base32Encode(bytes: Uint8Array, options: { padding?: boolean } = {}): string {
  let out = ''
  let buffer = 0
  let bits = 0
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte
    bits += 8
    while (bits >= 5) {
      out += BASE32_ALPHABET[(buffer >>> (bits - 5)) & 31]
      bits -= 5
    }
    buffer &= (1 << bits) - 1
  }
  if (bits > 0) out += BASE32_ALPHABET[(buffer << (5 - bits)) & 31]
  if (options.padding ?? true) while (out.length % 8 !== 0) out += '='
  return out
}

/** Accepts lower case, spaces and missing padding (people type secrets by hand); throws on any other character. */
export function base32Decode(text: string): Buffer {
  const clean = text.replace(/[\s-]/g, '').replace(/=+$/, '').toUpperCase()
  const out: number[] = []
  let buffer = 0
  let bits = 0
  for (const char of clean) {
    const value = BASE32_ALPHABET.indexOf(char)
    if (value < 0) throw new Error(`not a base32 character: ${JSON.stringify(char)}`)
    buffer = (buffer << 5) | value
    bits += 5
    if (bits >= 8) {
      out.push((buffer >>> (bits - 8)) & 0xff)
      bits -= 8
    }
    buffer &= (1 << bits) - 1
  }
  return Buffer.from(out)
}

export interface TotpOptions {
  /** Seconds per step; RFC 6238 and every common authenticator app use 30. */
  stepSeconds?: number
  /** 6 for authenticator apps; the RFC's Appendix B vectors are 8 digits. */
  digits?: number
}

/** The RFC 6238 time step T = floor(unix seconds / X) with T0 = 0. */
export function timeStep(unixMillis: number, stepSeconds = 30): number {
  return Math.floor(unixMillis / 1000 / stepSeconds)
}

/** RFC 4226 HOTP with the RFC 6238 counter: dynamic truncation of HMAC-SHA-1 over the 8-byte big-endian step. */
export function hotp(secret: Uint8Array, counter: number, digits = 6): string {
  const message = Buffer.alloc(8)
  message.writeBigUInt64BE(BigInt(counter))
  const mac = createHmac('sha1', secret).update(message).digest()
  const offset = mac[mac.length - 1]! & 0x0f
  const binary = (mac.readUInt32BE(offset) & 0x7fffffff) % 10 ** digits
  return binary.toString().padStart(digits, '0')
}

export function totpAt(secret: Uint8Array, unixMillis: number, options: TotpOptions = {}): string {
  return hotp(secret, timeStep(unixMillis, options.stepSeconds ?? 30), options.digits ?? 6)
}

/**
 * The time step a code belongs to, looking one step back and one ahead (a phone clock 30 s off, or a code typed
 * as it rolls over), or null. Callers refuse a step at or below the last accepted one so a code works once.
 */
export function matchTotpStep(
  secret: Uint8Array,
  code: string,
  unixMillis: number,
  options: TotpOptions & { window?: number } = {},
): number | null {
  const digits = options.digits ?? 6
  if (!new RegExp(`^\\d{${digits}}$`).test(code)) return null
  const now = timeStep(unixMillis, options.stepSeconds ?? 30)
  const window = options.window ?? 1
  let found: number | null = null
  // Every candidate is compared, so the answer takes the same time whichever step matched.
  for (let step = now - window; step <= now + window; step++) {
    if (step < 0) continue
    const candidate = Buffer.from(hotp(secret, step, digits))
    if (timingSafeEqual(candidate, Buffer.from(code)) && found === null) found = step
  }
  return found
}

/** 20 random bytes: the HMAC-SHA-1 block-size key RFC 4226 recommends (160 bits). */
export function generateTotpSecret(): Buffer {
  return randomBytes(20)
}

/** The Key URI Format of Google Authenticator, understood by every common app. */
export function otpauthUri(secret: Uint8Array, account: string, issuer: string): string {
  const label = `${encodeURIComponent(issuer)}:${encodeURIComponent(account)}`
  const params = new URLSearchParams({ secret: base32Encode(secret, { padding: false }), issuer, algorithm: 'SHA1', digits: '6', period: '30' })
  return `otpauth://totp/${label}?${params.toString()}`
}
