// GET /api/v1/staff/hotspots (+ .geojson, .csv) and the vector tiles: Gi* hotspot cells of the signed-in municipality.
import { z } from 'zod'
import { FieldErrorCode } from '../field-errors.js'
import { Period, Position } from './common.js'
import { FilterQuery } from './report-filter.js'

export const CELL_SIZES = [100, 200, 250, 500, 1000] as const
export type CellSize = (typeof CELL_SIZES)[number]

/** A hotspot cell id `${cellSize}:${i}:${j}` at one of the offered cell sizes. */
export function isHotspotCellId(id: string): boolean {
  const parts = id.split(':')
  const [cellSize, i, j] = parts.map(Number)
  return parts.length === 3 && (CELL_SIZES as readonly number[]).includes(cellSize!) && Number.isInteger(i) && Number.isInteger(j)
}

export const HotspotQuery = FilterQuery.extend({
  cellSize: z.coerce
    .number()
    .int()
    .refine((v) => (CELL_SIZES as readonly number[]).includes(v), FieldErrorCode.INVALID_VALUE)
    .default(100)
    .describe(`Cell edge in metres: ${CELL_SIZES.join(', ')}`),
  distanceBand: z.coerce
    .number()
    .positive()
    .max(10_000)
    .optional()
    .describe('Gi* neighbourhood radius in metres between cell centres, at least one cell; default 1.5 cells (the 8 touching cells)'),
})
export type HotspotQuery = z.infer<typeof HotspotQuery>

export const HotspotInclude = z.enum(['significant-or-occupied', 'all'])
export type HotspotInclude = z.infer<typeof HotspotInclude>

export const HotspotJsonQuery = HotspotQuery.extend({
  include: HotspotInclude.default('significant-or-occupied').describe('`all` adds every empty, non-significant cell'),
})

export const TileParams = z.object({
  z: z.coerce.number().int().min(0).max(22),
  x: z.coerce.number().int().min(0),
  y: z.coerce.number().int().min(0),
})

export const HotspotProperties = z.object({
  id: z.string().describe('Cell id `${cellSize}:${i}:${j}`; i, j are RD New column and row (x / cellSize, y / cellSize)'),
  count: z.number().int(),
  z: z.number().describe('Getis-Ord Gi* z-score'),
  p: z.number().describe('Two-sided p-value'),
  bin: z.number().int().min(-3).max(3).describe('Benjamini–Hochberg class: +3/+2/+1 hot at 99/95/90 %, −1…−3 cold, 0 not significant'),
  lon: z.number().describe('Cell centre'),
  lat: z.number().describe('Cell centre'),
  inside: z.boolean().describe('Cell centre inside the municipality'),
  place: z.string().nullable().optional().describe('Nearest street or public space and town of the cell centre'),
  neighbourhood: z.string().nullable().optional().describe('Neighbourhood of the cell centre, where neighbourhoods are loaded'),
})
export type HotspotProperties = z.infer<typeof HotspotProperties>

export const HotspotFeature = z.object({
  type: z.literal('Feature'),
  id: z.string(),
  geometry: z.object({ type: z.literal('Polygon'), coordinates: z.array(z.array(Position)) }),
  properties: HotspotProperties,
})
export type HotspotFeature = z.infer<typeof HotspotFeature>

export const HotspotCollection = z.object({
  type: z.literal('FeatureCollection'),
  status: z.literal('ok'),
  period: Period,
  cellSize: z.number().int(),
  distanceBand: z.number(),
  reports: z.number().int().describe('Reports in the selection'),
  leftOutCoarse: z.number().int().describe('Reports of the selection placed only to a 1 km square ("area"): left out, because their point is a corner of four cells at every cell size'),
  cells: z.number().int().describe('Cells analysed: every cell inside the municipality (zeros included) plus the occupied cells just outside it (inside=false)'),
  hot: z.number().int().describe('Cells with bin > 0'),
  cold: z.number().int().describe('Cells with bin < 0'),
  features: z.array(HotspotFeature).describe('Cells with reports or a significant bin (all cells with include=all), hottest first'),
})
export type HotspotCollection = z.infer<typeof HotspotCollection>

export const InsufficientData = z.object({
  status: z.literal('insufficient-data'),
  period: Period,
  cellSize: z.number().int(),
  reports: z.number().int(),
  leftOutCoarse: z.number().int().describe('Reports of the selection placed only to a 1 km square ("area"): left out, because their point is a corner of four cells at every cell size'),
  minimum: z.number().int(),
  message: z.string(),
})
export type InsufficientData = z.infer<typeof InsufficientData>

export const HotspotAnswer = z.union([HotspotCollection, InsufficientData])
export type HotspotAnswer = z.infer<typeof HotspotAnswer>
