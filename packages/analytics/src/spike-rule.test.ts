import { normalQuantile } from './normal.js'
import { describe, expect, it } from 'vitest'
import { checkLastDay, checkSpikes, DEFAULT_SPIKE_RULE, LAST_YEAR_HISTORY_DAYS, poissonExcessP } from './spike-rule.js'

describe('poissonExcessP', () => {
  it('is the one-sided exact test of one day against k days (R: poisson.test(c(x, B), c(1, k), alternative = "greater"))', () => {
    // x = 5, B = 1, k = 7: n = 6, P(Bin(6, 1/8) ≥ 5) = (6·7 + 1) / 8⁶ = 43 / 262144.
    expect(poissonExcessP(5, 1, 7)).toBeCloseTo(43 / 262144, 15)
    // x = 4, B = 1, k = 7: (5·7 + 1) / 8⁵ = 36 / 32768.
    expect(poissonExcessP(4, 1, 7)).toBeCloseTo(36 / 32768, 15)
    // x = 5, B = 0, k = 4: (1/5)⁵.
    expect(poissonExcessP(5, 0, 4)).toBeCloseTo(0.00032, 15)
    // x = 16, B = 36, k = 4: scipy.stats.binom.sf(15, 52, 0.2).
    expect(poissonExcessP(16, 36, 4)).toBeCloseTo(0.04356871637133909, 12)
    expect(poissonExcessP(0, 4, 7)).toBe(1)
  })
})

describe('checkSpikes (EARS C2 + exact Poisson test on the same weekday + minimum count)', () => {
  const zeros = (n: number) => new Array<number>(n).fill(0)

  it('has no verdict until four weeks of history are known', () => {
    const checks = checkSpikes([...zeros(27), 50])
    expect(checks.every((c) => !c.alarm && c.expected === null && c.pValue === null)).toBe(true)
    expect(checkLastDay([...zeros(28), 50]).alarm).toBe(true)
  })

  it('does not alarm on 4 reports after empty days even where EARS and the Poisson test would (alpha 0.01): below the minimum count', () => {
    const loose = { ...DEFAULT_SPIKE_RULE, alpha: 0.01 }
    const c = checkLastDay([...zeros(28), 4], loose)
    // σ floored at 1 over an all-zero baseline: the bound is z(0.99) ≈ 2.33.
    expect(c.upperBound).toBeCloseTo(normalQuantile(0.99), 12)
    expect(c.pValue).toBeCloseTo(0.2 ** 4, 15)
    expect(c.alarm).toBe(false)
    expect(checkLastDay([...zeros(28), 5], loose).alarm).toBe(true)
  })

  it('does not take a busy Saturday in a weekly rhythm for a spike, though EARS does', () => {
    // Four to a day, nine on the day at position 5 of each week; the checked day (t = 33) is such a day, with 16.
    const counts = Array.from({ length: 34 }, (_, i) => (i === 33 ? 16 : i % 7 === 5 ? 9 : 4))
    const c = checkLastDay(counts)
    // C2 baseline t−9 … t−3 holds one 9: mean 33/7, sd 1.8898…, bound ≈ 10.55, so EARS alarms.
    expect(c.expected).toBeCloseTo(33 / 7, 12)
    expect(c.upperBound).toBeCloseTo(33 / 7 + normalQuantile(0.999) * 1.889822365046136, 9)
    expect(c.observed).toBeGreaterThan(c.upperBound!)
    // Against the four previous such days (36 reports) 16 has p ≈ 0.044.
    expect(c.weekdayExpected).toBe(9)
    expect(c.pValue).toBeCloseTo(0.04356871637133909, 12)
    expect(c.alarm).toBe(false)
  })

  it('flags a clear spike in a busy series and nothing else', () => {
    const base = [5, 3, 6, 4, 5, 7, 4, 5, 6, 3, 5, 4, 6, 5, 4, 5, 6, 3, 5, 7, 4, 5, 6, 4, 5, 3, 6, 5, 4]
    const checks = checkSpikes([...base, 25, 5], DEFAULT_SPIKE_RULE)
    expect(checks.map((c, i) => (c.alarm ? i : -1)).filter((i) => i >= 0)).toEqual([base.length])
  })
})

describe('checkSpikes with a same-weeks-last-year baseline', () => {
  // 400 days of 4 a day; the checked day (t = 399) has 20: EARS and the 4-week Poisson test both alarm.
  const t = 399
  const flat = () => new Array<number>(t + 1).fill(4)

  it('does not alarm when the same weeks last year were as high, scaled to this year\'s level (the season)', () => {
    const counts = flat()
    counts[t] = 20
    // Last year, the same weekday at t − 364 + 7j (j = −2 … 2) had 20 too: B = 100 over k = 5 days. Two of those days
    // (j = −2, −1) lie in last year's 28-day level window, which sums to 24·4 + 2·20 = 136 + 8 = 144 against this
    // year's 112: g = 112/144, expected 20·g = 15.56, and the test is against k/g = 5·144/112 baseline days.
    for (let j = -2; j <= 2; j++) counts[t - 364 + 7 * j] = 20
    const c = checkLastDay(counts)
    expect(c.pValue).toBeLessThan(DEFAULT_SPIKE_RULE.alpha)
    expect(c.lastYearExpected).toBeCloseTo((20 * 112) / 144, 12)
    expect(c.lastYearPValue).toBeCloseTo(poissonExcessP(20, 100, (5 * 144) / 112), 15)
    expect(c.lastYearPValue).toBeGreaterThan(0.05)
    expect(c.alarm).toBe(false)
  })

  it('still alarms when last year was flat in those weeks', () => {
    const counts = flat()
    counts[t] = 20
    const c = checkLastDay(counts)
    // g = 1, B = 20 over 5 days: P(Bin(40, 1/6) ≥ 20).
    expect(c.lastYearExpected).toBeCloseTo(4, 12)
    expect(c.lastYearPValue).toBeCloseTo(poissonExcessP(20, 20, 5), 15)
    expect(c.lastYearPValue).toBeLessThan(DEFAULT_SPIKE_RULE.alpha)
    expect(c.alarm).toBe(true)
  })

  it('uses no last-year baseline with less than 52 weeks and last year\'s four before them', () => {
    const c = checkLastDay([...new Array<number>(300).fill(4), 20])
    expect(c.lastYearExpected).toBeNull()
    expect(c.alarm).toBe(true)
  })
})

describe('same-weeks-last-year baseline at the edge of the history', () => {
  it('starts exactly at LAST_YEAR_HISTORY_DAYS, and skips a year without reports', () => {
    const withYear = [...new Array<number>(LAST_YEAR_HISTORY_DAYS).fill(4), 20]
    expect(checkLastDay(withYear).lastYearExpected).toBeCloseTo(4, 12)
    expect(checkLastDay(withYear.slice(1)).lastYearExpected).toBeNull()
    const emptyYear = [...new Array<number>(LAST_YEAR_HISTORY_DAYS - 40).fill(0), ...new Array<number>(40).fill(4), 20]
    const c = checkLastDay(emptyYear)
    expect(c.lastYearExpected).toBeNull()
    expect(c.alarm).toBe(true)
  })
})
