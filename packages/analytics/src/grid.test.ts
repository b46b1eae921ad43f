// RD New projection, cell ids and boundary-aware binning, checked against PostGIS and hand-drawn grids.
import { describe, expect, it } from 'vitest'
import type { BoundaryGeometry } from './grid.js'
import { binToGrid, cellCenter, cellId, cellIndex, cellKey, cellPolygonLonLat, fromRd, parseCellId, toRd } from './grid.js'

/** A ring given in RD metres, as lon/lat positions (GeoJSON order). */
const lonLatRing = (rd: [number, number][]): number[][] => rd.map(([x, y]) => fromRd(x, y))
/** Axis-aligned RD rectangle as a closed ring; reverse=true gives the clockwise order GeoJSON wants for holes. */
const rect = (x0: number, y0: number, x1: number, y1: number, reverse = false): number[][] => {
  const ring: [number, number][] = [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]
  return lonLatRing(reverse ? ring.reverse() : ring)
}
const summary = (cells: ReturnType<typeof binToGrid>): string[] => cells.map((c) => `${c.i},${c.j}:${c.count}${c.inBoundary ? '' : '!'}`)

describe('toRd / fromRd', () => {
  it('matches PostGIS ST_Transform(POINT(4.89 52.37), 4326 → 28992) within 0.5 m', () => {
    const [x, y] = toRd(4.89, 52.37)
    expect(Math.abs(x - 121138.331)).toBeLessThan(0.5)
    expect(Math.abs(y - 487018.387)).toBeLessThan(0.5)
  })

  it('puts the Amersfoort origin at (155000, 463000) once the Bessel datum shift is applied', () => {
    // The lat_0/lon_0 of the definition are Bessel (RD) coordinates; in ETRS89/WGS84 the same
    // tower is at 52.15517440 N, 5.38720621 E (RDNAPTRANS). Fed the Bessel numbers as if they were
    // WGS84, you land ~110 m north and ~30 m east of the origin instead.
    const [x, y] = toRd(5.38720621, 52.1551744)
    expect(Math.abs(x - 155000)).toBeLessThan(1)
    expect(Math.abs(y - 463000)).toBeLessThan(1)
    const [bx, by] = toRd(5.38763888888889, 52.15616055555555)
    expect(bx).toBeCloseTo(155029.8, 0)
    expect(by).toBeCloseTo(463110.0, 0)
  })

  it('round-trips to well under a millimetre', () => {
    const [lon, lat] = fromRd(121138.331, 487018.387)
    expect(lon).toBeCloseTo(4.89, 7)
    expect(lat).toBeCloseTo(52.37, 7)
    const [x, y] = toRd(lon, lat)
    expect(x).toBeCloseTo(121138.331, 3)
    expect(y).toBeCloseTo(487018.387, 3)
  })
})

describe('cell ids', () => {
  it('floors coordinates to column/row and encodes the size in the id', () => {
    expect(cellIndex(121138.331, 487018.387, 100)).toEqual([1211, 4870])
    expect(cellKey(121138.331, 487018.387, 100)).toBe('100:1211:4870')
    expect(cellKey(121138.331, 487018.387, 250)).toBe('250:484:1948')
    // Cells are half-open: a point on the west/south edge belongs to that cell, and negatives floor down.
    expect(cellKey(121100, 487000, 100)).toBe('100:1211:4870')
    expect(cellKey(-0.5, 250, 100)).toBe('100:-1:2')
    expect(parseCellId('100:-1:2')).toEqual({ cellSize: 100, i: -1, j: 2 })
    expect(parseCellId(cellId(1211, 4870, 100))).toEqual({ cellSize: 100, i: 1211, j: 4870 })
    expect(() => parseCellId('100:1.5:2')).toThrow(RangeError)
    expect(() => parseCellId('nope')).toThrow(RangeError)
    expect(() => cellKey(0, 0, 0)).toThrow(RangeError)
  })

  it('gives the centre in RD and a closed counter-clockwise lon/lat outline', () => {
    expect(cellCenter(1211, 4870, 100)).toEqual([121150, 487050])
    const ring = cellPolygonLonLat(1211, 4870, 100)
    expect(ring).toHaveLength(5)
    expect(ring[4]).toEqual(ring[0])
    const corners: [number, number][] = [[121100, 487000], [121200, 487000], [121200, 487100], [121100, 487100]]
    corners.forEach(([x, y], k) => {
      const [rx, ry] = toRd(...ring[k]!)
      // proj4's inverse datum shift iterates to ~0.1 mm, plenty for 100 m cells.
      expect(rx).toBeCloseTo(x, 3)
      expect(ry).toBeCloseTo(y, 3)
    })
    // Shoelace sum in lon/lat: positive means counter-clockwise.
    let area2 = 0
    for (let k = 0; k < 4; k++) area2 += ring[k]![0] * ring[k + 1]![1] - ring[k + 1]![0] * ring[k]![1]
    expect(area2).toBeGreaterThan(0)
  })
})

describe('binToGrid', () => {
  it('without a boundary returns only occupied cells, summing weights', () => {
    const cells = binToGrid(
      [
        { x: 120010, y: 487010 },
        { x: 120099.9, y: 487099.9 },
        { x: 120250, y: 487010, weight: 2.5 },
        { lon: 4.89, lat: 52.37 }, // RD (121138.3, 487018.4) → cell 1211, 4870
      ],
      { cellSize: 100 },
    )
    expect(summary(cells)).toEqual(['1200,4870:2', '1202,4870:2.5', '1211,4870:1'])
    expect(cells[0]).toEqual({ id: '100:1200:4870', i: 1200, j: 4870, x: 120050, y: 487050, count: 2, inBoundary: true })
  })

  it('returns every cell of a square boundary, zero cells included, and flags occupied cells outside it', () => {
    // 300 m × 300 m square at (120000, 487000) in RD → cells 1200–1202 × 4870–4872, 9 in all.
    const boundary: BoundaryGeometry = { type: 'Polygon', coordinates: [rect(120000, 487000, 120300, 487300)] }
    const cells = binToGrid(
      [
        { x: 120010, y: 487010 },
        { x: 120020, y: 487020 },
        { x: 120290, y: 487290, weight: 3 },
        { x: 120550, y: 487050 }, // outside: cell 1205, 4870
      ],
      { boundary },
    )
    expect(summary(cells)).toEqual([
      '1200,4870:2', '1201,4870:0', '1202,4870:0', '1205,4870:1!',
      '1200,4871:0', '1201,4871:0', '1202,4871:0',
      '1200,4872:0', '1201,4872:0', '1202,4872:3',
    ])
    expect(cells.filter((c) => c.count === 0)).toHaveLength(7)
  })

  it('leaves out the cells of a hole', () => {
    // 500 m square minus a 300 m hole in the middle: 25 − 9 = 16 ring cells. One report in the hole.
    const boundary: BoundaryGeometry = {
      type: 'Polygon',
      coordinates: [rect(120000, 487000, 120500, 487500), rect(120100, 487100, 120400, 487400, true)],
    }
    const cells = binToGrid([{ x: 120250, y: 487250 }], { boundary })
    const inside = cells.filter((c) => c.inBoundary)
    expect(inside).toHaveLength(16)
    expect(inside.every((c) => c.i === 1200 || c.i === 1204 || c.j === 4870 || c.j === 4874)).toBe(true)
    expect(summary(cells.filter((c) => !c.inBoundary))).toEqual(['1202,4872:1!'])
  })

  it('fills a triangle by cell centre and takes the union of MultiPolygon parts', () => {
    // Right triangle with legs 450 m: centre ((i+0.5)·100, (j+0.5)·100) is inside when x + y < 450,
    // i.e. i + j ≤ 3 relative to the corner: 4 + 3 + 2 + 1 = 10 cells.
    const triangle = lonLatRing([[120000, 487000], [120450, 487000], [120000, 487450], [120000, 487000]])
    // A second, separate 200 m square: 4 more cells.
    const square = rect(130000, 480000, 130200, 480200)
    const cells = binToGrid([], { boundary: { type: 'MultiPolygon', coordinates: [[triangle], [square]] } })
    expect(cells).toHaveLength(14)
    const rel = cells.filter((c) => c.i < 1300).map((c) => `${c.i - 1200},${c.j - 4870}`)
    expect(rel).toEqual(['0,0', '1,0', '2,0', '3,0', '0,1', '1,1', '2,1', '0,2', '1,2', '0,3'])
    expect(cells.filter((c) => c.i >= 1300).map((c) => c.id)).toEqual(['100:1300:4800', '100:1301:4800', '100:1300:4801', '100:1301:4801'])
  })

  it('handles a concave boundary whose rows cross it four times', () => {
    // A U, 500 m wide and tall, with a 300 m × 400 m notch from the top:
    //   j=1…4: only i=0 and i=4 (the arms); j=0: all five (the base). 8 + 5 = 13 cells.
    const u = lonLatRing([
      [120000, 487000], [120500, 487000], [120500, 487500], [120400, 487500], [120400, 487100],
      [120100, 487100], [120100, 487500], [120000, 487500], [120000, 487000],
    ])
    const cells = binToGrid([], { boundary: { type: 'Polygon', coordinates: [u] } })
    expect(cells.map((c) => `${c.i - 1200},${c.j - 4870}`)).toEqual([
      '0,0', '1,0', '2,0', '3,0', '4,0', '0,1', '4,1', '0,2', '4,2', '0,3', '4,3', '0,4', '4,4',
    ])
  })

  it('uses the cell size for both grid and ids, and rejects bad input', () => {
    const boundary: BoundaryGeometry = { type: 'Polygon', coordinates: [rect(120000, 487000, 120500, 487500)] }
    expect(binToGrid([], { boundary, cellSize: 250 }).map((c) => c.id)).toEqual(['250:480:1948', '250:481:1948', '250:480:1949', '250:481:1949'])
    expect(() => binToGrid([{ x: NaN, y: 0 }])).toThrow(RangeError)
    expect(() => binToGrid([], { cellSize: -1 })).toThrow(RangeError)
  })
})
