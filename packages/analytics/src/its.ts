// Interrupted time series: segmented Poisson regression of counts on time, a level step and optional slope change and seasonality.
// Not called by the API yet: it is the seasonal before/after model the campaign-effect page is to show beside the
// weekday-adjusted ratio once a municipality has 13 months of history (kept, tested, for that).
import { poissonRegression } from './glm.js'

const Z975 = 1.959963984540054

export interface ItsSeasonality {
  /** Length of the cycle in periods, e.g. 7 for a weekly cycle in daily data, 52 for weekly data. */
  period: number
  /** Number of sin/cos pairs; needs 2·harmonics < period. */
  harmonics: number
}

export interface ItsInput {
  /** Counts per period, oldest first; period t has time index t = 0, 1, …. */
  counts: readonly number[]
  /** Population at risk or days per period; enters as log(exposure) offset. */
  exposure?: readonly number[]
  /** Index of the first period under the intervention. */
  start: number
  /** Also fit a change in trend from `start` on: (t − start)·step. */
  slopeChange?: boolean
  seasonality?: ItsSeasonality
  /** Scale the interval by √max(1, Pearson dispersion) (quasi-Poisson). Default true. */
  overdispersion?: boolean
}

export interface ItsCoefficients {
  /** log rate at t = 0. */
  intercept: number
  /** log rate change per period (before the intervention, and after it too unless slopeChange). */
  time: number
  /** log rate ratio at `start`: the level change. */
  step: number
  /** Change in the per-period log trend from `start` on; only with slopeChange. */
  slopeChange?: number
  /** One sin/cos pair per harmonic k: sin(2πkt/period), cos(2πkt/period). */
  fourier: { sin: number, cos: number }[]
}

export interface ItsResult {
  /** exp(step): the rate just after the intervention relative to what the pre-trend predicts. */
  rateRatio: number
  ci95: [number, number]
  /** Pearson χ²/(n − p) as estimated (not floored; the interval uses max(1, dispersion)). */
  dispersion: number
  fitted: number[]
  /** The fit with the step (and slope change) set to zero: the expected counts had nothing happened. */
  counterfactual: number[]
  coefficients: ItsCoefficients
  /** Poisson (unscaled) standard errors, same shape as coefficients. */
  standardErrors: ItsCoefficients
}

function validate(input: ItsInput): void {
  const { counts, exposure, start, seasonality } = input
  const n = counts.length
  counts.forEach((c, i) => {
    if (!(Number.isFinite(c) && c >= 0)) throw new RangeError(`count ${i} must be a finite number ≥ 0, got ${c}`)
  })
  if (!(Number.isInteger(start) && start >= 1 && start <= n - 1)) {
    throw new RangeError(`start must be a period index with data on both sides (1 … ${n - 1}), got ${start}`)
  }
  if (exposure) {
    if (exposure.length !== n) throw new RangeError(`exposure has ${exposure.length} entries for ${n} periods`)
    exposure.forEach((e, i) => {
      if (!(Number.isFinite(e) && e > 0)) throw new RangeError(`exposure ${i} must be a positive number, got ${e}`)
    })
  }
  if (seasonality) {
    const { period, harmonics } = seasonality
    if (!(Number.isFinite(period) && period > 0)) throw new RangeError(`seasonality.period must be positive, got ${period}`)
    // At integer t, harmonic k = period/2 has sin ≡ 0, and higher ones alias lower ones.
    if (!(Number.isInteger(harmonics) && harmonics >= 1 && 2 * harmonics < period)) {
      throw new RangeError(`seasonality.harmonics must be a whole number with 1 ≤ 2·harmonics < period, got ${harmonics}`)
    }
  }
  let before = 0
  let after = 0
  counts.forEach((c, t) => {
    if (t < start) before += c
    else after += c
  })
  // With no events on one side the step's MLE is ±∞: there is no effect to estimate.
  if (before === 0 || after === 0) throw new RangeError('interrupted time series needs at least one report before and one after start')
}

/**
 * Segmented regression log E[y_t] = log(exposure_t) + β0 + β1·t + β2·step_t [+ β3·(t − start)·step_t]
 * [+ Σ_k (s_k sin + c_k cos)(2πkt/period)], step_t = 1 for t ≥ start (Bernal, Cummins & Gasparrini 2017).
 * The interval floors the dispersion at 1: an underdispersed fit on a short series is more likely
 * an estimation fluke than real, and must not make the interval narrower than Poisson.
 */
export function interruptedTimeSeries(input: ItsInput): ItsResult {
  validate(input)
  const { counts, exposure, start, slopeChange = false, seasonality, overdispersion = true } = input
  const harmonics = seasonality?.harmonics ?? 0

  const design = counts.map((_, t) => {
    const step = t >= start ? 1 : 0
    const row = [1, t, step]
    if (slopeChange) row.push((t - start) * step)
    for (let k = 1; k <= harmonics; k++) {
      const angle = (2 * Math.PI * k * t) / seasonality!.period
      row.push(Math.sin(angle), Math.cos(angle))
    }
    return row
  })
  const offset = exposure?.map(Math.log)
  const fit = poissonRegression({ counts, design, ...(offset ? { offset } : {}) })

  const shape = (v: readonly number[]): ItsCoefficients => {
    const first = slopeChange ? 4 : 3
    const c: ItsCoefficients = {
      intercept: v[0]!,
      time: v[1]!,
      step: v[2]!,
      fourier: Array.from({ length: harmonics }, (_, k) => ({ sin: v[first + 2 * k]!, cos: v[first + 2 * k + 1]! })),
    }
    if (slopeChange) c.slopeChange = v[3]!
    return c
  }

  const beta = fit.coefficients
  const counterfactual = design.map((row, t) => {
    let eta = offset ? offset[t]! : 0
    row.forEach((x, j) => {
      // Columns 2 (step) and 3 (slope change, when present) are the intervention terms.
      const intervention = j === 2 || (slopeChange && j === 3)
      if (!intervention) eta += x * beta[j]!
    })
    return Math.exp(eta)
  })

  const dispersion = fit.dispersion
  const inflate = overdispersion && Number.isFinite(dispersion) ? Math.sqrt(Math.max(1, dispersion)) : 1
  const b = beta[2]!
  const half = Z975 * fit.standardErrors[2]! * inflate
  return {
    rateRatio: Math.exp(b),
    ci95: [Math.exp(b - half), Math.exp(b + half)],
    dispersion,
    fitted: fit.fitted,
    counterfactual,
    coefficients: shape(beta),
    standardErrors: shape(fit.standardErrors),
  }
}
