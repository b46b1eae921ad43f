// The public map and weekly series of one municipality: each quarter's figures through disclosure control, frozen once.
import { cellId, cellPolygonLonLat, coarsenToWeeks, parseCellId, suppressNestedCounts, suppressSmallCounts, type DisclosedCell, type DisclosedGroup } from '@meldpunt/analytics'
import { addDays, CATEGORY_IDS, ErrorCode, localDay } from '@meldpunt/core'
import { freezePublishedQuarter, publicationRows, publicMunicipality, readPublishedQuarter, withTenant, type Database, type PublicationRow, type PublicMunicipality, type Queryable } from '@meldpunt/db'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { ProblemError } from '../../lib/problems.js'
import { TtlCache } from '../../lib/ttl-cache.js'
import { isoQuarterOf } from './disclosed-period.js'
import type { PublicCategory, PublicCellCollection, PublicCellFeature, PublicCellSize, PublicWeek, PublicWeeklySeries, WeekPeriod } from '@meldpunt/core/api'
/** Both public grids are read as 500 m cells: 1000 m cells are exactly four of them. */
const BASE_CELL_SIZE = 500


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
 * Everything published of one municipality and quarter, as computed once and frozen: disclosed figures only (a cell
 * below the minimum is not in `cells` at all), so what is stored is what the public sees, and nothing more.
 */
export interface QuarterFigures {
  period: string
  minimum: number
  total: number | null
  totalSuppressed: boolean
  categories: PublicCategory[]
  weeks: PublicWeek[]
  /** Published cells per public cell size (500, 1000), from one nested suppression. */
  cells: Record<`${PublicCellSize}`, { id: string; count: number }[]>
}

/**
 * The day a report counts on in published figures: the day it occurred, unless that lies in an earlier quarter than
 * the one it was received in; then the day it was received. A quarter's figures therefore depend only on reports
 * received before it ended, so they are final once it has ended, and a backdated report cannot reach into them.
 */
export function publicationDay(occurredDay: string, receivedAt: Date): string {
  const receivedDay = localDay(receivedAt)
  return isoQuarterOf(occurredDay).period === isoQuarterOf(receivedDay).period ? occurredDay : receivedDay
}

/** The disclosed figures of one quarter from the rows that may count in it (see publicationRows). */
export function quarterFigures(rows: readonly PublicationRow[], period: WeekPeriod, minimum: number): QuarterFigures {
  const counted = rows.map((r) => ({ ...r, day: publicationDay(r.day, r.receivedAt) })).filter((r) => r.day >= period.from && r.day <= period.to)
  const tally = (key: (r: (typeof counted)[number]) => string): Map<string, number> => {
    const out = new Map<string, number>()
    for (const r of counted) out.set(key(r), (out.get(key(r)) ?? 0) + 1)
    return out
  }
  const { categories } = disclosedCategories([...tally((r) => r.category)].map(([category, n]) => ({ category, n })), minimum)
  const weeks = coarsenToWeeks([...tally((r) => r.day)].map(([day, count]) => ({ day, count })), period)
  const weekGroup = suppressSmallCounts(weeks.map((w) => ({ key: w.week, count: w.count })), { minimum })
  // 100 m cells, five to a 500 m cell. Sorted, so ties in complementary suppression fall the same way every time.
  const base = [...tally((r) => cellId(Math.floor(r.cellX / 5), Math.floor(r.cellY / 5), BASE_CELL_SIZE))]
    .map(([key, count]) => ({ key, count, ...parseCellId(key) }))
    .sort((a, b) => a.i - b.i || a.j - b.j)
    .map(({ key, count }) => ({ key, count }))
  // The map lists only cells holding reports: the empty rest of the municipality counts as hidden, and so do the
  // empty ones among a 1000 m cell's four 500 m cells.
  const nested = suppressNestedCounts(base, parentCell, { minimum, unlistedZeros: true, childrenPerParent: 4 })
  const published = (cells: readonly DisclosedCell[]) => cells.filter((c) => c.count !== null && c.count > 0).map((c) => ({ id: c.key, count: c.count! }))
  return {
    period: period.period,
    minimum,
    total: weekGroup.total,
    totalSuppressed: weekGroup.totalSuppressed,
    categories,
    weeks: weeks.map((w, k) => ({ week: w.week, isoWeek: w.isoWeek, count: weekGroup.cells[k]!.count, suppressed: weekGroup.cells[k]!.suppressed })),
    cells: { 500: published(nested.children), 1000: published(nested.parents) },
  }
}

/**
 * A quarter's published figures for one municipality: read if they were frozen before, otherwise computed from the
 * reports and frozen now. Run as the tenant (withTenant). Never recomputed: a raised minimum, a purge or a late
 * report changes nothing that was published.
 */
export async function publishedQuarter(tx: Queryable, m: PublicMunicipality, period: WeekPeriod): Promise<QuarterFigures> {
  const frozen = await readPublishedQuarter<QuarterFigures>(tx, m.code, period.period)
  if (frozen) return frozen
  // A day either side in UTC covers every instant of the quarter's local days; publicationDay decides exactly.
  const received = { from: new Date(`${addDays(period.from, -1)}T00:00:00Z`), to: new Date(`${addDays(period.to, 2)}T00:00:00Z`) }
  const rows = await publicationRows(tx, m.code, period, received)
  return freezePublishedQuarter(tx, m.code, period.period, quarterFigures(rows, period, m.minimum))
}

/** The open map of a quarter: published cells only, so the map does not even say where small numbers are. */
export function publicCells(figures: QuarterFigures, m: PublicMunicipality, period: WeekPeriod, cellSize: PublicCellSize): PublicCellCollection {
  return {
    type: 'FeatureCollection',
    municipality: { code: m.code, name: m.name },
    period,
    cellSize,
    minimum: figures.minimum,
    total: figures.total,
    totalSuppressed: figures.totalSuppressed,
    categories: figures.categories,
    features: figures.cells[cellSize].map((c) => feature(c.id, c.count)),
  }
}

/** Reports per ISO week, every week of the quarter listed. */
export function publicWeekly(figures: QuarterFigures, m: PublicMunicipality, period: WeekPeriod): PublicWeeklySeries {
  return {
    municipality: { code: m.code, name: m.name },
    period,
    minimum: figures.minimum,
    total: figures.total,
    totalSuppressed: figures.totalSuppressed,
    weeks: figures.weeks,
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
 * them again and again; a frozen quarter never changes, so reuse spares the database a read. Each read runs as meldpunt_app with app.municipality set: whatever the code asks, the database shows
 * only that municipality.
 */
export class PublicAnswers {
  private readonly bodies = new TtlCache<string>({ ttlMs: PUBLIC_CACHE_SECONDS * 1000, maxEntries: 500 })

  constructor(private readonly db: Database) {}

  /** The municipality's publication settings changed: its answers are built again (other instances within the cache time). */
  forget(code: string): void {
    this.bodies.forget((key) => key.split('|')[1] === code)
  }

  cells(code: string, period: WeekPeriod, cellSize: PublicCellSize): Promise<string> {
    return this.bodies.get(`cells|${code}|${cellSize}|${period.period}`, () =>
      withTenant(this.db, code, async (tx) => {
        const m = await findMunicipality(tx, code)
        return JSON.stringify(publicCells(await publishedQuarter(tx, m, period), m, period, cellSize))
      }),
    )
  }

  weekly(code: string, period: WeekPeriod): Promise<string> {
    return this.bodies.get(`weekly|${code}|${period.period}`, () =>
      withTenant(this.db, code, async (tx) => {
        const m = await findMunicipality(tx, code)
        return JSON.stringify(publicWeekly(await publishedQuarter(tx, m, period), m, period))
      }),
    )
  }
}

async function findMunicipality(tx: Queryable, code: string): Promise<PublicMunicipality> {
  const m = await publicMunicipality(tx, code)
  if (!m) throw new ProblemError(ErrorCode.NOT_FOUND, { detail: `No municipality has code ${code}.` })
  // Switched off: nothing is computed, frozen or served (what was frozen before stays frozen for when it is back on).
  if (!m.published) throw new ProblemError(ErrorCode.NOT_FOUND, { detail: `Municipality ${code} does not publish an open map.` })
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
