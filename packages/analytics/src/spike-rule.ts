// When a day's count is a spike: EARS with a floored sigma, an exact Poisson test on the same weekday, a minimum count.
import { ears, type EarsMethod } from './ears.js'
import { regularizedIncompleteBeta } from './rate-ratio.js'

export interface SpikeRuleOptions {
  method: EarsMethod
  /** One-sided false-alarm rate per day for both the EARS bound and the Poisson test. */
  alpha: number
  /** Floor under the EARS baseline standard deviation. */
  minSigma: number
  /** Fewest reports on a day that can alarm at all. */
  minCount: number
}

export const DEFAULT_SPIKE_RULE: SpikeRuleOptions = { method: 'C2', alpha: 0.001, minSigma: 1, minCount: 5 }

export interface SpikeCheck {
  observed: number
  /** EARS baseline mean; null while fewer days than the rule needs are known. */
  expected: number | null
  upperBound: number | null
  /** Mean of the same weekday in the 4 weeks before: what the Poisson test compares with. */
  weekdayExpected: number | null
  /** One-sided exact p-value of the day's count against the same weekday's 4 previous counts. */
  pValue: number | null
  /**
   * Expected count from the same weeks last year (same weekday, t − 364 ± 2 weeks) scaled by this year's level against
   * last year's over the 4 weeks before; null without a year of history (or when last year's 4 weeks were empty).
   */
  lastYearExpected: number | null
  /** One-sided exact p-value of the day's count against those same-weeks-last-year days; null as lastYearExpected. */
  lastYearPValue: number | null
  alarm: boolean
}

/** Same-weekday days the Poisson test compares with (t − 7, t − 14, t − 21, t − 28). */
export const WEEKDAY_BASELINE_WEEKS = 4
/** Days of history the rule needs before the checked day. */
export const SPIKE_HISTORY_DAYS = 7 * WEEKDAY_BASELINE_WEEKS
/** Weeks either side of the same weekday a year (52 weeks) before that form the same-weeks-last-year baseline. */
export const LAST_YEAR_HALF_WIDTH_WEEKS = 2
/** Days of history the same-weeks-last-year baseline needs before the checked day: 52 weeks and last year's 4-week level. */
export const LAST_YEAR_HISTORY_DAYS = 364 + Math.max(SPIKE_HISTORY_DAYS, 7 * LAST_YEAR_HALF_WIDTH_WEEKS)

/**
 * The same-weeks-last-year test of day t (historical limits, Stroup et al. 1989, with an exact test): the same weekday
 * at t − 364 + 7j for j = −2 … 2 (B reports over k = 5 days), scaled by g = this year's 28 days before t over last year's
 * 28 days before t − 364. Under "no more than the season and the level explain", X ~ Poisson(λ) and B ~ Poisson(kλ/g),
 * so P = poissonExcessP(x, B, k/g).
 */
function lastYear(counts: readonly number[], t: number): { expected: number; pValue: number } | null {
  if (t < LAST_YEAR_HISTORY_DAYS) return null
  let thisYear = 0
  let lastYearLevel = 0
  for (let i = 1; i <= SPIKE_HISTORY_DAYS; i++) {
    thisYear += counts[t - i]!
    lastYearLevel += counts[t - 364 - i]!
  }
  if (lastYearLevel === 0) return null
  const g = thisYear / lastYearLevel
  let b = 0
  let k = 0
  for (let j = -LAST_YEAR_HALF_WIDTH_WEEKS; j <= LAST_YEAR_HALF_WIDTH_WEEKS; j++) {
    b += counts[t - 364 + 7 * j]!
    k++
  }
  if (g === 0) return { expected: 0, pValue: counts[t]! > 0 ? 0 : 1 }
  return { expected: (b / k) * g, pValue: poissonExcessP(counts[t]!, b, k / g) }
}

/**
 * P(X ≥ x) for a day's count x against `days` comparison days with `baselineTotal` reports, under equal daily
 * rates. Conditional on n = x + baselineTotal, x ~ Binomial(n, 1/(days + 1)), so
 * P = I_{1/(days+1)}(x, n − x + 1): R's poisson.test(c(x, B), c(1, days), alternative = 'greater').
 * Unlike a test against a baseline mean taken as known, it carries the baseline's own noise: four
 * near-empty days are weak evidence of what a normal day looks like.
 */
export function poissonExcessP(x: number, baselineTotal: number, days: number): number {
  if (x <= 0) return 1
  const n = x + baselineTotal
  return regularizedIncompleteBeta(1 / (days + 1), x, n - x + 1)
}

/**
 * One check per day of `counts` (oldest first, consecutive days). A day alarms only when all three hold:
 * 1. EARS (method, alpha) alarms, with its sigma floored at minSigma: seven empty days otherwise have
 *    sd 0, and one report would be an infinite z-score;
 * 2. the exact Poisson test of the day against the same weekday of the 4 weeks before has p < alpha.
 *    EARS's seven-day baseline mixes weekdays and takes its sample sd for known, so at low counts and
 *    on the weekly rhythm (Saturday nights) it alarms far above its nominal rate: on the demo generator
 *    (8 seeds, 22,027 municipality-days without a campaign) EARS C2 alone alarmed on 2.2 % of days,
 *    EARS with a same-week Poisson test on 0.29 %, and this rule on 0.04 % (alpha = 0.001);
 * 3. the day has at least minCount reports: a handful, perhaps several people reporting one incident,
 *    is not a pattern to alert a campaign team for, whatever alpha a municipality chooses;
 * 4. with a year of history (LAST_YEAR_HISTORY_DAYS before the day), the exact test against the same weeks last year,
 *    scaled to this year's level, also has p < alpha: a summer rise that came last year too is the season, not a spike.
 */
export function checkSpikes(counts: readonly number[], options: SpikeRuleOptions = DEFAULT_SPIKE_RULE): SpikeCheck[] {
  const earsPoints = ears(counts, { method: options.method, alpha: options.alpha, minSigma: options.minSigma })
  return counts.map((observed, t) => {
    const e = earsPoints[t]!
    if (e.expected === null || e.upperBound === null || t < SPIKE_HISTORY_DAYS) {
      return { observed, expected: null, upperBound: null, weekdayExpected: null, pValue: null, lastYearExpected: null, lastYearPValue: null, alarm: false }
    }
    let sameWeekday = 0
    for (let k = 1; k <= WEEKDAY_BASELINE_WEEKS; k++) sameWeekday += counts[t - 7 * k]!
    const pValue = poissonExcessP(observed, sameWeekday, WEEKDAY_BASELINE_WEEKS)
    const ly = lastYear(counts, t)
    const alarm = e.alarm && pValue < options.alpha && observed >= options.minCount && (ly === null || ly.pValue < options.alpha)
    return {
      observed,
      expected: e.expected,
      upperBound: e.upperBound,
      weekdayExpected: sameWeekday / WEEKDAY_BASELINE_WEEKS,
      pValue,
      lastYearExpected: ly?.expected ?? null,
      lastYearPValue: ly?.pValue ?? null,
      alarm,
    }
  })
}

/** The check of the last day of `counts`, the day being asked about. */
export function checkLastDay(counts: readonly number[], options: SpikeRuleOptions = DEFAULT_SPIKE_RULE): SpikeCheck {
  return checkSpikes(counts, options).at(-1) ?? { observed: 0, expected: null, upperBound: null, weekdayExpected: null, pValue: null, lastYearExpected: null, lastYearPValue: null, alarm: false }
}
