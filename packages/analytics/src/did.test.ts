import { describe, expect, it } from 'vitest'
import { differenceInDifferences } from './did.js'

const Z = 1.959963984540054

function estimate(r: ReturnType<typeof differenceInDifferences>) {
  if (!r.estimable) throw new Error('expected an estimate')
  return r
}

describe('differenceInDifferences', () => {
  // Three days before, three in the period. Treated 30 → 60, control 60 → 90.
  const treated = [8, 10, 12, 18, 20, 22]
  const control = [20, 20, 20, 30, 30, 30]

  it('without weekdays is the closed form (T_d/T_b) ÷ (C_d/C_b) with the Woolf interval, as R glm(y ~ group * period, poisson)', () => {
    const r = estimate(differenceInDifferences({ treated, control, start: 3 }))
    // (60/30) / (90/60) = 4/3; SE = √(1/30 + 1/60 + 1/60 + 1/90) = 0.278887; 4/3 · exp(∓1.96 · 0.278887).
    expect(r.rateRatio).toBeCloseTo(4 / 3, 8)
    expect(r.ci95[0]).toBeCloseTo(0.7718803196628921, 6)
    expect(r.ci95[1]).toBeCloseTo(2.30317800893563, 6)
    expect(r.n).toBe(12)
    // Fitted = cell means 10, 20, 20, 30: Pearson χ² = (4 + 0 + 4)/10 + (4 + 0 + 4)/20 = 1.2 on 12 − 4 = 8 df.
    expect(r.dispersion).toBeCloseTo(0.15, 8)
    expect(r.totals).toEqual({ treatedBefore: 30, treatedDuring: 60, controlBefore: 60, controlDuring: 90 })
  })

  it('with overdispersion never narrows the interval below Poisson when the counts are underdispersed', () => {
    const plain = estimate(differenceInDifferences({ treated, control, start: 3 }))
    const quasi = estimate(differenceInDifferences({ treated, control, start: 3, overdispersion: true }))
    expect(quasi.ci95[0]).toBeCloseTo(plain.ci95[0], 10)
    expect(quasi.ci95[1]).toBeCloseTo(plain.ci95[1], 10)
  })

  it('leaves out the days at or after end', () => {
    const r = estimate(differenceInDifferences({ treated: [...treated, 900, 0], control: [...control, 0, 900], start: 3, end: 6 }))
    expect(r.rateRatio).toBeCloseTo(4 / 3, 8)
    expect(r.ci95[0]).toBeCloseTo(0.7718803196628921, 6)
    expect(r.n).toBe(12)
  })

  it('gives rate ratio 1 when the control rises as much as the treated series', () => {
    // Both double: a before/after ratio of 2 for the treated series, and nothing beyond what the control did.
    const r = estimate(differenceInDifferences({ treated: [10, 10, 10, 20, 20, 20], control: [30, 30, 30, 60, 60, 60], start: 3 }))
    expect(r.rateRatio).toBeCloseTo(1, 10)
    const se = Math.sqrt(1 / 30 + 1 / 60 + 1 / 90 + 1 / 180)
    expect(r.ci95[0]).toBeCloseTo(Math.exp(-Z * se), 8)
    expect(r.ci95[1]).toBeCloseTo(Math.exp(Z * se), 8)
    expect(r.pValue).toBeCloseTo(1, 8)
  })

  it('with weekdays recovers an exact multiplicative weekday pattern shared by both groups', () => {
    // 10 days before (weekday mix unbalanced), 4 in the period; treated ×3, control ×2 in the period: exp(d) = 1.5.
    const w = [1, 2, 3, 1, 2, 3, 4]
    const days = Array.from({ length: 14 }, (_, i) => i)
    const t = days.map((i) => 2 * w[i % 7]! * (i >= 10 ? 3 : 1))
    const c = days.map((i) => 5 * w[i % 7]! * (i >= 10 ? 2 : 1))
    const r = estimate(differenceInDifferences({ treated: t, control: c, start: 10, weekday: true, overdispersion: true }))
    expect(r.rateRatio).toBeCloseTo(1.5, 8)
    // The model fits every day exactly: no residual spread at all.
    expect(r.dispersion).toBeCloseTo(0, 8)
    expect(r.n).toBe(28)
  })

  it('widens the interval by √dispersion for overdispersed counts when overdispersion is on', () => {
    const t = [0, 20, 1, 25, 2, 30, 3, 40, 2, 45, 1, 50, 3, 38]
    const c = [10, 0, 30, 5, 25, 1, 20, 15, 35, 0, 28, 2, 30, 9]
    const plain = estimate(differenceInDifferences({ treated: t, control: c, start: 7 }))
    const quasi = estimate(differenceInDifferences({ treated: t, control: c, start: 7, overdispersion: true }))
    // Closed form: (179/81) / (119/91) = 1.689943…
    expect(plain.rateRatio).toBeCloseTo((179 / 81) / (119 / 91), 8)
    expect(quasi.rateRatio).toBeCloseTo(plain.rateRatio, 10)
    expect(plain.dispersion).toBeGreaterThan(5)
    const width = (r: typeof plain) => Math.log(r.ci95[1] / r.ci95[0])
    expect(width(quasi)).toBeGreaterThan(width(plain))
    expect(width(quasi) / width(plain)).toBeCloseTo(Math.sqrt(plain.dispersion), 8)
  })

  it('matches the balanced 28-day intervention design with weekdays: 0.5 (0.2526–0.9899)', () => {
    const area = Array.from({ length: 28 }, (_, i) => (i >= 14 ? 1 : 2))
    const rest = area.map(() => 10)
    const r = estimate(differenceInDifferences({ treated: area, control: rest, start: 14, weekday: true, overdispersion: true }))
    expect(r.rateRatio).toBeCloseTo(0.5, 6)
    expect(r.ci95[0]).toBeCloseTo(0.2525545429819625, 6)
    expect(r.ci95[1]).toBeCloseTo(0.9898851830111606, 6)
    expect(r.pValue).toBeLessThan(0.05)
  })

  it('says it cannot estimate when a group has no reports in one of the windows', () => {
    const r = differenceInDifferences({ treated: [2, 2, 0, 0], control: [5, 5, 5, 5], start: 2 })
    expect(r.estimable).toBe(false)
  })

  it('refuses series of different lengths and a start without days on both sides', () => {
    expect(() => differenceInDifferences({ treated: [1, 2, 3], control: [1, 2], start: 1 })).toThrow(/control has 2/)
    expect(() => differenceInDifferences({ treated: [1, 2, 3], control: [1, 2, 3], start: 0 })).toThrow(/start/)
    expect(() => differenceInDifferences({ treated: [1, 2, 3], control: [1, 2, 3], start: 2, end: 2 })).toThrow(/start/)
  })
})
