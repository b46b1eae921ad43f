// Every SQL statement of effect estimates: daily totals, reports naming a campaign, and alerts in a window.
import { schema, type Queryable } from '@meldpunt/db'
import { and, asc, between, eq, sql } from 'drizzle-orm'

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
