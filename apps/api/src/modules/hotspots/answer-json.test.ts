// The hotspot answers are written as JSON text by hand: these hold that text to the schemas the API documents.
import { HotspotCollection, InsufficientData } from '@meldpunt/core/api'
import { describe, expect, it } from 'vitest'
import { parsedExactly } from '../../../../../tests/helpers/wire.js'
import { hotspotsBody } from './answer-json.js'
import { BoundaryGridCache, type HotspotResult } from './service.js'

const filter = { municipality: 'GM0363', from: '2025-01-01', to: '2025-12-31' }

const ok: HotspotResult = {
  status: 'ok',
  cellSize: 100,
  distanceBand: 150,
  reports: 42,
  leftOutCoarse: 3,
  source: 'rollup',
  cells: [
    { i: 1207, j: 4860, count: 40, z: 4.25, p: 3e-7, bin: 3, inside: true },
    { i: 1208, j: 4860, count: 0, z: -2.5, p: 0.0124, bin: -1, inside: true },
    { i: 1206, j: 4861, count: 0, z: 0.1, p: 0.92, bin: 0, inside: true },
    { i: 1199, j: 4850, count: 2, z: -0.4, p: 0.69, bin: 0, inside: false },
  ],
}

describe('hotspot answers as JSON text', () => {
  it('writes a FeatureCollection that is exactly HotspotCollection, hottest cell first', () => {
    const body = parsedExactly(HotspotCollection, hotspotsBody(new BoundaryGridCache(), filter, ok, 'significant-or-occupied'))
    expect(body.period).toEqual({ from: '2025-01-01', to: '2025-12-31' })
    expect([body.cells, body.hot, body.cold, body.leftOutCoarse]).toEqual([4, 1, 1, 3])
    expect(body.features.map((f) => f.id)).toEqual(['100:1207:4860', '100:1199:4850', '100:1208:4860'])
    expect(body.features[0]!.properties).toMatchObject({ id: '100:1207:4860', count: 40, z: 4.25, p: 3e-7, bin: 3, inside: true })
    expect(body.features[1]!.properties.inside).toBe(false)
    expect(body.features[0]!.geometry.coordinates[0]).toHaveLength(5)
  })

  it('lists every cell with include=all and still matches the schema', () => {
    const body = parsedExactly(HotspotCollection, hotspotsBody(new BoundaryGridCache(), filter, ok, 'all'))
    expect(body.features).toHaveLength(4)
  })

  it('writes the reason instead of a map when there are too few reports', () => {
    const few: HotspotResult = { status: 'insufficient-data', cellSize: 250, reports: 1, leftOutCoarse: 0, minimum: 30, source: 'rollup' }
    const body = parsedExactly(InsufficientData, hotspotsBody(new BoundaryGridCache(), filter, few, 'all'))
    expect(body).toEqual({
      status: 'insufficient-data',
      period: { from: '2025-01-01', to: '2025-12-31' },
      cellSize: 250,
      reports: 1,
      leftOutCoarse: 0,
      minimum: 30,
      message: 'Not enough data: 1 report match this selection and hotspots need at least 30. Widen the period or remove filters.',
    })
  })
})
