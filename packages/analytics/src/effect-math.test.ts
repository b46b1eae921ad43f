import { describe, expect, it } from 'vitest'
import { countBand, finiteOrNull, proportion, weekdayBaseline } from './effect-math.js'

describe('countBand', () => {
  it('is the central 95 % range of a Poisson count (R: qpois(c(.025, .975), mu))', () => {
    expect(countBand(2)).toEqual([0, 5])
    expect(countBand(10)).toEqual([4, 17])
    expect(countBand(0)).toEqual([0, 0])
  })
  it('widens to a negative binomial with variance φμ when overdispersed (R: qnbinom(c(.025, .975), size = 10, mu = 10))', () => {
    expect(countBand(10, 2)).toEqual([3, 20])
    // Underdispersion does not narrow the band below Poisson.
    expect(countBand(10, 0.5)).toEqual([4, 17])
  })
})

describe('weekdayBaseline', () => {
  it('gives the mean per weekday and the Pearson dispersion', () => {
    // Two Mondays (1) with 2 and 4, two Saturdays (6) with 6 and 6; other weekdays absent get the overall mean 4.5.
    const b = weekdayBaseline([2, 4, 6, 6], [1, 1, 6, 6])
    expect(b.means[1]).toBe(3)
    expect(b.means[6]).toBe(6)
    expect(b.means[0]).toBe(4.5)
    // χ² = (1 + 1)/3 + 0 = 2/3 over 4 − 2 degrees of freedom.
    expect(b.dispersion).toBeCloseTo(1 / 3, 12)
  })
})

describe('proportion', () => {
  it('has the Clopper–Pearson interval (R: binom.test(3, 10)$conf.int)', () => {
    const p = proportion(3, 10)
    expect(p.share).toBe(0.3)
    expect(p.ci95![0]).toBeCloseTo(0.06673951117773447, 9)
    expect(p.ci95![1]).toBeCloseTo(0.6524528500599973, 9)
    expect(proportion(0, 0)).toEqual({ count: 0, total: 0, share: null, ci95: null })
  })
})

describe('finiteOrNull', () => {
  it('turns what JSON cannot carry into null', () => {
    expect(finiteOrNull(Infinity)).toBeNull()
    expect(finiteOrNull(Number.NaN)).toBeNull()
    expect(finiteOrNull(1.5)).toBe(1.5)
  })
})
