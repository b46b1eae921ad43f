// Rate ratio of two windows of reports (campaign vs baseline) with a 95 % interval: exact, or weekday-adjusted by Poisson GLM.
import { poissonRegression, RankDeficientError } from './glm.js'

const Z975 = 1.959963984540054

const LANCZOS_G = 7
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
]

/** log Γ(x) for x > 0 by the Lanczos approximation (g = 7, 9 terms), relative error ~1e-15. */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x)
  const z = x - 1
  let s = LANCZOS[0]!
  for (let k = 1; k < LANCZOS.length; k++) s += LANCZOS[k]! / (z + k)
  const t = z + LANCZOS_G + 0.5
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(s)
}

/** Continued fraction for I_x(a, b) by the modified Lentz method (Numerical Recipes §6.4). */
function betaContinuedFraction(x: number, a: number, b: number): number {
  const tiny = 1e-300
  const qab = a + b
  const qap = a + 1
  const qam = a - 1
  let c = 1
  let d = 1 - (qab * x) / qap
  if (Math.abs(d) < tiny) d = tiny
  d = 1 / d
  let h = d
  for (let m = 1; m <= 10000; m++) {
    const m2 = 2 * m
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2))
    d = 1 + aa * d
    if (Math.abs(d) < tiny) d = tiny
    c = 1 + aa / c
    if (Math.abs(c) < tiny) c = tiny
    d = 1 / d
    h *= d * c
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2))
    d = 1 + aa * d
    if (Math.abs(d) < tiny) d = tiny
    c = 1 + aa / c
    if (Math.abs(c) < tiny) c = tiny
    d = 1 / d
    const delta = d * c
    h *= delta
    if (Math.abs(delta - 1) < 1e-16) return h
  }
  return h
}

/** Regularized incomplete beta I_x(a, b) = P(Beta(a, b) ≤ x), for a, b > 0. */
export function regularizedIncompleteBeta(x: number, a: number, b: number): number {
  if (!(a > 0 && b > 0)) throw new RangeError(`beta shape parameters must be positive, got a = ${a}, b = ${b}`)
  if (Number.isNaN(x)) return NaN
  if (x <= 0) return 0
  if (x >= 1) return 1
  const front = Math.exp(a * Math.log(x) + b * Math.log1p(-x) - (logGamma(a) + logGamma(b) - logGamma(a + b)))
  // The continued fraction converges fast only below the mean; above it use I_x(a,b) = 1 − I_{1−x}(b,a).
  if (x < (a + 1) / (a + b + 2)) return (front * betaContinuedFraction(x, a, b)) / a
  return 1 - (front * betaContinuedFraction(1 - x, b, a)) / b
}

/**
 * Quantile of Beta(a, b) by bisection on the incomplete beta. Slow next to Newton, but I_x is
 * monotone so bisection cannot miss, and it runs until the bracket stops shrinking in floating point.
 */
export function betaQuantile(p: number, a: number, b: number): number {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`probability must be in [0, 1], got ${p}`)
  if (p === 0) return 0
  if (p === 1) return 1
  let lo = 0
  let hi = 1
  for (let i = 0; i < 1100; i++) {
    const mid = (lo + hi) / 2
    if (mid === lo || mid === hi) break
    if (regularizedIncompleteBeta(mid, a, b) < p) lo = mid
    else hi = mid
  }
  return (lo + hi) / 2
}

/** A window given as a total: `count` reports over `days` (days may be fractional exposure). */
export interface CountWindow {
  count: number
  days: number
}

/** A window given day by day; with `weekdays` (0–6, one per day) the comparison is weekday-adjusted. */
export interface DailyWindow {
  daily: readonly number[]
  weekdays?: readonly number[]
}

export type RateWindow = CountWindow | DailyWindow

export interface RateRatioInput {
  during: RateWindow
  baseline: RateWindow
}

export interface WindowSummary {
  count: number
  days: number
  /** Reports per day. */
  rate: number
}

export interface RateRatioResult {
  /** During rate / baseline rate; 0 or Infinity when one window is empty, null when both are. */
  rateRatio: number | null
  /** 95 % interval; the upper end is Infinity when the baseline is empty. */
  ci95: [number, number]
  /**
   * `exact`: conditional binomial (Clopper–Pearson), as R's poisson.test(c(x1, x0), c(T1, T0)).
   * `weekday-adjusted`: Poisson GLM with weekday factors, Wald interval scaled by √max(1, dispersion).
   */
  method: 'exact' | 'weekday-adjusted'
  /** Pearson χ²/(n − p) of the weekday model; only for `weekday-adjusted`. */
  dispersion?: number
  during: WindowSummary
  baseline: WindowSummary
}

function assertCount(value: number, what: string): void {
  if (!(Number.isInteger(value) && value >= 0)) throw new RangeError(`${what} must be a whole number ≥ 0, got ${value}`)
}

function summarize(window: RateWindow, name: string): WindowSummary {
  if ('daily' in window) {
    window.daily.forEach((c, i) => assertCount(c, `${name}.daily[${i}]`))
    if (window.daily.length === 0) throw new RangeError(`${name}.daily is empty`)
    const count = window.daily.reduce((s, c) => s + c, 0)
    return { count, days: window.daily.length, rate: count / window.daily.length }
  }
  assertCount(window.count, `${name}.count`)
  if (!(Number.isFinite(window.days) && window.days > 0)) throw new RangeError(`${name}.days must be a positive number, got ${window.days}`)
  return { count: window.count, days: window.days, rate: window.count / window.days }
}

/**
 * Exact conditional interval: given n = x1 + x0 events, x1 ~ Binomial(n, π) with
 * π = RR·T1 / (RR·T1 + T0), so a Clopper–Pearson interval for π maps to RR = π/(1 − π) · T0/T1.
 */
function exactRateRatio(during: WindowSummary, baseline: WindowSummary): Pick<RateRatioResult, 'rateRatio' | 'ci95'> {
  const x = during.count
  const n = during.count + baseline.count
  if (n === 0) return { rateRatio: null, ci95: [0, Infinity] }
  const scale = baseline.days / during.days
  const toRatio = (pi: number): number => (pi >= 1 ? Infinity : (pi / (1 - pi)) * scale)
  const lower = x === 0 ? 0 : betaQuantile(0.025, x, n - x + 1)
  const upper = x === n ? 1 : betaQuantile(0.975, x + 1, n - x)
  const rateRatio = baseline.count === 0 ? Infinity : during.rate / baseline.rate
  return { rateRatio, ci95: [toRatio(lower), toRatio(upper)] }
}

function assertWeekdays(weekdays: readonly number[], days: number, name: string): void {
  if (weekdays.length !== days) throw new RangeError(`${name}.weekdays has ${weekdays.length} entries for ${days} days`)
  weekdays.forEach((w, i) => {
    if (!(Number.isInteger(w) && w >= 0 && w <= 6)) throw new RangeError(`${name}.weekdays[${i}] must be 0–6, got ${w}`)
  })
}

/**
 * log E[y_d] = α + β·during_d + γ_weekday(d), rate ratio exp(β). Weekdays without a single report in
 * either window are left out: their MLE is γ = −∞, where they carry no information on β.
 */
function weekdayAdjustedRateRatio(
  during: DailyWindow & { weekdays: readonly number[] },
  baseline: DailyWindow & { weekdays: readonly number[] },
): Pick<RateRatioResult, 'rateRatio' | 'ci95' | 'dispersion'> {
  const days = [
    ...during.daily.map((count, i) => ({ count, weekday: during.weekdays[i]!, period: 1 })),
    ...baseline.daily.map((count, i) => ({ count, weekday: baseline.weekdays[i]!, period: 0 })),
  ]
  const totals = new Array<number>(7).fill(0)
  for (const d of days) totals[d.weekday]! += d.count
  const levels = totals.flatMap((t, w) => (t > 0 ? [w] : []))
  const kept = days.filter((d) => totals[d.weekday]! > 0)
  const design = kept.map((d) => [1, d.period, ...levels.slice(1).map((w) => (d.weekday === w ? 1 : 0))])
  let fit
  try {
    fit = poissonRegression({ counts: kept.map((d) => d.count), design })
  } catch (e) {
    if (e instanceof RankDeficientError) {
      throw new RankDeficientError(e.column, 'the two windows share no weekday with reports, so a weekday-adjusted ratio cannot tell the campaign from the weekday pattern; compare unadjusted totals instead')
    }
    throw e
  }
  const beta = fit.coefficients[1]!
  const dispersion = fit.dispersion
  // Quasi-Poisson, floored at 1: an apparent underdispersion from a few weeks of data is more likely
  // noise in the estimate than a real property, and must not narrow the interval below Poisson.
  const inflate = Math.sqrt(Number.isFinite(dispersion) ? Math.max(1, dispersion) : 1)
  const half = Z975 * fit.standardErrors[1]! * inflate
  return { rateRatio: Math.exp(beta), ci95: [Math.exp(beta - half), Math.exp(beta + half)], dispersion }
}

/**
 * Rate ratio during/baseline with a 95 % interval. Plain totals (or daily counts without weekdays)
 * use the exact conditional method; daily counts with weekdays on both sides are weekday-adjusted.
 * When either adjusted window has no reports at all the GLM has no finite estimate (β = ±∞), so the
 * answer falls back to the exact method, which handles 0 and Infinity, and says so in `method`.
 */
export function rateRatio({ during, baseline }: RateRatioInput): RateRatioResult {
  const d = summarize(during, 'during')
  const b = summarize(baseline, 'baseline')
  const adjustD = 'daily' in during && during.weekdays !== undefined
  const adjustB = 'daily' in baseline && baseline.weekdays !== undefined
  if (adjustD !== adjustB) throw new RangeError('weekday adjustment needs daily counts with weekdays for both windows')
  if (adjustD && adjustB) {
    const dw = during as DailyWindow & { weekdays: readonly number[] }
    const bw = baseline as DailyWindow & { weekdays: readonly number[] }
    assertWeekdays(dw.weekdays, d.days, 'during')
    assertWeekdays(bw.weekdays, b.days, 'baseline')
    if (d.count > 0 && b.count > 0) return { ...weekdayAdjustedRateRatio(dw, bw), method: 'weekday-adjusted', during: d, baseline: b }
  }
  return { ...exactRateRatio(d, b), method: 'exact', during: d, baseline: b }
}

/**
 * Rate ratio a/b of two counts over equally long periods, with the Wald 95 % interval on the log scale
 * (exp(±1.96·√(1/a + 1/b))). Quick and symmetric on the log scale; null while either count is 0, where the
 * log-scale interval does not exist (rateRatio's exact method handles that case).
 */
export function waldRateRatio(a: number, b: number): { rateRatio: number | null; ci95: [number, number] | null } {
  if (!(Number.isInteger(a) && a >= 0 && Number.isInteger(b) && b >= 0)) throw new RangeError(`counts must be whole numbers ≥ 0, got ${a} and ${b}`)
  const ratio = b > 0 ? a / b : null
  if (ratio === null || a === 0) return { rateRatio: ratio, ci95: null }
  const half = Z975 * Math.sqrt(1 / a + 1 / b)
  return { rateRatio: ratio, ci95: [ratio * Math.exp(-half), ratio * Math.exp(half)] }
}
