// Gi* z-scores and p-values against a hand-worked 3×3 grid and PySAL's published reference value.
import { describe, expect, it } from 'vitest'
import { getisOrdGiStar, getisOrdGiStarGrid } from './gi-star.js'

const near = (actual: number[], expected: number[], digits = 6): void => {
  expect(actual).toHaveLength(expected.length)
  actual.forEach((a, k) => expect(a, `index ${k}`).toBeCloseTo(expected[k]!, digits))
}

/*
 * 3×3 grid, unit cells, values 1…9 row by row (i = column, j = row):
 *
 *   j=2:  7 8 9
 *   j=1:  4 5 6
 *   j=0:  1 2 3
 *
 * n = 9, x̄ = 45/9 = 5, Σ(x − x̄)² = 16+9+4+1+0+1+4+9+16 = 60, S² = 60/9 = 20/3.
 *
 * Band 1 (self + rook neighbours):
 *   corner, W = 3: spread = (9·3 − 9)/8 = 2.25, S·√2.25 = √(20/3 · 9/4) = √15
 *   edge,   W = 4: spread = (9·4 − 16)/8 = 2.5, S·√2.5 = √(50/3)
 *   centre, W = 5: numerator is 0 by symmetry.
 *   (0,0)=1: 1+2+4 = 7,       7 − 5·3 = −8  → z = −8/√15     = −2.065591117977289
 *   (1,0)=2: 2+1+3+5 = 11,   11 − 5·4 = −9  → z = −9/√(50/3) = −2.2045407685048604
 *   (2,0)=3: 3+2+6 = 11,     11 − 15  = −4  → z = −4/√15     = −1.0327955589886444
 *   (0,1)=4: 4+1+7+5 = 17,   17 − 20  = −3  → z = −3/√(50/3) = −0.7348469228349533
 *   (1,1)=5: 5+2+4+6+8 = 25, 25 − 25  =  0  → z = 0
 *   and the rest mirror these with the opposite sign.
 * p = 2Φ(−|z|): Φ(−2.0656) = 0.019434 → 0.0388671; Φ(−2.2045) = 0.013743 → 0.0274863;
 *   Φ(−1.0328) = 0.150850 → 0.3016996; Φ(−0.7348) = 0.231216 → 0.4624327.
 */
const values = [1, 2, 3, 4, 5, 6, 7, 8, 9]
const coordinates = values.map((_, k) => [(k % 3) + 0.5, Math.floor(k / 3) + 0.5] as [number, number])
const cells = values.map((count, k) => ({ i: k % 3, j: Math.floor(k / 3), count }))
const a = 8 / Math.sqrt(15)
const b = 9 / Math.sqrt(50 / 3)
const c = 4 / Math.sqrt(15)
const d = 3 / Math.sqrt(50 / 3)

describe('getisOrdGiStar', () => {
  it('matches the hand-worked 3×3 grid at band 1', () => {
    const { z, p } = getisOrdGiStar({ values, coordinates, distanceBand: 1 })
    near(z, [-a, -b, -c, -d, 0, d, c, b, a])
    expect(a).toBeCloseTo(2.065591117977289, 12)
    expect(b).toBeCloseTo(2.2045407685048604, 12)
    near(p, [0.0388671, 0.0274863, 0.3016996, 0.4624327, 1, 0.4624327, 0.3016996, 0.0274863, 0.0388671])
  })

  it('includes neighbours exactly on the band, e.g. diagonals at band √2', () => {
    // Self + queen neighbours. Corner (0,0): 1+2+4+5 = 12, W = 4, 12 − 20 = −8 → z = −8/√(50/3) = −1.9595918.
    // Centre: W = 9 = n, so n·W − W² = 0: every cell is a neighbour, nothing to compare, z = 0.
    const { z, p } = getisOrdGiStar({ values, coordinates, distanceBand: Math.SQRT2 })
    expect(z[0]).toBeCloseTo(-1.9595917942265424, 6)
    expect(z[4]).toBe(0)
    expect(p[4]).toBe(1)
  })

  it("reproduces PySAL esda's G_Local star binary reference value and the rest by hand", () => {
    /*
     * pysal/esda, esda/tests/test_getisord.py (TestGLocal.test_star_binary): points
     * (10,10) (20,10) (40,10) (15,20) (30,20) (30,30), y = 2, 3, 3.2, 5, 8, 7, DistanceBand threshold 15,
     * transform 'B', star=True → Zs[0] = −1.39727626.
     * n = 6, x̄ = 28.2/6 = 4.7, Σy² = 161.24, S² = 161.24/6 − 4.7² = 4.783333, S = 2.1870833.
     * Neighbours (self included, d ≤ 15):
     *   0: {0,1,3}      sum 10,   W 3: (10 − 14.1)/(S·√((18−9)/5))   = −4.1/2.9342840 = −1.3972763
     *   1: {0,1,3,4}    sum 18,   W 4: (18 − 18.8)/(S·√((24−16)/5))  = −0.8/2.7664655 = −0.2891776
     *   2: {2,4}        sum 11.2, W 2: (11.2 − 9.4)/(S·√((12−4)/5))  =  1.8/2.7664655 =  0.6506496
     *   3: {0,1,3,4}    sum 18,   W 4: as 1; note 3–4 are exactly 15 apart  = −0.2891776
     *   4: {1,2,3,4,5}  sum 26.2, W 5: (26.2 − 23.5)/(S·√((30−25)/5)) =  2.7/2.1870833 =  1.2345209
     *   5: {4,5}        sum 15,   W 2: (15 − 9.4)/2.7664655            =  5.6/2.7664655 =  2.0242433
     */
    const { z, p } = getisOrdGiStar({
      values: [2, 3, 3.2, 5, 8, 7],
      coordinates: [[10, 10], [20, 10], [40, 10], [15, 20], [30, 20], [30, 30]],
      distanceBand: 15,
    })
    expect(z[0]).toBeCloseTo(-1.39727626, 7)
    near(z, [-1.3972763, -0.2891776, 0.6506496, -0.2891776, 1.2345209, 2.0242433])
    near(p, [0.1623305, 0.7724455, 0.5152727, 0.7724455, 0.2170089, 0.0429451])
  })

  it('gives z = 0, p = 1 when all values are equal, and handles tiny inputs', () => {
    const flat = getisOrdGiStar({ values: [4, 4, 4, 4], coordinates: [[0, 0], [1, 0], [2, 0], [3, 0]], distanceBand: 1 })
    expect(flat).toEqual({ z: [0, 0, 0, 0], p: [1, 1, 1, 1] })
    expect(getisOrdGiStar({ values: [], coordinates: [], distanceBand: 1 })).toEqual({ z: [], p: [] })
    expect(getisOrdGiStar({ values: [3], coordinates: [[0, 0]], distanceBand: 1 })).toEqual({ z: [0], p: [1] })
  })

  it('rejects mismatched or non-finite input', () => {
    expect(() => getisOrdGiStar({ values: [1, 2], coordinates: [[0, 0]], distanceBand: 1 })).toThrow(RangeError)
    expect(() => getisOrdGiStar({ values: [1, NaN], coordinates: [[0, 0], [1, 1]], distanceBand: 1 })).toThrow(RangeError)
    expect(() => getisOrdGiStar({ values: [1], coordinates: [[0, 0]], distanceBand: -1 })).toThrow(RangeError)
  })

  it('agrees with a brute-force O(n²) Gi* on an irregular point set', () => {
    // Deterministic pseudo-random points so the spatial hash sees points in many buckets and on bucket edges.
    let seed = 12345
    const rand = (): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648)
    const n = 400
    const pts = Array.from({ length: n }, () => [Math.floor(rand() * 1000), Math.floor(rand() * 1000)] as [number, number])
    const vals = pts.map(() => Math.floor(rand() * 10))
    const band = 120
    const mean = vals.reduce((s, v) => s + v, 0) / n
    const sd = Math.sqrt(vals.reduce((s, v) => s + v * v, 0) / n - mean * mean)
    const expected = pts.map(([xi, yi]) => {
      let sum = 0
      let w = 0
      pts.forEach(([xj, yj], j) => {
        if (Math.hypot(xj - xi, yj - yi) <= band) {
          sum += vals[j]!
          w++
        }
      })
      return (sum - mean * w) / (sd * Math.sqrt((n * w - w * w) / (n - 1)))
    })
    near(getisOrdGiStar({ values: vals, coordinates: pts, distanceBand: band }).z, expected, 9)
  })
})

describe('getisOrdGiStarGrid', () => {
  it('matches the hand-worked 3×3 grid, with cell size and band in metres', () => {
    const { z } = getisOrdGiStarGrid({ cells: cells.map((c) => ({ ...c })), cellSize: 100, distanceBand: 100 })
    near(z, [-a, -b, -c, -d, 0, d, c, b, a])
  })

  it('agrees with the point version on a larger grid with gaps, in any input order', () => {
    const grid: { i: number; j: number; count: number }[] = []
    for (let j = 0; j < 30; j++) {
      for (let i = 0; i < 40; i++) {
        // Holes in the grid (cells outside a boundary) and a hotspot near (10, 20).
        if ((i * 7 + j * 3) % 11 === 0) continue
        grid.push({ i: i + 1200, j: j + 4870, count: ((i * j) % 5) + (Math.abs(i - 10) + Math.abs(j - 20) < 4 ? 9 : 0) })
      }
    }
    grid.reverse()
    for (const band of [100, 150, Math.SQRT2 * 100, 250]) {
      const viaGrid = getisOrdGiStarGrid({ cells: grid, cellSize: 100, distanceBand: band })
      const viaPoints = getisOrdGiStar({
        values: grid.map((g) => g.count),
        coordinates: grid.map((g) => [(g.i + 0.5) * 100, (g.j + 0.5) * 100]),
        distanceBand: band,
      })
      near(viaGrid.z, viaPoints.z, 9)
    }
  })

  it('rejects duplicate cells', () => {
    expect(() => getisOrdGiStarGrid({ cells: [{ i: 0, j: 0, count: 1 }, { i: 0, j: 0, count: 2 }], cellSize: 100, distanceBand: 100 })).toThrow(
      RangeError,
    )
  })
})
