// Checks that an area or a place a staff member draws is a valid polygon or point inside their own municipality.
import { ErrorCode } from '@meldpunt/core'
import type { PolygonGeometry } from '@meldpunt/core/api'
import type { Queryable } from '@meldpunt/db'
import { ProblemError } from '../../lib/problems.js'
import { areaInside, geometryValidity, pointInside } from './repository.js'

/** Share of a drawn area that must lie inside the municipality: boundaries are generalised, a drawn edge is rough. */
export const MIN_SHARE_INSIDE = 0.95
/** A sliver (a misclick while drawing) is not a place anyone means. */
export const MIN_AREA_M2 = 100

function unprocessable(field: string, message: string): ProblemError {
  return new ProblemError(ErrorCode.VALIDATION, { status: 422, detail: message, errors: [{ field, code: 'invalid', message }] })
}

/** Throws 422 unless `area` is a valid (Multi)Polygon with at least 95 % of it inside the municipality. */
export async function checkAreaInMunicipality(tx: Queryable, municipality: string, area: PolygonGeometry, field = 'area'): Promise<void> {
  // Validity first: ST_Intersection can throw on self-intersecting input, which would surface as a 500.
  const shape = await geometryValidity(tx, area)
  if (!shape?.valid) throw unprocessable(field, `The area is not a valid polygon (${shape?.reason ?? 'unreadable'}); redraw it without crossing edges.`)
  const row = await areaInside(tx, municipality, area)
  if (!row) throw unprocessable(field, 'Unknown municipality.')
  if (row.area < MIN_AREA_M2) throw unprocessable(field, `The area is ${Math.round(row.area)} m²; draw the area around the place you mean (at least ${MIN_AREA_M2} m²).`)
  if (row.inside / row.area < MIN_SHARE_INSIDE) {
    throw unprocessable(field, `The area must lie inside ${row.name}; ${Math.round((100 * row.inside) / row.area)} % of it does.`)
  }
}

/** Throws 422 unless the point lies inside the municipality. */
export async function checkPointInMunicipality(tx: Queryable, municipality: string, lon: number, lat: number, field = 'place'): Promise<void> {
  const row = await pointInside(tx, municipality, lon, lat)
  if (!row?.inside) throw unprocessable(field, `The place must lie inside ${row?.name ?? 'your municipality'}; pick it on the map within the municipality.`)
}
