// The public map and weekly series of one municipality: rollup counts through disclosure control, nothing else.
import { cellId, cellPolygonLonLat, coarsenToWeeks, parseCellId, suppressNestedCounts, suppressSmallCounts, type DisclosedGroup } from '@meldpunt/analytics'
import { CATEGORY_IDS, ErrorCode } from '@meldpunt/core'
import { categoryCounts, cellCounts, dailyCounts, publicMunicipality, withTenant, type Database, type PublicMunicipality, type Queryable } from '@meldpunt/db'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { ProblemError } from '../../lib/problems.js'
import { TtlCache } from '../../lib/ttl-cache.js'
import type { WeekPeriod } from './disclosed-period.js'

export const PUBLIC_CELL_SIZES = [500, 1000] as const
export type PublicCellSize = (typeof PUBLIC_CELL_SIZES)[number]
/** Both public grids are read as 500 m cells: 1000 m cells are exactly four of them. */
const BASE_CELL_SIZE = 500

export interface PublicCellFeature {
  type: 'Feature'
  id: string
  geometry: { type: 'Polygon'; coordinates: [number, number][][] }
  properties: { id: string; count: number }
}

export interface PublicCategory {
  category: string
  count: number | null
  suppressed: boolean
}

export interface PublicCells {
  type: 'FeatureCollection'
  municipality: { code: string; name: string }
  period: WeekPeriod
  cellSize: PublicCellSize
  minimum: number
  total: number | null
  totalSuppressed: boolean
  categories: PublicCategory[]
  features: PublicCellFeature[]
}

export interface PublicWeek {
  week: string
  isoWeek: string
  count: number | null
  suppressed: boolean
}

export interface PublicWeekly {
  municipality: { code: string; name: string }
  period: WeekPeriod
  minimum: number
  total: number | null
  totalSuppressed: boolean
  weeks: PublicWeek[]
}

/** The 1000 m cell a 500 m cell lies in. */
function parentCell(key: string): string {
  const { i, j } = parseCellId(key)
  return cellId(Math.floor(i / 2), Math.floor(j / 2), 1000)
}

// Six decimals of a degree are about 0.1 m: finer digits only make the file bigger.
const round6 = (v: number): number => Math.round(v * 1e6) / 1e6

function feature(key: string, count: number): PublicCellFeature {
  const { i, j, cellSize } = parseCellId(key)
  return {
    type: 'Feature',
    id: key,
    geometry: { type: 'Polygon', coordinates: [cellPolygonLonLat(i, j, cellSize).map(([lon, lat]) => [round6(lon), round6(lat)] as [number, number])] },
    properties: { id: key, count },
  }
}

/** Category counts as one group under the period total; every known category is listed, zeros included. */
export function disclosedCategories(rows: readonly { category: string; n: number }[], minimum: number): { group: DisclosedGroup; categories: PublicCategory[] } {
  const counts = new Map(rows.map((r) => [r.category, r.n]))
  // Categories no longer in the taxonomy still count: leaving them out would make the total disagree with the cells.
  const keys = [...CATEGORY_IDS, ...[...counts.keys()].filter((c) => !(CATEGORY_IDS as readonly string[]).includes(c)).sort()]
  const group = suppressSmallCounts(keys.map((key) => ({ key, count: counts.get(key) ?? 0 })), { minimum })
  return { group, categories: group.cells.map((c) => ({ category: c.key, count: c.count, suppressed: c.suppressed })) }
}

/**
 * Counts per cell for whole weeks. Only published cells become features: a cell below the minimum, or one withheld so
 * it cannot be worked out from the total or from its 1000 m cell, is left out like an empty one, so the map does not
 * even say where small numbers are. 500 m and 1000 m answers come from one nested suppression, so asking for both
 * and subtracting gives nothing either.
 */
export async function publicCells(tx: Queryable, m: PublicMunicipality, period: WeekPeriod, cellSize: PublicCellSize): Promise<PublicCells> {
  const filter = { municipality: m.code, from: period.from, to: period.to }
  const { cells } = await cellCounts(tx, filter, BASE_CELL_SIZE)
  // Sorted, so ties in complementary suppression fall the same way on every request.
  const base = cells
    .filter((c) => c.n > 0)
    .sort((a, b) => a.i - b.i || a.j - b.j)
    .map((c) => ({ key: cellId(c.i, c.j, BASE_CELL_SIZE), count: c.n }))
  const nested = suppressNestedCounts(base, parentCell, { minimum: m.minimum })
  const { categories } = disclosedCategories(await categoryCounts(tx, filter), m.minimum)
  const shown = cellSize === BASE_CELL_SIZE ? nested.children : nested.parents
  return {
    type: 'FeatureCollection',
    municipality: { code: m.code, name: m.name },
    period,
    cellSize,
    minimum: m.minimum,
    total: nested.total,
    totalSuppressed: nested.totalSuppressed,
    categories,
    features: shown.filter((c) => c.count !== null && c.count > 0).map((c) => feature(c.key, c.count!)),
  }
}

/** Reports per ISO week, every week of the period listed, as one group under the period total. */
export async function publicWeekly(tx: Queryable, m: PublicMunicipality, period: WeekPeriod): Promise<PublicWeekly> {
  const daily = await dailyCounts(tx, { municipality: m.code, from: period.from, to: period.to })
  const weeks = coarsenToWeeks(daily.map((d) => ({ day: d.day, count: d.n })), period)
  const group = suppressSmallCounts(weeks.map((w) => ({ key: w.week, count: w.count })), { minimum: m.minimum })
  return {
    municipality: { code: m.code, name: m.name },
    period,
    minimum: m.minimum,
    total: group.total,
    totalSuppressed: group.totalSuppressed,
    weeks: weeks.map((w, k) => ({ week: w.week, isoWeek: w.isoWeek, count: group.cells[k]!.count, suppressed: group.cells[k]!.suppressed })),
  }
}

/** Browsers and shared caches may keep an answer this long; the server keeps its own copy as long. */
export const PUBLIC_CACHE_SECONDS = 300

declare module 'fastify' {
  interface FastifyInstance {
    publicAnswers: PublicAnswers
  }
}

/**
 * Finished public answers as JSON text, kept a few minutes. The public endpoints take no login and anyone may ask
 * them again and again; the answer only changes when reports come in, so a few minutes' reuse is right and spares
 * the database. Each read runs as meldpunt_app with app.municipality set: whatever the code asks, the database shows
 * only that municipality.
 */
export class PublicAnswers {
  private readonly bodies = new TtlCache<string>({ ttlMs: PUBLIC_CACHE_SECONDS * 1000, maxEntries: 500 })

  constructor(private readonly db: Database) {}

  cells(code: string, period: WeekPeriod, cellSize: PublicCellSize): Promise<string> {
    return this.bodies.get(`cells|${code}|${cellSize}|${period.from}|${period.to}`, () =>
      withTenant(this.db, code, async (tx) => JSON.stringify(await publicCells(tx, await findMunicipality(tx, code), period, cellSize))),
    )
  }

  weekly(code: string, period: WeekPeriod): Promise<string> {
    return this.bodies.get(`weekly|${code}|${period.from}|${period.to}`, () =>
      withTenant(this.db, code, async (tx) => JSON.stringify(await publicWeekly(tx, await findMunicipality(tx, code), period))),
    )
  }
}

async function findMunicipality(tx: Queryable, code: string): Promise<PublicMunicipality> {
  const m = await publicMunicipality(tx, code)
  if (!m) throw new ProblemError(ErrorCode.NOT_FOUND, { detail: `No municipality has code ${code}.` })
  return m
}

export const publicAnswersPlugin = fp(
  async (app: FastifyInstance) => {
    app.decorate('publicAnswers', new PublicAnswers(app.db))
  },
  {
    name: 'public-answers',
    decorators: { fastify: ['db'] },
  },
)
