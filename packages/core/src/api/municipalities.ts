// /api/v1/municipalities: the public list, boundaries (GeoJSON text) and neighbourhoods to pick from.
import { z } from 'zod'
import { MunicipalityCode } from './common.js'

export const MunicipalitySummary = z.object({
  code: z.string(),
  name: z.string(),
  centroid: z.tuple([z.number(), z.number()]),
  bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]),
})
export type MunicipalitySummary = z.infer<typeof MunicipalitySummary>

export const MunicipalityList = z.array(MunicipalitySummary)

export const MunicipalityParams = z.object({ code: MunicipalityCode })

export const NeighbourhoodCentre = z.object({ code: z.string(), name: z.string(), centroid: z.tuple([z.number(), z.number()]) })
export type NeighbourhoodCentre = z.infer<typeof NeighbourhoodCentre>

export const NeighbourhoodCentres = z.array(NeighbourhoodCentre)
