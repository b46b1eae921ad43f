// The comparison group of an effect: comparable municipalities without a registered campaign in the weeks measured,
// read as one summed daily series through the national reader role, so no other municipality's counts reach a page.
import { daysFromTo } from '@meldpunt/core'
import { MIN_COMPARISON_MUNICIPALITIES, type Comparison } from '@meldpunt/core/api'
import { minimumCellCount, PROGRAMME_MINIMUM_COUNT, withNationalAggregates, type Database } from '@meldpunt/db'
import { comparisonCandidates, summedDailyTotals } from './repository.js'

/** CBS gemeentegrootteklassen (inhabitants), smallest first; the last class is open-ended. */
export const SIZE_CLASSES: readonly { label: string; from: number; to: number }[] = [
  { label: '<10000', from: 0, to: 10_000 },
  { label: '10000-20000', from: 10_000, to: 20_000 },
  { label: '20000-50000', from: 20_000, to: 50_000 },
  { label: '50000-100000', from: 50_000, to: 100_000 },
  { label: '100000-150000', from: 100_000, to: 150_000 },
  { label: '150000-250000', from: 150_000, to: 250_000 },
  { label: '>=250000', from: 250_000, to: Infinity },
]

export function sizeClassOf(population: number | null): string | null {
  if (population === null || !(population > 0)) return null
  return SIZE_CLASSES.find((c) => population >= c.from && population < c.to)!.label
}

export interface ComparisonRequest {
  municipality: string
  /** First and last day measured (baseline start, end of the lag window or of the data). */
  from: string
  to: string
  /** The analyst's set, already checked for length and duplicates by the query schema. */
  chosen?: readonly string[]
}

export interface ComparisonSeries {
  group: Comparison['group']
  /** Fewest reports per week the summed series must have: the strictest minimum count of every municipality in it. */
  minimum: number
  /** Summed reports per day from `from` to `to`; null when fewer than the minimum number of municipalities are usable. */
  daily: Map<string, number> | null
}

/**
 * Picks the group and sums its series. Default: the same CBS size class; when the population is unknown or the class
 * has fewer than five usable municipalities, every other municipality that took part throughout. Usable: reports on or
 * before the first day measured, and no registered campaign (with its lag) overlapping the days measured.
 */
export async function comparisonSeries(db: Database, req: ComparisonRequest): Promise<ComparisonSeries> {
  return withNationalAggregates(db, async (tx) => {
    const all = await comparisonCandidates(tx, req.from, req.to)
    const own = all.find((c) => c.code === req.municipality)
    const candidates = all.filter((c) => c.code !== req.municipality)
    const usable = (c: (typeof candidates)[number]) => c.throughout && !c.campaign
    const population = (c: { population: number | null } | undefined) => (c?.population == null ? null : Number(c.population))
    const ownClass = sizeClassOf(population(own))
    let kind: Comparison['group']['kind']
    let pool: typeof candidates
    if (req.chosen) {
      kind = 'chosen'
      const wanted = new Set(req.chosen)
      pool = candidates.filter((c) => wanted.has(c.code))
    } else {
      const sameClass = ownClass === null ? [] : candidates.filter((c) => sizeClassOf(population(c)) === ownClass)
      if (sameClass.filter(usable).length >= MIN_COMPARISON_MUNICIPALITIES) {
        kind = 'size-class'
        pool = sameClass
      } else {
        kind = 'all-others'
        // Municipalities without a single report are not taking part: counting them would inflate the group's size.
        pool = candidates.filter((c) => c.throughout || c.campaign)
      }
    }
    const members = pool.filter(usable)
    const excluded = (req.chosen ? req.chosen.length : pool.length) - members.length
    const minimum = Math.max(PROGRAMME_MINIMUM_COUNT, ...members.map((c) => minimumCellCount(c.settings)))
    const group = { kind, sizeClass: ownClass, municipalities: members.length, excluded }
    if (members.length < MIN_COMPARISON_MUNICIPALITIES) return { group, minimum, daily: null }
    const rows = await summedDailyTotals(tx, members.map((c) => c.code), req.from, req.to)
    const daily = new Map(daysFromTo(req.from, req.to).map((d) => [d, 0]))
    for (const r of rows) daily.set(r.day, Number(r.n))
    return { group, minimum, daily }
  })
}

/** Counts per 7-day block from the first day; a trailing block shorter than a week joins the one before it. */
export function weeklyTotals(daily: readonly number[]): number[] {
  const weeks: number[] = []
  daily.forEach((n, i) => {
    const w = Math.floor(i / 7)
    weeks[w] = (weeks[w] ?? 0) + n
  })
  if (weeks.length > 1 && daily.length % 7 !== 0) weeks[weeks.length - 2]! += weeks.pop()!
  return weeks
}
