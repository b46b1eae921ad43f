// Mapbox vector tiles of hotspot cells and a density layer, encoded in TypeScript so both databases serve them.
import GeoJSONVT from 'geojson-vt'
import { fromGeojsonVt } from 'vt-pbf'
import { cellCentreLonLat, cellFeature, visibleCells, type BoundaryGridCache, type HotspotResult } from './service.js'

export const TILE_EXTENT = 4096
export const TILE_LAYERS = { cells: 'hotspot_cells', density: 'density' } as const

export interface TileSource {
  status: HotspotResult['status']
  cells: GeoJSONVT | null
  density: GeoJSONVT | null
}

const VT_OPTIONS = { maxZoom: 20, indexMaxZoom: 5, extent: TILE_EXTENT, buffer: 64, tolerance: 2 }

/**
 * Two tile indexes from one hotspot result: polygons with bin/count/z for the class map, and points at cell
 * centres weighted by count for a heatmap. geojson-vt slices lazily, so a map's first tiles pay for what they show.
 */
export function tileSource(grids: BoundaryGridCache, result: HotspotResult): TileSource {
  if (result.status !== 'ok') return { status: result.status, cells: null, density: null }
  const cells = visibleCells(result, 'significant-or-occupied')
  const polygons = cells.map((c) => {
    const f = cellFeature(grids, c, result.cellSize)
    return { ...f, id: undefined, properties: { id: f.id, bin: c.bin, count: c.count, z: Math.round(c.z * 1000) / 1000 } }
  })
  const points = cells
    .filter((c) => c.count > 0)
    .map((c) => ({
      type: 'Feature' as const,
      geometry: { type: 'Point' as const, coordinates: cellCentreLonLat(c.i, c.j, result.cellSize) },
      properties: { count: c.count },
    }))
  return {
    status: 'ok',
    cells: new GeoJSONVT({ type: 'FeatureCollection', features: polygons }, VT_OPTIONS),
    density: new GeoJSONVT({ type: 'FeatureCollection', features: points }, VT_OPTIONS),
  }
}

/** The tile as protobuf bytes; a tile with nothing in it is a valid empty tile (zero bytes). */
export function encodeTile(source: TileSource, z: number, x: number, y: number): Uint8Array {
  const layers: Record<string, { features: unknown[] }> = {}
  const cells = source.cells?.getTile(z, x, y)
  const density = source.density?.getTile(z, x, y)
  if (cells?.features.length) layers[TILE_LAYERS.cells] = cells
  if (density?.features.length) layers[TILE_LAYERS.density] = density
  return Object.keys(layers).length ? fromGeojsonVt(layers, { version: 2, extent: TILE_EXTENT }) : new Uint8Array(0)
}
