// Every SQL statement of effect estimates: daily totals, reports naming a campaign, and alerts in a window.
import type { Queryable } from '@meldpunt/db'

/** Reports per local day from the hour rollup; days without reports have no row. */
export function dailyTotals(tx: Queryable, municipality: string, from: string, to: string): Promise<{ day: string; n: number }[]> {
  return tx.query<{ day: string; n: number }>(
    `select day::text as day, sum(n)::int as n from rollup_hour_day where municipality_code = $1 and day between $2 and $3 group by day`,
    [municipality, from, to],
  )
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
  const [row] = await tx.query<{ total: number; code: number; channel: number; either: number }>(
    `select count(*)::int as total,
            count(*) filter (where campaign_code = $4)::int as code,
            count(*) filter (where heard_via = any($5::text[]))::int as channel,
            count(*) filter (where campaign_code = $4 or heard_via = any($5::text[]))::int as either
     from reports where municipality_code = $1 and local_day between $2 and $3`,
    [municipality, from, to, code, [...channels]],
  )
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
export async function alertsBetween(tx: Queryable, municipality: string, from: string, to: string): Promise<AlertMark[]> {
  const rows = await tx.query<{ day: string; scope: string; scope_key: string | null; observed: number; expected: number; method: string }>(
    `select day::text as day, scope, scope_key, observed, expected, method from spike_alerts
     where municipality_code = $1 and day between $2 and $3 order by day`,
    [municipality, from, to],
  )
  return rows.map((a) => ({ day: a.day, scope: a.scope, scopeKey: a.scope_key, observed: a.observed, expected: a.expected, method: a.method }))
}
