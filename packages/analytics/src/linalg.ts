// Cholesky factorisation and solves for the small symmetric positive-definite systems of a GLM fit.

/**
 * Thrown when a matrix is not (numerically) positive definite. `column` is the first column whose
 * pivot vanished, i.e. the first column that is a linear combination of the ones before it.
 */
export class NotPositiveDefiniteError extends Error {
  constructor(readonly column: number) {
    super(`matrix is not positive definite: column ${column} depends linearly on earlier columns`)
    this.name = 'NotPositiveDefiniteError'
  }
}

/**
 * A pivot counts as zero when it is below this fraction of the original diagonal element. The ratio
 * pivot/a_jj is 1 − R² of column j on the earlier columns, so it does not depend on column scale;
 * exact collinearity leaves ~1e-15 of rounding, and 1e-10 still admits R² = 0.9999999999.
 */
const PIVOT_TOLERANCE = 1e-10

/** Lower-triangular L with A = L·Lᵀ, for symmetric positive-definite A (only its lower triangle is read). */
export function cholesky(a: readonly (readonly number[])[]): number[][] {
  const n = a.length
  const l: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(0))
  for (let j = 0; j < n; j++) {
    const rowA = a[j]!
    if (rowA.length !== n) throw new RangeError(`matrix is not square: row ${j} has ${rowA.length} entries, expected ${n}`)
    const rowL = l[j]!
    const ajj = rowA[j]!
    let d = ajj
    for (let k = 0; k < j; k++) d -= rowL[k]! * rowL[k]!
    if (!(ajj > 0) || !(d > PIVOT_TOLERANCE * ajj)) throw new NotPositiveDefiniteError(j)
    const ljj = Math.sqrt(d)
    rowL[j] = ljj
    for (let i = j + 1; i < n; i++) {
      const rowI = l[i]!
      let s = a[i]![j]!
      for (let k = 0; k < j; k++) s -= rowI[k]! * rowL[k]!
      rowI[j] = s / ljj
    }
  }
  return l
}

/** Solves L·Lᵀ·x = b given the Cholesky factor L. */
export function choleskySolve(l: readonly (readonly number[])[], b: readonly number[]): number[] {
  const n = l.length
  const y = new Array<number>(n)
  for (let i = 0; i < n; i++) {
    const row = l[i]!
    let s = b[i]!
    for (let k = 0; k < i; k++) s -= row[k]! * y[k]!
    y[i] = s / row[i]!
  }
  const x = new Array<number>(n)
  for (let i = n - 1; i >= 0; i--) {
    let s = y[i]!
    for (let k = i + 1; k < n; k++) s -= l[k]![i]! * x[k]!
    x[i] = s / l[i]![i]!
  }
  return x
}

/** A⁻¹ from the Cholesky factor of A, column by column; symmetric by construction. */
export function choleskyInverse(l: readonly (readonly number[])[]): number[][] {
  const n = l.length
  const inv: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(0))
  for (let j = 0; j < n; j++) {
    const e = new Array<number>(n).fill(0)
    e[j] = 1
    const col = choleskySolve(l, e)
    for (let i = 0; i < n; i++) inv[i]![j] = col[i]!
  }
  // Average the two triangles so that rounding cannot make the covariance matrix asymmetric.
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      const m = (inv[i]![j]! + inv[j]![i]!) / 2
      inv[i]![j] = m
      inv[j]![i] = m
    }
  }
  return inv
}
