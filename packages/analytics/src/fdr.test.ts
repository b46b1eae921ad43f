// Benjamini–Hochberg step-up and hot/cold bins against hand-worked and published examples.
import { describe, expect, it } from 'vitest'
import { benjaminiHochberg, fdrBins } from './fdr.js'

describe('benjaminiHochberg', () => {
  it('is a step-up: a p-value above its own bound is still rejected when a larger rank passes', () => {
    // m = 5, q = 0.05, bounds k·q/m = 0.01, 0.02, 0.03, 0.04, 0.05.
    // Sorted p: 0.005, 0.025, 0.028, 0.2, 0.5.
    //   k=5: 0.5 > 0.05; k=4: 0.2 > 0.04; k=3: 0.028 ≤ 0.03 → threshold 0.028.
    // 0.025 fails its own bound (> 0.02) but is rejected; a step-down procedure would stop at k=1.
    expect(benjaminiHochberg([0.2, 0.025, 0.5, 0.005, 0.028], 0.05)).toEqual([false, true, false, true, true])
    // q = 0.01: bounds 0.002, 0.004, 0.006, 0.008, 0.01; nothing passes (0.005 > 0.002 at k=1, 0.028 > 0.006 at k=3).
    expect(benjaminiHochberg([0.2, 0.025, 0.5, 0.005, 0.028], 0.01)).toEqual([false, false, false, false, false])
  })

  it('rejects 4 of the 15 p-values in the Benjamini & Hochberg (1995) worked example at q = 0.05', () => {
    // Benjamini, Y. & Hochberg, Y. (1995) "Controlling the false discovery rate", JRSS B 57(1), 289–300:
    // the 15 p-values of Neuhaus et al.'s thrombolysis trial. Bounds k·0.05/15 = k/300:
    //   k=4: 0.0095 ≤ 0.01333 ✓; k=5: 0.0201 > 0.01667; … k=9: 0.0459 > 0.03; k≥10: p > 0.3 > k/300.
    // So the largest passing k is 4 (Bonferroni, 0.05/15 = 0.00333, would reject only 3).
    const p = [0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344, 0.0459, 0.324, 0.4262, 0.5719, 0.6528, 0.759, 1]
    const rejected = benjaminiHochberg(p, 0.05)
    expect(rejected.filter(Boolean)).toHaveLength(4)
    expect(rejected.slice(0, 4)).toEqual([true, true, true, true])
    expect(rejected[4]).toBe(false)
  })

  it('handles ties, empty input and bad p-values', () => {
    // m = 3, q = 0.05: bounds 0.01667, 0.03333, 0.05; the third 0.04 ≤ 0.05 so all three tied values go.
    expect(benjaminiHochberg([0.04, 0.04, 0.04], 0.05)).toEqual([true, true, true])
    expect(benjaminiHochberg([0.06, 0.06, 0.06], 0.05)).toEqual([false, false, false])
    expect(benjaminiHochberg([], 0.05)).toEqual([])
    expect(() => benjaminiHochberg([0.1, NaN], 0.05)).toThrow(RangeError)
    expect(() => benjaminiHochberg([1.2], 0.05)).toThrow(RangeError)
    expect(() => benjaminiHochberg([0.1], 0)).toThrow(RangeError)
  })
})

describe('fdrBins', () => {
  it('bins by the strictest level passed, signed by z', () => {
    // m = 6, sorted p: 0.001, 0.012, 0.03, 0.045, 0.07, 0.6.
    // q = 0.01: bounds k/600 = 0.00167, 0.00333, 0.005, 0.00667, 0.00833, 0.01
    //   → only k=1 passes (0.001 ≤ 0.00167): {0.001}.
    // q = 0.05: bounds k/120 = 0.00833, 0.01667, 0.025, 0.03333, 0.04167, 0.05
    //   k=6: 0.6 ✗, k=5: 0.07 ✗, k=4: 0.045 ✗, k=3: 0.03 ✗, k=2: 0.012 ≤ 0.01667 ✓ → {0.001, 0.012}.
    // q = 0.10: bounds k/60 = 0.01667, 0.03333, 0.05, 0.06667, 0.08333, 0.1
    //   k=6: 0.6 ✗, k=5: 0.07 ≤ 0.08333 ✓ → everything but 0.6.
    const p = [0.045, 0.001, 0.6, 0.012, 0.07, 0.03]
    const z = [-2.0, 3.3, 0.5, -2.5, 1.8, 2.2]
    expect(fdrBins(p, z)).toEqual([-1, 3, 0, -2, 1, 1])
  })

  it('gives 0 for z = 0 and rejects mismatched lengths', () => {
    expect(fdrBins([0.0001], [0])).toEqual([0])
    expect(Object.is(fdrBins([0.9], [-0.1])[0], 0)).toBe(true)
    expect(() => fdrBins([0.1, 0.2], [1])).toThrow(RangeError)
  })
})
