// Receipt codes as people read and type them: Crockford base32 formatting and forgiving normalisation (randomness comes from the API).

/** Crockford base32: no I, L, O or U, so codes survive being read aloud and retyped. */
export const CROCKFORD_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'
export const RECEIPT_CODE_BITS = 100
/** Random bytes the API must supply: 104 bits, of which the first 100 are used. */
export const RECEIPT_CODE_BYTES = 13
export const RECEIPT_CODE_LENGTH = 20
const GROUP_SIZE = 5

const symbolValue: ReadonlyMap<string, number> = new Map([
  ...[...CROCKFORD_ALPHABET].map((c, i) => [c, i] as const),
  // Look-alikes people type by mistake.
  ['O', 0],
  ['I', 1],
  ['L', 1],
])

function group(symbols: string): string {
  const groups: string[] = []
  for (let i = 0; i < symbols.length; i += GROUP_SIZE) groups.push(symbols.slice(i, i + GROUP_SIZE))
  return groups.join('-')
}

/** `XXXXX-XXXXX-XXXXX-XXXXX` from the first 100 bits of at least 13 random bytes. */
export function formatReceiptCode(bytes: Uint8Array): string {
  if (bytes.length < RECEIPT_CODE_BYTES) {
    throw new RangeError(`formatReceiptCode needs ${RECEIPT_CODE_BYTES} bytes, got ${bytes.length}`)
  }
  let symbols = ''
  let buffer = 0
  let bits = 0
  for (let i = 0; symbols.length < RECEIPT_CODE_LENGTH; i++) {
    // Never more than 12 bits pending, so plain number arithmetic stays exact.
    buffer = ((buffer << 8) | (bytes[i] ?? 0)) & 0xfff
    bits += 8
    while (bits >= 5 && symbols.length < RECEIPT_CODE_LENGTH) {
      bits -= 5
      symbols += CROCKFORD_ALPHABET[(buffer >> bits) & 31]
    }
  }
  return group(symbols)
}

/**
 * The canonical grouped form of a typed code, or null if it is not 20 valid symbols. Case, spaces and
 * dashes (also typographic ones) are ignored, O reads as 0 and I or L as 1; U is never valid.
 */
export function normalizeReceiptCode(input: string): string | null {
  const cleaned = input.toUpperCase().replace(/[\s\-\u2010-\u2015\u2212]/g, '')
  if (cleaned.length !== RECEIPT_CODE_LENGTH) return null
  let symbols = ''
  for (const c of cleaned) {
    const value = symbolValue.get(c)
    if (value === undefined) return null
    symbols += CROCKFORD_ALPHABET[value]
  }
  return group(symbols)
}
