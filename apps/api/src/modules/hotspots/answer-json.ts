// The hotspot answers as JSON text, written by hand for speed; answer-json.test.ts holds them to their schemas in core.
import type { HotspotCollection, HotspotInclude, InsufficientData } from '@meldpunt/core/api'
import { cellId } from '@meldpunt/analytics'
import type { ReportFilter } from '@meldpunt/db'
import type { PlaceLabel } from '../places/place-labels.js'
import { insufficientMessage } from '../report-views/filter.js'
import { cellFeatureJson, visibleCells, type BoundaryGridCache, type HotspotResult } from './service.js'

type OkResult = Extract<HotspotResult, { status: 'ok' }>

/** The FeatureCollection as JSON text (see cellFeatureJson for why not JSON.stringify). */
function collectionJson(grids: BoundaryGridCache, f: ReportFilter, result: OkResult, include: HotspotInclude, labels: ReadonlyMap<string, PlaceLabel>): string {
  let hot = 0
  let cold = 0
  for (const c of result.cells) {
    if (c.bin > 0) hot++
    else if (c.bin < 0) cold++
  }
  const head: Omit<HotspotCollection, 'features'> = {
    type: 'FeatureCollection',
    status: 'ok',
    period: { from: f.from, to: f.to },
    cellSize: result.cellSize,
    distanceBand: result.distanceBand,
    reports: result.reports,
    leftOutCoarse: result.leftOutCoarse,
    cells: result.cells.length,
    hot,
    cold,
  }
  const features = visibleCells(result, include).map((c) => cellFeatureJson(grids, c, result.cellSize, labels.get(cellId(c.i, c.j, result.cellSize))))
  return `${JSON.stringify(head).slice(0, -1)},"features":[${features.join(',')}]}`
}

export function insufficient(f: ReportFilter, result: Extract<HotspotResult, { status: 'insufficient-data' }>): InsufficientData {
  return {
    status: 'insufficient-data',
    period: { from: f.from, to: f.to },
    cellSize: result.cellSize,
    reports: result.reports,
    leftOutCoarse: result.leftOutCoarse,
    minimum: result.minimum,
    message: insufficientMessage(result.reports, result.minimum),
  }
}

/** The answer of the JSON and GeoJSON routes as text: the collection written by hand, or the reason there is none. */
export function hotspotsBody(grids: BoundaryGridCache, f: ReportFilter, result: HotspotResult, include: HotspotInclude, labels: ReadonlyMap<string, PlaceLabel> = new Map()): string {
  return result.status === 'ok' ? collectionJson(grids, f, result, include, labels) : JSON.stringify(insufficient(f, result))
}
