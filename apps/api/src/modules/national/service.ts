// The programme's national view: every municipality side by side, per 10,000 inhabitants, weekly and by category, suppressed.
import { municipalitiesWithReportsSince, nationalMunicipalities, publishedQuartersOf, withNationalAggregates, withTenant, type Database } from '@meldpunt/db'
import type { NationalOverview, NationalRow, WeekPeriod } from '@meldpunt/core/api'
import { publishedQuarter, quarterFigures, type QuarterFigures } from '../public/service.js'

const round = (v: number, digits: number): number => Math.round(v * 10 ** digits) / 10 ** digits

/**
 * Every municipality side by side, each from its frozen quarter (the same figures as its public map: weeks and
 * categories each one group under the total, suppressed below its minimum). Reading runs as the national reader
 * role, which sees municipalities' names, the frozen figures and one rollup, never reports. A municipality that may
 * have reports in the quarter but was not frozen yet is frozen first, as its own tenant; one without any report
 * publishes what an empty quarter publishes, without a row. Rates and shares come from published figures only.
 */
export async function nationalOverview(db: Database, period: WeekPeriod): Promise<NationalOverview> {
  const read = () =>
    withNationalAggregates(db, async (tx) => ({
      municipalities: await nationalMunicipalities(tx),
      frozen: await publishedQuartersOf<QuarterFigures>(tx, period.period),
      candidates: await municipalitiesWithReportsSince(tx, period.from, period.to),
    }))
  let data = await read()
  const missing = data.candidates.filter((code) => !data.frozen.has(code))
  if (missing.length) {
    for (const m of data.municipalities.filter((m) => missing.includes(m.code))) {
      await withTenant(db, m.code, (tx) => publishedQuarter(tx, m, period))
    }
    data = await read()
  }

  const municipalities = data.municipalities.map((m): NationalRow => {
    const figures = data.frozen.get(m.code) ?? quarterFigures([], period, m.minimum)
    const { total } = figures
    return {
      code: m.code,
      name: m.name,
      population: m.population,
      minimum: figures.minimum,
      total,
      totalSuppressed: figures.totalSuppressed,
      ratePer10k: total !== null && m.population ? round((total / m.population) * 10_000, 2) : null,
      weeks: figures.weeks,
      categories: figures.categories.map((c) => ({ ...c, share: c.count !== null && total ? round(c.count / total, 4) : null })),
    }
  })
  return { period, municipalities }
}
