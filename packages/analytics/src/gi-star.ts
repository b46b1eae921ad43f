// Getis-Ord Gi* hotspot z-scores with binary fixed-distance-band weights (Ord & Getis 1995), self included.
import { twoSidedP } from './normal.js'

export interface GiStarResult {
  /** Gi* z-score per observation, in input order. */
  z: number[]
  /** Two-sided p-value from the standard normal, in input order. */
  p: number[]
}

/**
 * Turns per-observation neighbour sums into Gi* z-scores. With binary weights Σw² = W, so
 * z_i = (Σ_j x_j − x̄ W_i) / (S √((n W_i − W_i²)/(n − 1))), S the population standard deviation.
 */
function giStarFromLags(values: readonly number[], lag: Float64Array, weights: Float64Array): GiStarResult {
  const n = values.length
  let sum = 0
  for (const v of values) sum += v
  const mean = sum / n
  // Two passes: Σx²/n − x̄² is the same number on paper but cancels catastrophically for large counts.
  let ss = 0
  for (const v of values) ss += (v - mean) * (v - mean)
  const s = Math.sqrt(ss / n)

  const z = new Array<number>(n)
  const p = new Array<number>(n)
  for (let i = 0; i < n; i++) {
    const w = weights[i]!
    const spread = (n * w - w * w) / (n - 1)
    // S = 0 (all values equal) or W_i = n (everyone is a neighbour) leave nothing to compare against.
    const zi = s > 0 && spread > 0 ? (lag[i]! - mean * w) / (s * Math.sqrt(spread)) : 0
    z[i] = zi
    p[i] = twoSidedP(zi)
  }
  return { z, p }
}

function assertValues(values: readonly number[]): void {
  values.forEach((v, k) => {
    if (!Number.isFinite(v)) throw new RangeError(`value ${k} is not a finite number`)
  })
}

export interface GiStarInput {
  values: readonly number[]
  /** Planar coordinates (RD metres for grid cells), same order as values. */
  coordinates: readonly (readonly [number, number])[]
  /** j is a neighbour of i when their Euclidean distance ≤ distanceBand; i is always its own neighbour. */
  distanceBand: number
}

/**
 * Gi* for arbitrary planar points. Neighbours are found through a spatial hash with buckets one band
 * wide, so each point only looks at its own and the eight surrounding buckets: O(n·k), not O(n²).
 */
export function getisOrdGiStar({ values, coordinates, distanceBand }: GiStarInput): GiStarResult {
  const n = values.length
  if (coordinates.length !== n) throw new RangeError(`values (${n}) and coordinates (${coordinates.length}) differ in length`)
  if (!(Number.isFinite(distanceBand) && distanceBand >= 0)) throw new RangeError(`distanceBand must be a finite number ≥ 0, got ${distanceBand}`)
  assertValues(values)
  if (n === 0) return { z: [], p: [] }

  const xs = new Float64Array(n)
  const ys = new Float64Array(n)
  coordinates.forEach(([x, y], k) => {
    if (!(Number.isFinite(x) && Number.isFinite(y))) throw new RangeError(`coordinate ${k} is not finite`)
    xs[k] = x
    ys[k] = y
  })

  const lag = new Float64Array(n)
  const weights = new Float64Array(n)
  // A zero band still has each point as its own (and co-located points' only) neighbour.
  const bucket = distanceBand > 0 ? distanceBand : 1
  // Grid centres that sit exactly one band apart must not drop out on a rounding error in dx² + dy².
  const limit = distanceBand * distanceBand * (1 + 1e-12)

  let minBx = Infinity
  let minBy = Infinity
  let maxBx = -Infinity
  const bx = new Float64Array(n)
  const by = new Float64Array(n)
  for (let k = 0; k < n; k++) {
    bx[k] = Math.floor(xs[k]! / bucket)
    by[k] = Math.floor(ys[k]! / bucket)
    minBx = Math.min(minBx, bx[k]!)
    minBy = Math.min(minBy, by[k]!)
    maxBx = Math.max(maxBx, bx[k]!)
  }
  // Numeric keys (column + row · width) are several times faster than string keys at 50,000 cells.
  const width = maxBx - minBx + 3
  const keyOf = (cx: number, cy: number): number => cx - minBx + 1 + (cy - minBy + 1) * width
  const buckets = new Map<number, number[]>()
  for (let k = 0; k < n; k++) {
    const key = keyOf(bx[k]!, by[k]!)
    const list = buckets.get(key)
    if (list) list.push(k)
    else buckets.set(key, [k])
  }

  for (let i = 0; i < n; i++) {
    const xi = xs[i]!
    const yi = ys[i]!
    let sum = 0
    let count = 0
    for (let dy = -1; dy <= 1; dy++) {
      for (let dx = -1; dx <= 1; dx++) {
        const list = buckets.get(keyOf(bx[i]! + dx, by[i]! + dy))
        if (!list) continue
        for (const j of list) {
          const ddx = xs[j]! - xi
          const ddy = ys[j]! - yi
          if (ddx * ddx + ddy * ddy <= limit) {
            sum += values[j]!
            count++
          }
        }
      }
    }
    lag[i] = sum
    weights[i] = count
  }
  return giStarFromLags(values, lag, weights)
}

export interface GridCellValue {
  i: number
  j: number
  count: number
}

export interface GiStarGridInput {
  /** Cells of one square grid (e.g. binToGrid output), integer column i and row j. */
  cells: readonly GridCellValue[]
  cellSize: number
  /** In the same unit as cellSize, measured between cell centres. */
  distanceBand: number
}

/**
 * Gi* for cells of a regular square grid. Neighbours are one stencil of integer offsets worked out
 * once, so every cell gets exactly the same neighbourhood and no coordinates are hashed. Same result
 * as getisOrdGiStar on the cell centres. Cells absent from the list are not observations: include
 * zero cells explicitly.
 */
export function getisOrdGiStarGrid({ cells, cellSize, distanceBand }: GiStarGridInput): GiStarResult {
  if (!(Number.isFinite(cellSize) && cellSize > 0)) throw new RangeError(`cellSize must be positive, got ${cellSize}`)
  if (!(Number.isFinite(distanceBand) && distanceBand >= 0)) throw new RangeError(`distanceBand must be a finite number ≥ 0, got ${distanceBand}`)
  const n = cells.length
  const values = cells.map((c) => c.count)
  assertValues(values)
  if (n === 0) return { z: [], p: [] }

  let minI = Infinity
  let maxI = -Infinity
  let minJ = Infinity
  cells.forEach((c, k) => {
    if (!Number.isInteger(c.i) || !Number.isInteger(c.j)) throw new RangeError(`cell ${k} has non-integer indices`)
    minI = Math.min(minI, c.i)
    maxI = Math.max(maxI, c.i)
    minJ = Math.min(minJ, c.j)
  })
  const width = maxI - minI + 1
  const keyOf = (i: number, j: number): number => i - minI + (j - minJ) * width
  const index = new Map<number, number>()
  cells.forEach((c, k) => {
    const key = keyOf(c.i, c.j)
    if (index.has(key)) throw new RangeError(`cell ${c.i}:${c.j} appears twice`)
    index.set(key, k)
  })

  // Same tolerance as the point version so the two agree when the band is an exact cell distance.
  const reach = distanceBand / cellSize
  const r = Math.floor(reach + 1e-9)
  const limit = reach * reach * (1 + 1e-12)
  const stencil: [number, number][] = []
  for (let dj = -r; dj <= r; dj++) for (let di = -r; di <= r; di++) if (di * di + dj * dj <= limit) stencil.push([di, dj])

  const lag = new Float64Array(n)
  const weights = new Float64Array(n)
  cells.forEach((c, k) => {
    let sum = 0
    let count = 0
    for (const [di, dj] of stencil) {
      const ni = c.i + di
      // Off the left or right edge the numeric key would wrap into the neighbouring row.
      if (ni < minI || ni > maxI) continue
      const m = index.get(keyOf(ni, c.j + dj))
      if (m === undefined) continue
      sum += values[m]!
      count++
    }
    lag[k] = sum
    weights[k] = count
  })
  return giStarFromLags(values, lag, weights)
}
