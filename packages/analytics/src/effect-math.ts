// Pure statistics for effect pages: weekday baseline and its band, proportions, and a difference-in-differences GLM.
import { poissonRegression, RankDeficientError } from './glm.js'
import { normalQuantile, twoSidedP } from './normal.js'
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

export interface DidInput {
  /** Reports per day inside the area. */
  area: readonly number[]
  /** Reports per day in the rest of the municipality, the same days. */
  rest: readonly number[]
  /** Per day: true from the intervention on. */
  after: readonly boolean[]
  /** Per day: 0 = Sunday … 6. */
  weekdays: readonly number[]
}

export interface DidTotals {
  areaBefore: number
  areaAfter: number
  restBefore: number
  restAfter: number
}

export type DidResult =
  | {
      estimable: true
      /** (area after/before) ÷ (rest after/before): exp of the group × period coefficient. */
      ratio: number
      ci95: [number, number]
      pValue: number
      /** Pearson dispersion of the daily model; the interval is widened by √max(1, dispersion). */
      dispersion: number
      totals: DidTotals
    }
  | { estimable: false; reason: 'no-reports-in-a-window'; totals: DidTotals }

/**
 * Poisson GLM on daily counts, two rows per day (area, rest):
 * log μ = α + β₁·area + β₂·after + β₃·area·after + γ_weekday. exp(β₃) is the ratio of rate ratios: how
 * the area changed beyond what the rest of the municipality did over the same days. Weekdays are shared
 * between groups; a weekday without a single report is left out (its γ would be −∞ and says nothing
 * about β₃). Wald interval, quasi-Poisson widened as the rate-ratio module does.
 */
export function differenceInDifferences(input: DidInput): DidResult {
  const { area, rest, after, weekdays } = input
  const totals: DidTotals = { areaBefore: 0, areaAfter: 0, restBefore: 0, restAfter: 0 }
  area.forEach((y, i) => {
    if (after[i]) totals.areaAfter += y
    else totals.areaBefore += y
  })
  rest.forEach((y, i) => {
    if (after[i]) totals.restAfter += y
    else totals.restBefore += y
  })
  // A zero in any of the four cells puts β₃ at ±∞: no finite estimate, so say so instead of fitting.
  if (!(totals.areaBefore > 0 && totals.areaAfter > 0 && totals.restBefore > 0 && totals.restAfter > 0)) {
    return { estimable: false, reason: 'no-reports-in-a-window', totals }
  }
  const perWeekday = new Array<number>(7).fill(0)
  weekdays.forEach((w, i) => (perWeekday[w]! += area[i]! + rest[i]!))
  const levels = perWeekday.flatMap((t, w) => (t > 0 ? [w] : []))
  const counts: number[] = []
  const design: number[][] = []
  weekdays.forEach((w, i) => {
    if (perWeekday[w]! === 0) return
    const dummies = levels.slice(1).map((l) => (l === w ? 1 : 0))
    const a = after[i] ? 1 : 0
    counts.push(area[i]!)
    design.push([1, 1, a, a, ...dummies])
    counts.push(rest[i]!)
    design.push([1, 0, a, 0, ...dummies])
  })
  let fit
  try {
    fit = poissonRegression({ counts, design })
  } catch (e) {
    if (e instanceof RankDeficientError) return { estimable: false, reason: 'no-reports-in-a-window', totals }
    throw e
  }
  const beta = fit.coefficients[3]!
  const dispersion = Number.isFinite(fit.dispersion) ? fit.dispersion : 1
  const se = fit.standardErrors[3]! * Math.sqrt(Math.max(1, dispersion))
  return {
    estimable: true,
    ratio: Math.exp(beta),
    ci95: [Math.exp(beta - Z975 * se), Math.exp(beta + Z975 * se)],
    pValue: twoSidedP(beta / se),
    dispersion,
    totals,
  }
}
