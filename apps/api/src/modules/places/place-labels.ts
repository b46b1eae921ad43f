// Place names for staff lists: each grid cell's nearest street and town, asked of the upstream once and then kept.
import { cellId, fromRd, parseCellId, toRd } from '@meldpunt/analytics'
import type { Database } from '@meldpunt/db'
import { UpstreamUnavailable } from '../../lib/upstream.js'
import { neighbourhoodNames, storedLabels, storeLabel } from './repository.js'
import type { Places } from './service.js'

export type PlaceLabel = { place: string | null, neighbourhood: string | null }
export type LabelledCell = { id: string, lon: number, lat: number }

/** Cells that name single points (a report's location): the hotspot map's default 100 m grid, so labels are shared. */
export const POINT_LABEL_CELL_M = 100

/** The id of the labelled cell a point lies in. */
export function cellOfPoint(lon: number, lat: number, size = POINT_LABEL_CELL_M): string {
  const [x, y] = toRd(lon, lat)
  return cellId(Math.floor(x / size), Math.floor(y / size), size)
}

/** A cell's centre in WGS84, to seven decimals (about 1 cm): where its name is asked for. */
export function centreOfCell(id: string): LabelledCell {
  const { cellSize, i, j } = parseCellId(id)
  const [lon, lat] = fromRd((i + 0.5) * cellSize, (j + 0.5) * cellSize)
  return { id, lon: Number(lon.toFixed(7)), lat: Number(lat.toFixed(7)) }
}

/** New cells looked up per request at most: a first export of a large map fills in over a few views, never slowly. */
const LOOKUPS_PER_CALL = 100
const CONCURRENCY = 4

/**
 * Settled labels stay in memory this long. A city's hotspot answer names some 11,500 cells on every view; reading them
 * from place_labels and PostGIS again each time cost 44 ms a view over 1 M reports (bench/hotspots). A neighbourhood
 * import shows in the names within this time.
 */
const SETTLED_MS = 10 * 60_000
const SETTLED_MAX = 200_000

export class PlaceLabels {
  private readonly inFlight = new Map<string, Promise<string | undefined>>()
  private readonly settled = new Map<string, { label: PlaceLabel, at: number }>()

  constructor(private readonly db: Database, private readonly places: Places) {}

  /**
   * Labels of the given cells (by id); cells never seen are looked up (and stored), so each cell costs one upstream
   * call ever. Centres are worked out only for cells not settled in memory: a city's map names 11,500 cells a view.
   */
  async forCells(ids: readonly string[]): Promise<Map<string, PlaceLabel>> {
    const now = Date.now()
    const out = new Map<string, PlaceLabel>()
    const missed = ids.filter((id) => {
      const hit = this.settled.get(id)
      if (hit && now - hit.at < SETTLED_MS) {
        out.set(id, hit.label)
        return false
      }
      return true
    })
    if (missed.length === 0) return out
    const misses = [...new Set(missed)].map(centreOfCell)
    const stored = await storedLabels(this.db, misses.map((c) => c.id))
    if (this.places.enabled) {
      const missing = misses.filter((c) => !stored.has(c.id)).slice(0, LOOKUPS_PER_CALL)
      for (let i = 0; i < missing.length; i += CONCURRENCY) {
        const batch = missing.slice(i, i + CONCURRENCY)
        const found = await Promise.all(batch.map((c) => this.lookup(c)))
        batch.forEach((c, k) => { if (found[k] !== undefined) stored.set(c.id, found[k]) })
      }
    }
    const neighbourhoods = await neighbourhoodNames(this.db, misses)
    for (const c of misses) {
      const label = { place: stored.get(c.id) || null, neighbourhood: neighbourhoods.get(c.id) ?? null }
      out.set(c.id, label)
      // Settled: named, or nothing will ever be asked. A cell still to be looked up is asked again next time.
      if (stored.has(c.id) || !this.places.enabled) this.remember(c.id, label, now)
    }
    return out
  }

  private remember(id: string, label: PlaceLabel, at: number): void {
    this.settled.delete(id)
    this.settled.set(id, { label, at })
    if (this.settled.size > SETTLED_MAX) this.settled.delete(this.settled.keys().next().value!)
  }

  /** The stored label, '' when nothing named is near; undefined when the upstream could not say (asked again later). */
  private lookup(cell: LabelledCell): Promise<string | undefined> {
    let running = this.inFlight.get(cell.id)
    if (!running) {
      running = (async () => {
        try {
          const place = await this.places.reverse(cell.lat, cell.lon)
          const label = place?.label ?? ''
          await storeLabel(this.db, cell.id, label)
          return label
        } catch (err) {
          if (err instanceof UpstreamUnavailable) return undefined
          throw err
        }
      })()
      this.inFlight.set(cell.id, running)
      void running.finally(() => this.inFlight.delete(cell.id)).catch(() => undefined)
    }
    return running
  }
}
