import { describe, expect, it } from 'vitest'
import { normalCdf, normalQuantile, twoSidedP } from './normal.js'

// Reference values from R: pnorm(), qnorm().
describe('normal distribution', () => {
  it('matches R pnorm', () => {
    expect(normalCdf(0)).toBe(0.5)
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 14)
    expect(normalCdf(-1)).toBeCloseTo(0.15865525393145707, 14)
    expect(normalCdf(3)).toBeCloseTo(0.9986501019683699, 14)
    expect(normalCdf(-8)).toBeCloseTo(6.22096057427178e-16, 20)
  })
  it('two-sided p of 1.96 is 0.05', () => {
    expect(twoSidedP(1.959963984540054)).toBeCloseTo(0.05, 12)
    expect(twoSidedP(-2.5758293035489)).toBeCloseTo(0.01, 12)
  })
  it('matches R qnorm', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 12)
    expect(normalQuantile(0.999)).toBeCloseTo(3.090232306167813, 12)
    expect(normalQuantile(0.01)).toBeCloseTo(-2.326347874040841, 12)
    expect(normalQuantile(0.5)).toBe(0)
  })
})
