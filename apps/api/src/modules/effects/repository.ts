// Every SQL statement of effect estimates: daily totals, reports naming a campaign, and alerts in a window.
import { schema, type Queryable } from '@meldpunt/db'
import { and, asc, between, eq, inArray, sql } from 'drizzle-orm'

/** Reports per local day from the hour rollup; days without reports have no row. */
export function dailyTotals(tx: Queryable, municipality: string, from: string, to: string): Promise<{ day: string; n: number }[]> {
  const h = schema.rollupHourDay
  return tx.orm
    .select({ day: h.day, n: sql<number>`sum(${h.n})::int` })
    .from(h)
    .where(and(eq(h.municipalityCode, municipality), between(h.day, from, to)))
    .groupBy(h.day)
}

/** Reports between two local days, and how many of them name the campaign's code, one of its channels, or either. */
export async function namingCounts(
  tx: Queryable,
  municipality: string,
  from: string,
  to: string,
  code: string | null,
  channels: readonly string[],
): Promise<{ total: number; code: number; channel: number; either: number } | undefined> {
  const r = schema.reports
  const namesCode = sql`${r.campaignCode} = ${code}`
  const namesChannel = sql`${r.heardVia} = any(${sql.param([...channels])}::text[])`
  const [row] = await tx.orm
    .select({
      total: sql<number>`count(*)::int`,
      code: sql<number>`count(*) filter (where ${namesCode})::int`,
      channel: sql<number>`count(*) filter (where ${namesChannel})::int`,
      either: sql<number>`count(*) filter (where ${namesCode} or ${namesChannel})::int`,
    })
    .from(r)
    .where(and(eq(r.municipalityCode, municipality), between(r.localDay, from, to)))
  return row
}

export interface AlertMark {
  day: string
  scope: string
  scopeKey: string | null
  observed: number
  expected: number
  method: string
}

/** The municipality's spike alerts between two days, to mark on an effect's series. */
export function alertsBetween(tx: Queryable, municipality: string, from: string, to: string): Promise<AlertMark[]> {
  const a = schema.spikeAlerts
  return tx.orm
    .select({ day: a.day, scope: a.scope, scopeKey: a.scopeKey, observed: a.observed, expected: a.expected, method: a.method })
    .from(a)
    .where(and(eq(a.municipalityCode, municipality), between(a.day, from, to)))
    .orderBy(asc(a.day))
}

/** The municipality's first day with a report (hour rollup), or null when it has none. */
export async function firstReportDay(tx: Queryable, municipality: string): Promise<string | null> {
  const h = schema.rollupHourDay
  const [row] = await tx.orm.select({ day: sql<string | null>`min(${h.day})::text` }).from(h).where(eq(h.municipalityCode, municipality))
  return row?.day ?? null
}

export interface ComparisonCandidate {
  code: string
  population: number | null
  settings: Record<string, unknown> | null
  /** A registered campaign (or its lag window) overlaps the days measured. */
  campaign: boolean
  /** Reports on or before the first day measured: the municipality took part throughout. */
  throughout: boolean
}

/**
 * Every municipality (the caller's own too, for its population) with what choosing a comparison group needs. Run it inside withNationalAggregates: the
 * national reader sees the hour rollup, population and settings, and only the dates of campaigns (migrations/0120).
 *
 * Each municipality's first day comes from a walk over the rollup's primary key, one index probe per municipality
 * with reports (`firsts`). A per-municipality `exists (… day <= from)` was planned as a scan of the whole rollup for
 * every municipality whenever one municipality held most rows (5.2 s for 342 municipalities and 1 M reports, against
 * 2 ms for the walk; bench/staff-views "effect of a period").
 */
export function comparisonCandidates(tx: Queryable, from: string, to: string): Promise<ComparisonCandidate[]> {
  const m = schema.municipalities
  const c = schema.campaigns
  const h = schema.rollupHourDay
  return tx.rows<ComparisonCandidate>(sql`
    with recursive firsts(code, day) as (
      (select ${h.municipalityCode}, ${h.day} from ${h} order by ${h.municipalityCode}, ${h.day} limit 1)
      union all
      select n.code, n.day from firsts f cross join lateral (
        select ${h.municipalityCode} as code, ${h.day} as day from ${h} where ${h.municipalityCode} > f.code
        order by ${h.municipalityCode}, ${h.day} limit 1) n
    )
    select ${m.code} as code, ${m.population} as population, ${m.settings} as settings,
      exists (select 1 from ${c} where ${c.municipalityCode} = ${m.code} and ${c.deletedAt} is null and ${c.startsOn} <= ${to}
              and ${c.endsOn} + ${c.lagDays}::int >= ${from}::date) as campaign,
      coalesce(f.day <= ${from}::date, false) as throughout
    from ${m} left join firsts f on f.code = ${m.code} order by ${m.code}`)
}

/** Reports per local day summed over several municipalities; run it inside withNationalAggregates. */
export function summedDailyTotals(tx: Queryable, municipalities: readonly string[], from: string, to: string): Promise<{ day: string; n: number }[]> {
  const h = schema.rollupHourDay
  return tx.orm
    .select({ day: h.day, n: sql<number>`sum(${h.n})::int` })
    .from(h)
    .where(and(inArray(h.municipalityCode, [...municipalities]), between(h.day, from, to)))
    .groupBy(h.day)
}
