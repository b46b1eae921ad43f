// CDC EARS C1, C2 and C3 spike detection on daily counts, after R's surveillance::earsC with a documented fix for C3.
import { normalQuantile } from './normal.js'

export type EarsMethod = 'C1' | 'C2' | 'C3'

export interface EarsOptions {
  method: EarsMethod
  /**
   * One-sided false-alarm rate per period; threshold z = Φ⁻¹(1 − alpha). Defaults follow R's earsC
   * and the CDC: 0.001 for C1 and C2 (z ≈ 3.09), 0.025 for C3 (z ≈ 1.96; C3 sums three terms).
   */
  alpha?: number
  /**
   * Floor under the baseline standard deviation (earsC's `minSigma`). Default 0: the sample standard
   * deviation, as CDC EARS and R's earsC define it. Then a baseline of seven zero days has sd 0, and a
   * single report is an infinite z-score and an alarm; a product that alarms on low counts sets a floor
   * (the spike rule passes SPIKE_MIN_SIGMA, 1 by default: over an all-zero baseline C1/C2 then take 4
   * reports, and for C3 a single report gives C2 = 1, which contributes nothing).
   */
  minSigma?: number
}

export interface EarsPoint {
  /** Baseline mean (C3: the C2 baseline mean of this period); null while the baseline is incomplete. */
  expected: number | null
  /** Count above which this period alarms; null while the baseline is incomplete. */
  upperBound: number | null
  alarm: boolean
  /** C1 or C2 z-score, or the C3 sum; absent while the baseline is incomplete. */
  statistic?: number
}

export const EARS_DEFAULT_MIN_SIGMA = 0
const BASELINE = 7
/** C1's baseline ends the day before; C2's and C3's end three days before (a 2-day guard band). */
const BASELINE_LAG: Record<EarsMethod, number> = { C1: 1, C2: 3, C3: 3 }

interface Baseline {
  mean: number
  sigma: number
}

/** Mean and floored sample sd (n − 1, as R's sd) of the 7 counts ending `lag` periods before t. */
function baselineAt(counts: readonly number[], t: number, lag: number, minSigma: number): Baseline | null {
  const first = t - lag - (BASELINE - 1)
  if (first < 0) return null
  let sum = 0
  for (let i = first; i <= t - lag; i++) sum += counts[i]!
  const mean = sum / BASELINE
  let ss = 0
  for (let i = first; i <= t - lag; i++) ss += (counts[i]! - mean) ** 2
  return { mean, sigma: Math.max(Math.sqrt(ss / (BASELINE - 1)), minSigma) }
}

/** (x − mean)/σ; with σ = 0 (only when minSigma = 0) any excess is infinite and no excess is 0, never NaN. */
function zScore(x: number, b: Baseline): number {
  if (b.sigma > 0) return (x - b.mean) / b.sigma
  return x > b.mean ? Infinity : x < b.mean ? -Infinity : 0
}

function validate(counts: readonly number[], alpha: number, minSigma: number): void {
  counts.forEach((c, i) => {
    if (!(Number.isFinite(c) && c >= 0)) throw new RangeError(`count ${i} must be a finite number ≥ 0, got ${c}`)
  })
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`alpha must be in (0, 1), got ${alpha}`)
  if (!(Number.isFinite(minSigma) && minSigma >= 0)) throw new RangeError(`minSigma must be a number ≥ 0, got ${minSigma}`)
}

/**
 * One result per period of `counts` (oldest first).
 *
 * C1: baseline t−7…t−1; C2: baseline t−9…t−3. Statistic (x_t − mean)/σ, σ = max(sd, minSigma);
 * upperBound = mean + z·σ; alarm when x_t > upperBound. Identical to earsC's upperbound and alarm.
 *
 * C3: statistic C3_t = Σ_{i=t−2..t} max(0, C2_i − 1), each C2_i on its own baseline; alarm when
 * C3_t > z, so the first alarm can be on day 11 (index 11, as earsC's default range).
 * upperBound is that same rule solved for x_t: with L = the two lagged terms,
 * mean_t + σ_t·(1 + z − L) while L ≤ z. When L > z the previous two days alone alarm, whatever today's
 * count; upperBound is then 0 (earsC also floors its bound at 0), and alarm is true even for a count of 0.
 *
 * This C3 differs from earsC's code on purpose. earsC (R/earsC.R in the CRAN surveillance package) sets
 * upperbound = x_t + σ_t·(z − L), so x_t > upperbound reduces to L > z: its C3 alarm ignores today's
 * count and only fires the day after a spike. Its own help page gives yet another bound,
 * mean + σ(z − L). Both disagree with the C3 statistic they document; this follows the statistic.
 */
export function ears(counts: readonly number[], options: EarsOptions): EarsPoint[] {
  const { method, alpha = method === 'C3' ? 0.025 : 0.001, minSigma = EARS_DEFAULT_MIN_SIGMA } = options
  validate(counts, alpha, minSigma)
  const z = normalQuantile(1 - alpha)
  const lag = BASELINE_LAG[method]
  const incomplete: EarsPoint = { expected: null, upperBound: null, alarm: false }

  if (method !== 'C3') {
    return counts.map((x, t) => {
      const b = baselineAt(counts, t, lag, minSigma)
      if (!b) return { ...incomplete }
      const upperBound = b.mean + z * b.sigma
      return { expected: b.mean, upperBound, alarm: x > upperBound, statistic: zScore(x, b) }
    })
  }

  const c2 = counts.map((x, t) => {
    const b = baselineAt(counts, t, lag, minSigma)
    return b ? { b, z: zScore(x, b) } : null
  })
  const excess = (v: number): number => Math.max(0, v - 1)
  return counts.map((_, t) => {
    const today = c2[t]
    const lag1 = c2[t - 1]
    const lag2 = c2[t - 2]
    if (!today || !lag1 || !lag2) return { ...incomplete }
    const lagged = excess(lag1.z) + excess(lag2.z)
    const statistic = lagged + excess(today.z)
    const upperBound = lagged <= z ? today.b.mean + today.b.sigma * (1 + z - lagged) : 0
    return { expected: today.b.mean, upperBound, alarm: statistic > z, statistic }
  })
}
