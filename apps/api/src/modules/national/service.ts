// The programme's national view: every municipality side by side, per 10,000 inhabitants, weekly and by category, suppressed.
import { coarsenToWeeks, suppressSmallCounts } from '@meldpunt/analytics'
import { nationalRollups, withNationalAggregates, type Database } from '@meldpunt/db'
import type { WeekPeriod } from '../public/disclosed-period.js'
import { disclosedCategories, type PublicWeek } from '../public/service.js'

export interface NationalCategory {
  category: string
  count: number | null
  /** Of the municipality's total, 0 … 1; null when the count or the total is suppressed. */
  share: number | null
  suppressed: boolean
}

export interface NationalRow {
  code: string
  name: string
  population: number | null
  minimum: number
  total: number | null
  totalSuppressed: boolean
  /** null when the total is suppressed or the population unknown. */
  ratePer10k: number | null
  weeks: PublicWeek[]
  categories: NationalCategory[]
}

export interface NationalOverview {
  period: WeekPeriod
  municipalities: NationalRow[]
}

// Map.groupBy is not in Node 20, which the engines field still allows.
function byCode<T extends { code: string }>(rows: readonly T[]): Map<string, T[]> {
  const out = new Map<string, T[]>()
  for (const r of rows) {
    const list = out.get(r.code)
    if (list) list.push(r)
    else out.set(r.code, [r])
  }
  return out
}

const round = (v: number, digits: number): number => Math.round(v * 10 ** digits) / 10 ** digits

/**
 * Reads rollup_hour_day of every municipality as the national reader role (never the reports table), then treats
 * each municipality like the public series: its weeks are one group and its categories another, both under its period
 * total, each suppressed below the municipality's minimum with complementary suppression. Rates and shares are worked
 * out from published figures only, so they cannot carry back a suppressed count.
 */
export async function nationalOverview(db: Database, period: WeekPeriod): Promise<NationalOverview> {
  const data = await withNationalAggregates(db, (tx) => nationalRollups(tx, period.from, period.to))
  const weeklyBy = byCode(data.weekly)
  const categoriesBy = byCode(data.categories)

  const municipalities = data.municipalities.map((m): NationalRow => {
    const weeks = coarsenToWeeks((weeklyBy.get(m.code) ?? []).map((r) => ({ day: r.week, count: r.n })), period)
    const weekGroup = suppressSmallCounts(weeks.map((w) => ({ key: w.week, count: w.count })), { minimum: m.minimum })
    const { group: categoryGroup, categories } = disclosedCategories(categoriesBy.get(m.code) ?? [], m.minimum)
    // Both groups sum the same rollup rows; a difference would mean a bug here, and a wrong total must not go out.
    if (weekGroup.total !== categoryGroup.total) throw new Error(`weekly and category totals of ${m.code} differ`)
    const total = weekGroup.total
    return {
      code: m.code,
      name: m.name,
      population: m.population,
      minimum: m.minimum,
      total,
      totalSuppressed: weekGroup.totalSuppressed,
      ratePer10k: total !== null && m.population ? round((total / m.population) * 10_000, 2) : null,
      weeks: weeks.map((w, k) => ({ week: w.week, isoWeek: w.isoWeek, count: weekGroup.cells[k]!.count, suppressed: weekGroup.cells[k]!.suppressed })),
      categories: categories.map((c) => ({ ...c, share: c.count !== null && total ? round(c.count / total, 4) : null })),
    }
  })
  return { period, municipalities }
}
