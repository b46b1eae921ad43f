import { describe, expect, it } from 'vitest'
import { interruptedTimeSeries } from './its.js'

const Z = 1.959963984540054
const range = (n: number) => Array.from({ length: n }, (_, t) => t)

describe('interruptedTimeSeries', () => {
  it('recovers a series built exactly from the model, with weekly seasonality', () => {
    // y_t = exp(log 10 + 0.02 t + log 1.5·step + 0.3 sin(2πt/7) − 0.1 cos(2πt/7)), start 35 of 56.
    // The Poisson fit is exact (deviance 0), so every coefficient comes back and RR = 1.5.
    const start = 35
    const counts = range(56).map((t) => {
      const a = (2 * Math.PI * t) / 7
      return Math.exp(Math.log(10) + 0.02 * t + Math.log(1.5) * (t >= start ? 1 : 0) + 0.3 * Math.sin(a) - 0.1 * Math.cos(a))
    })
    const r = interruptedTimeSeries({ counts, start, seasonality: { period: 7, harmonics: 1 } })
    expect(r.rateRatio).toBeCloseTo(1.5, 8)
    expect(r.coefficients.intercept).toBeCloseTo(Math.log(10), 8)
    expect(r.coefficients.time).toBeCloseTo(0.02, 9)
    expect(r.coefficients.fourier).toHaveLength(1)
    expect(r.coefficients.fourier[0]!.sin).toBeCloseTo(0.3, 8)
    expect(r.coefficients.fourier[0]!.cos).toBeCloseTo(-0.1, 8)
    expect(r.coefficients.slopeChange).toBeUndefined()
    expect(r.dispersion).toBeCloseTo(0, 8)
    // Counterfactual: the same series without the ×1.5 from day 35 on.
    expect(r.counterfactual[10]).toBeCloseTo(counts[10]!, 6)
    expect(r.counterfactual[40]).toBeCloseTo(counts[40]! / 1.5, 6)
    expect(r.fitted[40]).toBeCloseTo(counts[40]!, 6)
    // SE of the step from an independent numpy IRLS; dispersion 0 is floored to 1 in the interval.
    expect(r.standardErrors.step).toBeCloseTo(0.11214768538996943, 7)
    expect(r.ci95[0]).toBeCloseTo(1.5 * Math.exp(-Z * 0.11214768538996943), 6)
    expect(r.ci95[1]).toBeCloseTo(1.5 * Math.exp(Z * 0.11214768538996943), 6)
  })

  it('separates a level step from a slope change', () => {
    // y_t = exp(2 + 0.01 t + 0.4 step − 0.03 (t − 20) step), start 20 of 40.
    const counts = range(40).map((t) => Math.exp(2 + 0.01 * t + (t >= 20 ? 0.4 - 0.03 * (t - 20) : 0)))
    const r = interruptedTimeSeries({ counts, start: 20, slopeChange: true })
    expect(r.rateRatio).toBeCloseTo(Math.exp(0.4), 8)
    expect(r.coefficients.slopeChange).toBeCloseTo(-0.03, 9)
    expect(r.coefficients.time).toBeCloseTo(0.01, 9)
    // The counterfactual continues the pre-trend: exp(2 + 0.01 t).
    expect(r.counterfactual[39]).toBeCloseTo(Math.exp(2 + 0.39), 6)
    expect(r.standardErrors.step).toBeCloseTo(0.2007603602810191, 7)
  })

  it('gives the hand-computed interval for a flat series that doubles', () => {
    // 10 a period for t = 0…9, 20 for t = 10…19: exact fit with trend 0 and RR 2.
    // Fisher information XᵀWX at μ (columns 1, t, step):
    //   Σw = 10·10 + 20·10 = 300, Σwt = 10·45 + 20·145 = 3350, Σw·step = 200,
    //   Σwt² = 10·285 + 20·2185 = 46550, Σwt·step = 2900, Σw·step² = 200.
    // Var(step) = (300·46550 − 3350²) / det = 2742500 / 49500000 = 1097/19800, SE = 0.235380629.
    const counts = range(20).map((t) => (t < 10 ? 10 : 20))
    const r = interruptedTimeSeries({ counts, start: 10 })
    const se = Math.sqrt(1097 / 19800)
    expect(r.rateRatio).toBeCloseTo(2, 8)
    expect(r.coefficients.time).toBeCloseTo(0, 9)
    expect(r.standardErrors.step).toBeCloseTo(se, 8)
    expect(r.ci95[0]).toBeCloseTo(2 * Math.exp(-Z * se), 7)
    expect(r.ci95[1]).toBeCloseTo(2 * Math.exp(Z * se), 7)
    expect(r.counterfactual[15]).toBeCloseTo(10, 6)
  })

  it('attributes a doubling of exposure to exposure, not to the intervention', () => {
    // Same counts, but twice the days (or population) after t = 10: the rate never changed, RR = 1.
    const counts = range(20).map((t) => (t < 10 ? 10 : 20))
    const exposure = range(20).map((t) => (t < 10 ? 1 : 2))
    const r = interruptedTimeSeries({ counts, exposure, start: 10 })
    expect(r.rateRatio).toBeCloseTo(1, 8)
    expect(r.counterfactual[15]).toBeCloseTo(20, 6)
  })

  it('widens the interval by √dispersion for overdispersed counts, and only then', () => {
    // Reference fit from independent numpy IRLS: RR 1.602060816, SE 0.219391774, dispersion 2.163078144.
    const counts = [12, 7, 15, 9, 20, 6, 11, 14, 8, 17, 25, 14, 30, 19, 12, 28, 22, 35, 16, 24]
    const quasi = interruptedTimeSeries({ counts, start: 10 })
    expect(quasi.rateRatio).toBeCloseTo(1.6020608156216813, 7)
    expect(quasi.dispersion).toBeCloseTo(2.163078143697199, 6)
    expect(quasi.ci95[0]).toBeCloseTo(0.8511834142207304, 6)
    expect(quasi.ci95[1]).toBeCloseTo(3.0153299677486807, 6)
    const poisson = interruptedTimeSeries({ counts, start: 10, overdispersion: false })
    const logWidth = (ci: [number, number]) => Math.log(ci[1]) - Math.log(ci[0])
    expect(logWidth(quasi.ci95) / logWidth(poisson.ci95)).toBeCloseTo(Math.sqrt(2.163078143697199), 6)
  })

  it('refuses what it cannot estimate, with a message', () => {
    const counts = [3, 4, 5, 6, 7, 8]
    expect(() => interruptedTimeSeries({ counts, start: 0 })).toThrow(/start/)
    expect(() => interruptedTimeSeries({ counts, start: 6 })).toThrow(/start/)
    expect(() => interruptedTimeSeries({ counts: [0, 0, 0, 4, 5, 6], start: 3 })).toThrow(/before and one after/)
    expect(() => interruptedTimeSeries({ counts, start: 3, exposure: [1, 1, 1, 0, 1, 1] })).toThrow(/exposure 3/)
    expect(() => interruptedTimeSeries({ counts, start: 3, seasonality: { period: 7, harmonics: 4 } })).toThrow(/harmonics/)
  })
})
