// POST /api/v1/staff/neighbourhoods/upload/preview and …/upload: an admin imports a CBS wijk- en buurtkaart file
// (GeoJSON or GeoPackage, EPSG:28992 or 4326) from the browser. The body is the file itself; nothing is kept between
// the two steps: confirm sends the same file again.
import { z } from 'zod'

export const NEIGHBOURHOOD_UPLOAD_LIMIT_BYTES = 32 * 1024 * 1024

export const NeighbourhoodFileCounts = z.object({
  buurt: z.number().int().describe('Neighbourhoods (BU codes) of your municipality: these are imported'),
  wijk: z.number().int().describe('Districts (WK codes) in the file: shown, not imported'),
  gemeente: z.number().int().describe('Municipality outlines (GM codes) in the file: shown, not imported'),
  otherMunicipalities: z.number().int().describe('Features of other municipalities in the file: left out'),
})

export const NeighbourhoodUploadPreview = z.object({
  format: z.enum(['geojson', 'geopackage']),
  srid: z.union([z.literal(4326), z.literal(28992)]),
  counts: NeighbourhoodFileCounts,
  bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]).describe('west, south, east, north in WGS84'),
  preview: z
    .object({ type: z.literal('FeatureCollection'), features: z.array(z.unknown()) })
    .describe('The neighbourhoods to import, simplified, in WGS84, with properties code and name'),
})
export type NeighbourhoodUploadPreview = z.infer<typeof NeighbourhoodUploadPreview>

export const NeighbourhoodUploadResult = z.object({
  format: z.enum(['geojson', 'geopackage']),
  srid: z.union([z.literal(4326), z.literal(28992)]),
  counts: NeighbourhoodFileCounts,
  imported: z.number().int(),
  removed: z.number().int().describe('Neighbourhoods of your municipality no longer in the file, removed'),
  reportsWithNeighbourhood: z.number().int(),
  reportsWithout: z.number().int(),
})
export type NeighbourhoodUploadResult = z.infer<typeof NeighbourhoodUploadResult>
