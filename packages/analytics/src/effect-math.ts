// Pure statistics for effect pages: weekday baseline and its band, proportions (difference-in-differences: did.ts).
import { normalQuantile } from './normal.js'
import { betaQuantile } from './rate-ratio.js'

const Z975 = normalQuantile(0.975)

/** JSON has no Infinity: an unbounded interval end travels as null. */
export function finiteOrNull(x: number | null | undefined): number | null {
  return x === null || x === undefined || !Number.isFinite(x) ? null : x
}

export interface WeekdayBaseline {
  /** Expected reports on a day of each weekday (0 = Sunday). */
  means: number[]
  /** Pearson χ²/(n − p) of the weekday means; 1 when there are too few days to tell. */
  dispersion: number
}

/**
 * The expected count per weekday from baseline days: the weekday-factor Poisson model is saturated in
 * the weekday, so its fitted means are just the mean count per weekday (no iteration needed). A weekday
 * the baseline does not contain gets the overall mean.
 */
export function weekdayBaseline(daily: readonly number[], weekdays: readonly number[]): WeekdayBaseline {
  const sums = new Array<number>(7).fill(0)
  const ns = new Array<number>(7).fill(0)
  daily.forEach((y, i) => {
    sums[weekdays[i]!]! += y
    ns[weekdays[i]!]! += 1
  })
  const total = daily.reduce((s, y) => s + y, 0)
  const overall = daily.length ? total / daily.length : 0
  const means = sums.map((s, w) => (ns[w]! > 0 ? s / ns[w]! : overall))
  let chi2 = 0
  let levels = 0
  for (let w = 0; w < 7; w++) if (ns[w]! > 0 && means[w]! > 0) levels++
  daily.forEach((y, i) => {
    const mu = means[weekdays[i]!]!
    if (mu > 0) chi2 += (y - mu) ** 2 / mu
  })
  const df = daily.length - levels
  return { means, dispersion: df > 0 && levels > 0 ? chi2 / df : 1 }
}

/** Smallest k with P(X ≤ k) ≥ p, walking the pmf from 0 (daily counts are small). */
function quantileFromPmf(p: number, pmf0: number, next: (prev: number, k: number) => number): number {
  let k = 0
  let pk = pmf0
  let cdf = pk
  while (cdf < p && k < 100_000) {
    k++
    pk = next(pk, k)
    cdf += pk
  }
  return k
}

/**
 * The central 95 % range of a day's count if nothing changed: Poisson(μ), or a negative binomial with the
 * same mean and variance φμ when the baseline is overdispersed (φ > 1), so busy-and-quiet baselines get a
 * band as wide as their own day-to-day spread. Large means use the normal approximation.
 */
export function countBand(mu: number, dispersion = 1): [number, number] {
  if (!(mu > 0)) return [0, 0]
  const phi = Number.isFinite(dispersion) ? Math.max(1, dispersion) : 1
  if (mu > 200) {
    const half = Z975 * Math.sqrt(phi * mu)
    return [Math.max(0, Math.floor(mu - half)), Math.ceil(mu + half)]
  }
  if (phi <= 1 + 1e-9) {
    const next = (prev: number, k: number): number => (prev * mu) / k
    return [quantileFromPmf(0.025, Math.exp(-mu), next), quantileFromPmf(0.975, Math.exp(-mu), next)]
  }
  const r = mu / (phi - 1)
  const q = 1 / phi
  const next = (prev: number, k: number): number => (prev * (k - 1 + r) * (1 - q)) / k
  const p0 = Math.exp(r * Math.log(q))
  return [quantileFromPmf(0.025, p0, next), quantileFromPmf(0.975, p0, next)]
}

export interface Proportion {
  count: number
  total: number
  /** count / total; null when total is 0. */
  share: number | null
  /** Clopper–Pearson 95 % interval; null when total is 0. */
  ci95: [number, number] | null
}

export function proportion(count: number, total: number): Proportion {
  if (total <= 0) return { count, total, share: null, ci95: null }
  const lo = count === 0 ? 0 : betaQuantile(0.025, count, total - count + 1)
  const hi = count === total ? 1 : betaQuantile(0.975, count + 1, total - count)
  return { count, total, share: count / total, ci95: [lo, hi] }
}
