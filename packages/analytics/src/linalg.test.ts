import { describe, expect, it } from 'vitest'
import { cholesky, choleskyInverse, choleskySolve, NotPositiveDefiniteError } from './linalg.js'

describe('cholesky', () => {
  // A = L·Lᵀ with L = [[2, 0, 0], [6, 1, 0], [−8, 5, 3]] (the textbook example from Wikipedia's "Cholesky decomposition").
  const a = [[4, 12, -16], [12, 37, -43], [-16, -43, 98]]

  it('factors, solves and inverts', () => {
    const l = cholesky(a)
    expect(l).toEqual([[2, 0, 0], [6, 1, 0], [-8, 5, 3]])
    // A·[1, 2, 3]ᵀ = [4 + 24 − 48, 12 + 74 − 129, −16 − 86 + 294] = [−20, −43, 192].
    const x = choleskySolve(l, [-20, -43, 192])
    x.forEach((v, i) => expect(v).toBeCloseTo(i + 1, 12))
    const inv = choleskyInverse(l)
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) {
        let s = 0
        for (let k = 0; k < 3; k++) s += a[i]![k]! * inv[k]![j]!
        expect(s).toBeCloseTo(i === j ? 1 : 0, 10)
      }
      for (let j = 0; j < i; j++) expect(inv[i]![j]).toBe(inv[j]![i])
    }
  })

  it('names the first dependent column', () => {
    // Column 2 = column 0 + column 1 in XᵀX of X = [[1, 0, 1], [0, 1, 1], [1, 1, 2]].
    const singular = [[2, 1, 3], [1, 2, 3], [3, 3, 6]]
    expect(() => cholesky(singular)).toThrow(NotPositiveDefiniteError)
    expect(() => cholesky(singular)).toThrow(/column 2/)
    expect(() => cholesky([[1, 0], [0, 0]])).toThrow(/column 1/)
    expect(() => cholesky([[1, 2]])).toThrow(/not square/)
  })
})
