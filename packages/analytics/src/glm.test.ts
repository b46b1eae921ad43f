import { describe, expect, it } from 'vitest'
import { ERR_RANK_DEFICIENT, poissonRegression, RankDeficientError } from './glm.js'

// Dobson (1990) p. 93, the example in R's ?glm:
//   counts <- c(18,17,15,20,10,20,25,13,12); outcome <- gl(3,1,9); treatment <- gl(3,3)
//   summary(glm(counts ~ outcome + treatment, family = poisson()))
// R prints: (Intercept) 3.045e+00 (SE 1.709e-01), outcome2 -4.543e-01 (2.022e-01),
// outcome3 -2.930e-01 (1.927e-01), treatment2/3 ~1e-16 (2.000e-01); residual deviance 5.1291 on 4 df;
// 4 Fisher scoring iterations; quasipoisson dispersion 1.2933.
// Because the treatment totals are equal (50 each), the MLE has closed forms we check to 1e-10:
// intercept = log(63/3) (outcome-1 total 63 over 3 treatments), outcome2 = log(40/63), outcome3 = log(47/63),
// treatment = 0; SE(outcome k) = √(1/n_k + 1/63), SE(treatment) = √(1/50 + 1/50) = 0.2,
// SE(intercept) = √(1/63 + 1/50 − 1/150) = 0.170898651856.
const dobson = {
  counts: [18, 17, 15, 20, 10, 20, 25, 13, 12],
  outcome: [1, 2, 3, 1, 2, 3, 1, 2, 3],
  treatment: [1, 1, 1, 2, 2, 2, 3, 3, 3],
}
const dobsonDesign = dobson.outcome.map((o, i) => {
  const t = dobson.treatment[i]!
  return [1, o === 2 ? 1 : 0, o === 3 ? 1 : 0, t === 2 ? 1 : 0, t === 3 ? 1 : 0]
})

describe('poissonRegression', () => {
  it('reproduces R glm() on Dobson (1990) to the printed digits', () => {
    const fit = poissonRegression({ counts: dobson.counts, design: dobsonDesign })
    const printed = [3.045, -0.4543, -0.293, 0, 0]
    fit.coefficients.forEach((b, j) => expect(Math.abs(b - printed[j]!)).toBeLessThan(5e-4))
    const printedSe = [0.1709, 0.2022, 0.1927, 0.2, 0.2]
    fit.standardErrors.forEach((s, j) => expect(Math.abs(s - printedSe[j]!)).toBeLessThan(5e-5))
    expect(fit.deviance).toBeCloseTo(5.1291, 4)
    expect(fit.degreesOfFreedom).toBe(4)
    expect(fit.dispersion).toBeCloseTo(1.2933, 4)
    expect(fit.iterations).toBe(4)
    expect(fit.converged).toBe(true)
  })

  it('matches the closed-form MLE of the Dobson example to 1e-10', () => {
    const fit = poissonRegression({ counts: dobson.counts, design: dobsonDesign })
    const exact = [Math.log(21), Math.log(40 / 63), Math.log(47 / 63), 0, 0]
    // Convergence is declared on the deviance (R's rule), so coefficients are good to ~1e-9, not 1e-15.
    fit.coefficients.forEach((b, j) => expect(b).toBeCloseTo(exact[j]!, 8))
    const exactSe = [Math.sqrt(1 / 63 + 1 / 50 - 1 / 150), Math.sqrt(1 / 40 + 1 / 63), Math.sqrt(1 / 47 + 1 / 63), 0.2, 0.2]
    fit.standardErrors.forEach((s, j) => expect(s).toBeCloseTo(exactSe[j]!, 8))
    // Fitted = row total × column total / grand total, e.g. cell 1: 63 × 50 / 150 = 21.
    expect(fit.fitted[0]).toBeCloseTo(21, 7)
    expect(fit.fitted[4]).toBeCloseTo((40 * 50) / 150, 7)
    // Covariance of the two treatment effects: both share the treatment-1 baseline, 1/50.
    expect(fit.covariance[3]![4]).toBeCloseTo(1 / 50, 8)
    expect(fit.covariance[4]![3]).toBe(fit.covariance[3]![4])
  })

  it('uses the offset: a saturated two-group rate model recovers log rates exactly', () => {
    // 10 events in 5 units and 30 in 5 units: log rate 0 = log 2, log rate ratio = log 3.
    // Var(log rate ratio) = 1/10 + 1/30 (delta method = Fisher information for Poisson).
    const fit = poissonRegression({ counts: [10, 30], design: [[1, 0], [1, 1]], offset: [Math.log(5), Math.log(5)] })
    expect(fit.coefficients[0]).toBeCloseTo(Math.log(2), 10)
    expect(fit.coefficients[1]).toBeCloseTo(Math.log(3), 10)
    expect(fit.standardErrors[0]).toBeCloseTo(Math.sqrt(1 / 10), 10)
    expect(fit.standardErrors[1]).toBeCloseTo(Math.sqrt(1 / 10 + 1 / 30), 10)
    expect(fit.deviance).toBeCloseTo(0, 10)
    expect(fit.degreesOfFreedom).toBe(0)
    expect(Number.isNaN(fit.dispersion)).toBe(true)
  })

  it('fits a continuous covariate with an offset as an independent IRLS does', () => {
    // Reference from a separate numpy implementation of the same algorithm, iterated to full convergence.
    const fit = poissonRegression({
      counts: [2, 3, 6, 7, 8, 9, 10, 12, 15],
      design: [-1, -1, 0, 0, 0, 0, 1, 1, 1].map((x) => [1, x]),
      offset: [1, 1.5, 2, 2, 2.5, 2.5, 3, 3, 4].map(Math.log),
    })
    expect(fit.coefficients[0]).toBeCloseTo(1.122186291228, 7)
    expect(fit.coefficients[1]).toBeCloseTo(0.217487266401, 7)
    expect(fit.standardErrors[0]).toBeCloseTo(0.142982631823, 7)
    expect(fit.standardErrors[1]).toBeCloseTo(0.182168650096, 7)
    expect(fit.deviance).toBeCloseTo(0.8099079700832944, 7)
    expect(fit.dispersion).toBeCloseTo(0.11478649194423655, 7)
  })

  it('handles zero counts without NaN', () => {
    const fit = poissonRegression({ counts: [0, 0, 1, 3], design: [[1, 0], [1, 0], [1, 1], [1, 1]] })
    // Group 1 has no events: its log rate heads for −∞; the fit stops on the deviance rule with μ ≈ 0.
    expect(fit.fitted[0]).toBeLessThan(1e-6)
    expect(fit.fitted[2]).toBeCloseTo(2, 6)
    expect(fit.coefficients.every(Number.isFinite)).toBe(true)
    expect(Number.isFinite(fit.deviance)).toBe(true)
  })

  it('throws a coded error naming the collinear column', () => {
    // Column 2 = column 0 − column 1.
    const design = [[1, 0, 1], [1, 1, 0], [1, 0, 1], [1, 1, 0]]
    const run = () => poissonRegression({ counts: [3, 4, 5, 6], design })
    expect(run).toThrow(RankDeficientError)
    try {
      run()
    } catch (e) {
      expect((e as RankDeficientError).code).toBe(ERR_RANK_DEFICIENT)
      expect((e as RankDeficientError).column).toBe(2)
    }
    expect(() => poissonRegression({ counts: [3, 4, 5], design: [[1, 0], [1, 0], [1, 0]] })).toThrow(/column 1/)
  })

  it('rejects malformed input with a message', () => {
    expect(() => poissonRegression({ counts: [1, -1], design: [[1], [1]] })).toThrow(/count 1/)
    expect(() => poissonRegression({ counts: [1, 2], design: [[1]] })).toThrow(/rows/)
    expect(() => poissonRegression({ counts: [1, 2], design: [[1, 0], [1]] })).toThrow(/row 1/)
    expect(() => poissonRegression({ counts: [1], design: [[1, 2]] })).toThrow(/cannot identify/)
  })
})
