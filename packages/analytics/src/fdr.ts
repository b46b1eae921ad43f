// Benjamini–Hochberg false-discovery-rate control and the −3…+3 hot/cold confidence bins built on it.

function assertPValues(pValues: readonly number[]): void {
  pValues.forEach((p, k) => {
    // A NaN here means a bug upstream; counting it as "not significant" would hide it.
    if (!(p >= 0 && p <= 1)) throw new RangeError(`p-value ${k} is not in [0, 1]: ${p}`)
  })
}

/**
 * Benjamini–Hochberg (1995) step-up at level q: find the largest k with p_(k) ≤ k·q/m and reject
 * every hypothesis with p ≤ p_(k). Returns, in input order, whether each one is rejected.
 */
export function benjaminiHochberg(pValues: readonly number[], q: number): boolean[] {
  if (!(q > 0 && q < 1)) throw new RangeError(`q must be in (0, 1), got ${q}`)
  assertPValues(pValues)
  const m = pValues.length
  const sorted = Float64Array.from(pValues).sort()
  let threshold = -Infinity
  // Step-up: scan from the largest p down and stop at the first that passes its bound.
  for (let k = m; k >= 1; k--) {
    const p = sorted[k - 1]!
    if (p <= (k * q) / m) {
      threshold = p
      break
    }
  }
  return pValues.map((p) => p <= threshold)
}

/** FDR levels behind bins ±1, ±2, ±3 (90, 95 and 99 % confidence). */
export const FDR_LEVELS = [0.1, 0.05, 0.01] as const

/**
 * Hot/cold bin per observation: ±3 if BH-significant at q = 0.01, ±2 at 0.05, ±1 at 0.10, else 0;
 * the sign is the sign of z. BH rejections are nested in q, so the strictest level passed decides.
 */
export function fdrBins(pValues: readonly number[], zScores: readonly number[]): number[] {
  if (pValues.length !== zScores.length) throw new RangeError(`pValues (${pValues.length}) and zScores (${zScores.length}) differ in length`)
  const [at10, at05, at01] = FDR_LEVELS.map((q) => benjaminiHochberg(pValues, q))
  return zScores.map((z, k) => {
    const level = at01![k] ? 3 : at05![k] ? 2 : at10![k] ? 1 : 0
    // Not Math.sign(z) * level, which yields −0 (and NaN for a NaN z).
    if (level === 0) return 0
    return z > 0 ? level : z < 0 ? -level : 0
  })
}
