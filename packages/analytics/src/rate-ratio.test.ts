import { describe, expect, it } from 'vitest'
import { ERR_RANK_DEFICIENT } from './glm.js'
import { betaQuantile, logGamma, rateRatio, regularizedIncompleteBeta, waldRateRatio } from './rate-ratio.js'

describe('special functions', () => {
  it('logGamma matches factorials', () => {
    expect(logGamma(1)).toBeCloseTo(0, 14)
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 13)
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 13)
    expect(logGamma(101)).toBeCloseTo(363.73937555556347, 10)
  })

  it('regularizedIncompleteBeta matches closed forms and R pbeta', () => {
    // I_x(1, b) = 1 − (1 − x)^b and I_x(a, 1) = x^a.
    expect(regularizedIncompleteBeta(0.3, 1, 4)).toBeCloseTo(1 - 0.7 ** 4, 14)
    expect(regularizedIncompleteBeta(0.3, 3, 1)).toBeCloseTo(0.3 ** 3, 14)
    // pbeta(0.4, 2.5, 3.5), pbeta(0.6, 30, 21), pbeta(0.01, 0.5, 0.5), pbeta(0.41, 200, 300)
    expect(regularizedIncompleteBeta(0.4, 2.5, 3.5)).toBeCloseTo(0.4869041915261176, 13)
    expect(regularizedIncompleteBeta(0.6, 30, 21)).toBeCloseTo(0.5610349320400663, 12)
    expect(regularizedIncompleteBeta(0.01, 0.5, 0.5)).toBeCloseTo(0.06376856085851985, 13)
    expect(regularizedIncompleteBeta(0.41, 200, 300)).toBeCloseTo(0.677628164772179, 11)
    expect(regularizedIncompleteBeta(0, 2, 3)).toBe(0)
    expect(regularizedIncompleteBeta(1, 2, 3)).toBe(1)
  })

  it('betaQuantile inverts it, including far tails', () => {
    expect(betaQuantile(0.025, 30, 21)).toBeCloseTo(0.45179402847918043, 12)
    expect(betaQuantile(0.975, 31, 20)).toBeCloseTo(0.7359216049054632, 12)
    // Relative accuracy in the tail: qbeta(1e-6, 0.5, 3) = 2.8444444444455e-13.
    expect(betaQuantile(1e-6, 0.5, 3) / 2.844444444445522e-13).toBeCloseTo(1, 8)
    expect(betaQuantile(0.975, 1, 10)).toBeCloseTo(1 - 0.025 ** (1 / 10), 14)
  })
})

describe('rateRatio, exact', () => {
  it('matches R poisson.test(c(30, 20), c(10, 20))', () => {
    // Rates 3/day vs 1/day: RR 3. Conditional on 50 events, x1 ~ Bin(50, π), π = 10RR/(10RR + 20).
    // Clopper–Pearson: π_L = qbeta(0.025, 30, 21) = 0.451794028479, π_U = qbeta(0.975, 31, 20) = 0.735921604905;
    // RR = π/(1 − π)·20/10 → 0.451794/0.548206·2 = 1.648263798, 0.735922/0.264078·2 = 5.573508614.
    // (The brief's guess 1.640…, 5.623… is not what this method gives; the digits above are.)
    const r = rateRatio({ during: { count: 30, days: 10 }, baseline: { count: 20, days: 20 } })
    expect(r.method).toBe('exact')
    expect(r.rateRatio).toBeCloseTo(3, 12)
    expect(r.ci95[0]).toBeCloseTo(1.6482637984618245, 9)
    expect(r.ci95[1]).toBeCloseTo(5.573508613925137, 9)
    expect(r.during).toEqual({ count: 30, days: 10, rate: 3 })
    expect(r.baseline).toEqual({ count: 20, days: 20, rate: 1 })
  })

  it('treats daily counts without weekdays as totals', () => {
    const r = rateRatio({ during: { daily: [3, 3, 3, 3, 3, 3, 3, 3, 3, 3] }, baseline: { count: 20, days: 20 } })
    expect(r.method).toBe('exact')
    expect(r.ci95[0]).toBeCloseTo(1.6482637984618245, 9)
  })

  it('gives RR 0 with a finite upper bound when nothing happened during the window', () => {
    // x1 = 0 of n = 10: π_U = qbeta(0.975, 1, 10) = 1 − 0.025^(1/10) = 0.308497; RR_U = π_U/(1 − π_U)·(20/10).
    const r = rateRatio({ during: { count: 0, days: 10 }, baseline: { count: 10, days: 20 } })
    const piU = 1 - 0.025 ** (1 / 10)
    expect(r.rateRatio).toBe(0)
    expect(r.ci95[0]).toBe(0)
    expect(r.ci95[1]).toBeCloseTo((piU / (1 - piU)) * 2, 10)
  })

  it('gives RR Infinity with a finite lower bound when the baseline is empty', () => {
    // x1 = n = 5: π_L = qbeta(0.025, 5, 1) = 0.025^(1/5) = 0.478176; RR_L = π_L/(1 − π_L)·(20/10).
    const r = rateRatio({ during: { count: 5, days: 10 }, baseline: { count: 0, days: 20 } })
    const piL = 0.025 ** (1 / 5)
    expect(r.rateRatio).toBe(Infinity)
    expect(r.ci95[0]).toBeCloseTo((piL / (1 - piL)) * 2, 10)
    expect(r.ci95[1]).toBe(Infinity)
  })

  it('says nothing when both windows are empty, without NaN', () => {
    const r = rateRatio({ during: { count: 0, days: 7 }, baseline: { count: 0, days: 28 } })
    expect(r.rateRatio).toBeNull()
    expect(r.ci95).toEqual([0, Infinity])
  })

  it('rejects input a person can fix', () => {
    expect(() => rateRatio({ during: { count: 1.5, days: 7 }, baseline: { count: 3, days: 7 } })).toThrow(/during.count/)
    expect(() => rateRatio({ during: { count: 1, days: 0 }, baseline: { count: 3, days: 7 } })).toThrow(/during.days/)
    expect(() => rateRatio({ during: { daily: [] }, baseline: { count: 3, days: 7 } })).toThrow(/empty/)
    expect(() => rateRatio({ during: { daily: [1], weekdays: [0] }, baseline: { count: 3, days: 7 } })).toThrow(/both windows/)
    expect(() => rateRatio({ during: { daily: [1, 2], weekdays: [0] }, baseline: { daily: [1], weekdays: [7] } })).toThrow(/weekdays/)
  })
})

describe('rateRatio, weekday-adjusted', () => {
  const week = [0, 1, 2, 3, 4, 5, 6]

  it('recovers an exact doubling and the balanced-design standard error', () => {
    // Baseline: two identical weeks 2,4,…,14 (56 each, 112 total); during: one week at twice that (112).
    // The model fits exactly: RR = 2. When every weekday occurs equally often in each window the
    // weekday terms drop out of β's variance, so SE(log RR) = √(1/112 + 1/112) = 0.133630621.
    // Dispersion is 0 (exact fit), floored to 1 for the interval: exp(log 2 ± 1.959964·0.133630621).
    const base = [2, 4, 6, 8, 10, 12, 14]
    const r = rateRatio({
      during: { daily: base.map((c) => 2 * c), weekdays: week },
      baseline: { daily: [...base, ...base], weekdays: [...week, ...week] },
    })
    expect(r.method).toBe('weekday-adjusted')
    expect(r.rateRatio).toBeCloseTo(2, 8)
    expect(r.dispersion).toBeCloseTo(0, 8)
    const se = Math.sqrt(2 / 112)
    expect(r.ci95[0]).toBeCloseTo(2 * Math.exp(-1.959963984540054 * se), 7)
    expect(r.ci95[1]).toBeCloseTo(2 * Math.exp(1.959963984540054 * se), 7)
  })

  it('removes the weekday effect that an unadjusted ratio would mistake for a campaign effect', () => {
    // Baseline: two weeks, Mon–Fri 2 reports a day, Sat–Sun 10. During: one weekend, 10 and 10.
    // Same rate as the same weekdays before, so the adjusted RR is exactly 1; the unadjusted rate
    // ratio would be 10 / (60/14) = 2.33.
    const baseDays = [2, 2, 2, 2, 2, 10, 10]
    const r = rateRatio({
      during: { daily: [10, 10], weekdays: [5, 6] },
      baseline: { daily: [...baseDays, ...baseDays], weekdays: [...week, ...week] },
    })
    expect(r.rateRatio).toBeCloseTo(1, 8)
    expect(r.ci95[0]).toBeLessThan(1)
    expect(r.ci95[1]).toBeGreaterThan(1)
    const unadjusted = rateRatio({ during: { daily: [10, 10] }, baseline: { daily: [...baseDays, ...baseDays] } })
    expect(unadjusted.rateRatio).toBeCloseTo(10 / (60 / 14), 12)
  })

  it('widens the interval by √dispersion when the counts are overdispersed', () => {
    // Balanced (2 weeks vs 3 weeks, each starting on weekday 3): RR = (155/14)/(119/21) = 1.953781513,
    // SE(log RR) = √(1/155 + 1/119) = 0.121880984. Pearson dispersion 7.492064309 (independent numpy
    // IRLS), so the interval is exp(log RR ± 1.959964·0.121881·√7.492064) = [1.016034, 3.757023].
    const during = [12, 3, 25, 0, 9, 18, 4, 2, 20, 6, 14, 1, 30, 11]
    const baseline = [0, 9, 1, 14, 2, 3, 20, 8, 1, 12, 0, 5, 2, 4, 3, 0, 7, 1, 16, 9, 2]
    const weekdaysFor = (n: number) => Array.from({ length: n }, (_, k) => (k + 3) % 7)
    const r = rateRatio({
      during: { daily: during, weekdays: weekdaysFor(14) },
      baseline: { daily: baseline, weekdays: weekdaysFor(21) },
    })
    expect(r.rateRatio).toBeCloseTo(155 / 14 / (119 / 21), 8)
    expect(r.dispersion).toBeCloseTo(7.4920643087551175, 6)
    expect(r.ci95[0]).toBeCloseTo(1.0160338856694713, 6)
    expect(r.ci95[1]).toBeCloseTo(3.75702252930475, 6)
  })

  it('does not narrow the interval for underdispersed counts', () => {
    // Dispersion 0.266 (numpy): the interval uses 1, i.e. the plain Poisson Wald interval
    // exp(log(1.822314) ± 1.959964·0.122748458) = [1.432648, 2.317965].
    const during = [6, 9, 5, 12, 8, 15, 20, 7, 8, 6, 10, 9, 14, 18]
    const baseline = [3, 5, 2, 7, 4, 9, 11, 2, 6, 3, 5, 8, 7, 12, 1, 4, 2, 6, 5, 10, 9]
    const r = rateRatio({
      during: { daily: during, weekdays: [...week, ...week] },
      baseline: { daily: baseline, weekdays: [...week, ...week, ...week] },
    })
    expect(r.dispersion).toBeCloseTo(0.26628883860131614, 6)
    expect(r.ci95[0]).toBeCloseTo(1.4326481613798736, 6)
    expect(r.ci95[1]).toBeCloseTo(2.317965139551678, 6)
  })

  it('leaves out weekdays with no reports at all instead of chasing γ = −∞', () => {
    // Sundays (0) are always empty; the answer is the same as without them: Mondays 4 vs 2, Tuesdays 6 vs 3, RR 2.
    const withSundays = rateRatio({
      during: { daily: [0, 4, 6], weekdays: [0, 1, 2] },
      baseline: { daily: [0, 2, 3, 0, 2, 3], weekdays: [0, 1, 2, 0, 1, 2] },
    })
    const without = rateRatio({
      during: { daily: [4, 6], weekdays: [1, 2] },
      baseline: { daily: [2, 3, 2, 3], weekdays: [1, 2, 1, 2] },
    })
    expect(withSundays.rateRatio).toBeCloseTo(2, 8)
    expect(withSundays.rateRatio).toBeCloseTo(without.rateRatio!, 12)
    expect(withSundays.ci95[0]).toBeCloseTo(without.ci95[0], 12)
  })

  it('says plainly when the windows share no weekday with reports', () => {
    // During only on Mondays, baseline only on Wednesdays (Tuesdays empty): period and weekday coincide.
    const run = () => rateRatio({
      during: { daily: [5, 0], weekdays: [1, 2] },
      baseline: { daily: [0, 3, 0, 4], weekdays: [2, 3, 2, 3] },
    })
    expect(run).toThrow(/share no weekday/)
    expect(run).toThrow(expect.objectContaining({ code: ERR_RANK_DEFICIENT }))
  })

  it('stays fast and accurate for large counts', () => {
    // 50 000 vs 40 000 over equal windows: RR 1.25; the exact interval is ±1.3 % around it.
    const r = rateRatio({ during: { count: 50000, days: 365 }, baseline: { count: 40000, days: 365 } })
    expect(r.rateRatio).toBeCloseTo(1.25, 12)
    expect(r.ci95[0]).toBeCloseTo(1.2336479426262226, 8)
    expect(r.ci95[1]).toBeCloseTo(1.2665748444276261, 8)
  })

  it('falls back to the exact method when one window is empty', () => {
    const r = rateRatio({
      during: { daily: [0, 0, 0], weekdays: [1, 2, 3] },
      baseline: { daily: [1, 2, 0, 1, 3, 2, 1], weekdays: week },
    })
    expect(r.method).toBe('exact')
    expect(r.rateRatio).toBe(0)
    expect(Number.isFinite(r.ci95[1])).toBe(true)
  })
})

describe('waldRateRatio', () => {
  it('gives the ratio with exp(±1.96·√(1/a + 1/b)), hand-checked', () => {
    // 30 against 20: ratio 1.5, se = √(1/30 + 1/20) = 0.288675, half-width 0.565793: 1.5·e^∓0.565793 = 0.851865 … 2.641265.
    const { rateRatio, ci95 } = waldRateRatio(30, 20)
    expect(rateRatio).toBe(1.5)
    expect(ci95![0]).toBeCloseTo(1.5 * Math.exp(-1.959963984540054 * Math.sqrt(1 / 30 + 1 / 20)), 12)
    expect(ci95![0]).toBeCloseTo(0.851865, 5)
    expect(ci95![1]).toBeCloseTo(2.641265, 5)
  })

  it('has no interval when either count is 0, and no ratio when the earlier one is', () => {
    expect(waldRateRatio(0, 5)).toEqual({ rateRatio: 0, ci95: null })
    expect(waldRateRatio(5, 0)).toEqual({ rateRatio: null, ci95: null })
    expect(() => waldRateRatio(-1, 3)).toThrow(RangeError)
  })
})
