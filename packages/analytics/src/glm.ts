// Poisson regression with log link, fitted by iteratively reweighted least squares as R's glm.fit does.
import { cholesky, choleskyInverse, choleskySolve, NotPositiveDefiniteError } from './linalg.js'

export const ERR_RANK_DEFICIENT = 'MELDPUNT_ERR_RANK_DEFICIENT'

/** The design has a column that is a linear combination of the others, so its coefficient is not identifiable. */
export class RankDeficientError extends Error {
  readonly code = ERR_RANK_DEFICIENT
  constructor(readonly column: number, message?: string) {
    super(message ?? `design matrix is rank-deficient: column ${column} is a linear combination of the columns before it (or all zero); drop it or merge levels`)
    this.name = 'RankDeficientError'
  }
}

export interface PoissonRegressionInput {
  /** Observed counts y_i ≥ 0 (need not be integers: the fit is then a quasi-likelihood fit). */
  counts: readonly number[]
  /** One row of covariates per observation; the caller includes the intercept column. */
  design: readonly (readonly number[])[]
  /** Known log-scale term per observation, e.g. log(exposure). */
  offset?: readonly number[]
  /** Default 25, as R. */
  maxIterations?: number
  /** Relative change in deviance that counts as converged; default 1e-8, as R. */
  tolerance?: number
}

export interface PoissonRegressionResult {
  coefficients: number[]
  /** Model-based (Poisson, dispersion 1) standard errors: √diag((XᵀWX)⁻¹) at the fitted means. */
  standardErrors: number[]
  covariance: number[][]
  /** Pearson χ² / (n − p); NaN when n = p (no residual degrees of freedom). */
  dispersion: number
  /** 2 Σ [y log(y/μ) − (y − μ)]. */
  deviance: number
  pearsonChiSquare: number
  degreesOfFreedom: number
  fitted: number[]
  iterations: number
  converged: boolean
}

function poissonDeviance(y: readonly number[], mu: readonly number[]): number {
  let dev = 0
  for (let i = 0; i < y.length; i++) {
    const yi = y[i]!
    const mi = mu[i]!
    // y log(y/μ) → 0 as y → 0, so a zero count contributes only 2μ.
    dev += 2 * ((yi > 0 ? yi * Math.log(yi / mi) : 0) - (yi - mi))
  }
  return dev
}

function linearPredictor(design: readonly (readonly number[])[], beta: readonly number[], offset: readonly number[] | undefined): number[] {
  return design.map((row, i) => {
    let eta = offset ? offset[i]! : 0
    for (let j = 0; j < beta.length; j++) eta += row[j]! * beta[j]!
    return eta
  })
}

/** XᵀWX with W = diag(w); only the lower triangle is needed by cholesky but both are filled. */
function weightedCrossProduct(design: readonly (readonly number[])[], w: readonly number[], p: number): number[][] {
  const a: number[][] = Array.from({ length: p }, () => new Array<number>(p).fill(0))
  design.forEach((row, i) => {
    const wi = w[i]!
    for (let j = 0; j < p; j++) {
      const xij = wi * row[j]!
      if (xij === 0) continue
      const aj = a[j]!
      for (let k = 0; k <= j; k++) aj[k]! += xij * row[k]!
    }
  })
  for (let j = 0; j < p; j++) for (let k = 0; k < j; k++) a[k]![j] = a[j]![k]!
  return a
}

function factor(a: number[][]): number[][] {
  try {
    return cholesky(a)
  } catch (e) {
    if (e instanceof NotPositiveDefiniteError) throw new RankDeficientError(e.column)
    throw e
  }
}

function validate(input: PoissonRegressionInput): void {
  const { counts, design, offset, maxIterations = 25, tolerance = 1e-8 } = input
  if (!(Number.isInteger(maxIterations) && maxIterations >= 1)) throw new RangeError(`maxIterations must be a whole number ≥ 1, got ${maxIterations}`)
  if (!(tolerance > 0)) throw new RangeError(`tolerance must be positive, got ${tolerance}`)
  const n = counts.length
  if (n === 0) throw new RangeError('counts is empty')
  if (design.length !== n) throw new RangeError(`design has ${design.length} rows but there are ${n} counts`)
  const p = design[0]!.length
  if (p === 0) throw new RangeError('design has no columns')
  if (n < p) throw new RangeError(`${n} observations cannot identify ${p} coefficients`)
  counts.forEach((y, i) => {
    if (!(Number.isFinite(y) && y >= 0)) throw new RangeError(`count ${i} must be a finite number ≥ 0, got ${y}`)
  })
  design.forEach((row, i) => {
    if (row.length !== p) throw new RangeError(`design row ${i} has ${row.length} columns, expected ${p}`)
    row.forEach((x, j) => {
      if (!Number.isFinite(x)) throw new RangeError(`design[${i}][${j}] is not a finite number`)
    })
  })
  if (offset) {
    if (offset.length !== n) throw new RangeError(`offset has ${offset.length} entries but there are ${n} counts`)
    offset.forEach((o, i) => {
      if (!Number.isFinite(o)) throw new RangeError(`offset ${i} is not a finite number`)
    })
  }
}

/**
 * Fisher scoring for log μ = Xβ + offset. Mirrors R's glm.fit so results and iteration counts
 * line up with `glm(..., family = poisson())`: start from μ = y + 0.1, stop when
 * |dev − dev_old| / (|dev| + 0.1) < tolerance, halve the step if the deviance goes non-finite.
 * Throws RankDeficientError when XᵀWX is singular: R would silently drop the column (NA
 * coefficient), which would hide a design mistake here.
 */
export function poissonRegression(input: PoissonRegressionInput): PoissonRegressionResult {
  validate(input)
  const { counts: y, design, offset, maxIterations = 25, tolerance = 1e-8 } = input
  const n = y.length
  const p = design[0]!.length

  let mu = y.map((yi) => yi + 0.1)
  let eta = mu.map(Math.log)
  let devOld = poissonDeviance(y, mu)
  let beta: number[] | undefined
  let converged = false
  let iterations = 0

  for (let iter = 1; iter <= maxIterations; iter++) {
    iterations = iter
    const z = eta.map((e, i) => e - (offset ? offset[i]! : 0) + (y[i]! - mu[i]!) / mu[i]!)
    const l = factor(weightedCrossProduct(design, mu, p))
    const xtwz = new Array<number>(p).fill(0)
    design.forEach((row, i) => {
      const wz = mu[i]! * z[i]!
      for (let j = 0; j < p; j++) xtwz[j]! += row[j]! * wz
    })
    let next = choleskySolve(l, xtwz)
    let nextEta = linearPredictor(design, next, offset)
    let nextMu = nextEta.map(Math.exp)
    let dev = poissonDeviance(y, nextMu)
    // Step halving, as glm.fit: an overflowing exp() must not end the fit when a shorter step would do.
    for (let halvings = 0; !(Number.isFinite(dev) && nextMu.every((m) => m > 0 && Number.isFinite(m))); halvings++) {
      if (!beta || halvings >= maxIterations) throw new RangeError('Poisson regression diverged: no finite fit found; check the design for extreme covariate values')
      next = next.map((b, j) => (b + beta![j]!) / 2)
      nextEta = linearPredictor(design, next, offset)
      nextMu = nextEta.map(Math.exp)
      dev = poissonDeviance(y, nextMu)
    }
    beta = next
    eta = nextEta
    mu = nextMu
    if (Math.abs(dev - devOld) / (Math.abs(dev) + 0.1) < tolerance) {
      converged = true
      break
    }
    devOld = dev
  }

  // Information at the final μ (R reuses the last iteration's weights; the difference is below its tolerance).
  const covariance = choleskyInverse(factor(weightedCrossProduct(design, mu, p)))
  let pearsonChiSquare = 0
  for (let i = 0; i < n; i++) pearsonChiSquare += (y[i]! - mu[i]!) ** 2 / mu[i]!
  const degreesOfFreedom = n - p
  return {
    coefficients: beta!,
    standardErrors: covariance.map((row, j) => Math.sqrt(row[j]!)),
    covariance,
    dispersion: degreesOfFreedom > 0 ? pearsonChiSquare / degreesOfFreedom : NaN,
    deviance: poissonDeviance(y, mu),
    pearsonChiSquare,
    degreesOfFreedom,
    fitted: mu,
    iterations,
    converged,
  }
}
