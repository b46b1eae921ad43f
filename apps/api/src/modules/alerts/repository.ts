// Every SQL statement of spike alerts: the counts a check reads, stored alerts, their delivery, runs and settings.
import type { Queryable } from '@meldpunt/db'
import type { SpikeAlert, SpikeScope, SpikeSignal } from './service.js'

interface AlertRow {
  id: string
  day: string
  scope: SpikeScope
  scope_key: string | null
  method: string
  observed: number
  expected: number
  upper_bound: number
  p_value: number
  signals: SpikeSignal[] | string
  created_at: Date | string
  delivered_at: Date | string | null
  delivery_attempts: number
  last_delivery_error: string | null
  delivery_claimed_until: Date | string | null
  has_webhook: boolean
}

const ALERT_COLUMNS = `a.id, a.day::text as day, a.scope, a.scope_key, a.method, a.observed, a.expected, a.upper_bound, a.p_value, a.signals,
  a.created_at, a.delivered_at, a.delivery_attempts, a.last_delivery_error, a.delivery_claimed_until,
  exists (select 1 from alert_settings s where s.municipality_code = a.municipality_code and s.webhook_url is not null) as has_webhook`

function toAlert(r: AlertRow): SpikeAlert {
  const signals = typeof r.signals === 'string' ? (JSON.parse(r.signals) as SpikeSignal[]) : r.signals
  const head = signals.find((x) => x.scope === r.scope && x.key === r.scope_key)
  const iso = (v: Date | string | null): string | null => (v === null ? null : new Date(v).toISOString())
  const state = r.delivered_at !== null ? 'delivered' : !r.has_webhook ? 'not-configured' : r.delivery_attempts > 0 && r.delivery_claimed_until === null ? 'failed' : 'pending'
  return {
    id: r.id,
    day: r.day,
    scope: r.scope,
    scopeKey: r.scope_key,
    method: r.method,
    observed: Number(r.observed),
    expected: Number(r.expected),
    upperBound: Number(r.upper_bound),
    pValue: Number(r.p_value),
    weekdayExpected: head?.weekdayExpected ?? Number(r.expected),
    signals,
    createdAt: iso(r.created_at)!,
    delivery: { state, deliveredAt: iso(r.delivered_at), attempts: r.delivery_attempts, lastError: r.last_delivery_error },
  }
}

/** Municipalities with reports between `from` and `to`: the ones a daily run checks. Read across tenants by the owner. */
export async function municipalitiesWithReports(db: Queryable, from: string, to: string): Promise<string[]> {
  const rows = await db.query<{ code: string }>(`select distinct municipality_code as code from rollup_hour_day where day between $1 and $2 order by 1`, [from, to])
  return rows.map((r) => r.code)
}

export async function municipalitiesWithUndelivered(db: Queryable, withinDays: number): Promise<string[]> {
  const rows = await db.query<{ code: string }>(
    `select distinct municipality_code as code from spike_alerts
     where delivered_at is null and created_at > now() - make_interval(days => $1)`,
    [withinDays],
  )
  return rows.map((r) => r.code)
}

export async function markRunFinished(db: Queryable, day: string): Promise<void> {
  await db.query(`insert into spike_runs (day) values ($1) on conflict (day) do update set finished_at = now()`, [day])
}

export async function lastFinishedRun(db: Queryable): Promise<string | null> {
  const [row] = await db.query<{ day: string | null }>('select max(day)::text as day from spike_runs')
  return row?.day ?? null
}

export function dailyCountsByCategory(tx: Queryable, municipality: string, from: string, to: string): Promise<{ day: string; category: string; n: number }[]> {
  return tx.query<{ day: string; category: string; n: number }>(
    `select day::text as day, category, sum(n)::int as n from rollup_hour_day
     where municipality_code = $1 and day between $2 and $3 group by day, category`,
    [municipality, from, to],
  )
}

export function dailyCountsByNeighbourhood(tx: Queryable, municipality: string, from: string, to: string): Promise<{ day: string; code: string; n: number }[]> {
  return tx.query<{ day: string; code: string; n: number }>(
    `select local_day::text as day, neighbourhood_code as code, count(*)::int as n from reports
     where municipality_code = $1 and local_day between $2 and $3 and neighbourhood_code is not null group by 1, 2`,
    [municipality, from, to],
  )
}

/** Stores the day's alert unless the municipality has one for that day already; its id, or null when it had. */
export async function insertAlert(
  tx: Queryable,
  municipality: string,
  alert: { id: string; day: string; head: SpikeSignal; method: string; signals: readonly SpikeSignal[] },
): Promise<string | null> {
  const { head } = alert
  const [row] = await tx.query<{ id: string }>(
    `insert into spike_alerts (municipality_code, id, day, scope, scope_key, method, observed, expected, upper_bound, p_value, signals)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::jsonb)
     on conflict (municipality_code, day) do nothing returning id`,
    [municipality, alert.id, alert.day, head.scope, head.key, alert.method, head.observed, head.expected, head.upperBound, head.pValue, JSON.stringify(alert.signals)],
  )
  return row?.id ?? null
}

export async function selectAlert(tx: Queryable, municipality: string, id: string): Promise<SpikeAlert | null> {
  const [row] = await tx.query<AlertRow>(`select ${ALERT_COLUMNS} from spike_alerts a where a.municipality_code = $1 and a.id = $2`, [municipality, id])
  return row ? toAlert(row) : null
}

export async function selectAlerts(tx: Queryable, municipality: string, from: string, to: string): Promise<SpikeAlert[]> {
  const rows = await tx.query<AlertRow>(
    `select ${ALERT_COLUMNS} from spike_alerts a where a.municipality_code = $1 and a.day between $2 and $3 order by a.day desc`,
    [municipality, from, to],
  )
  return rows.map(toAlert)
}

export async function undeliveredAlerts(tx: Queryable, municipality: string, withinDays: number): Promise<SpikeAlert[]> {
  const rows = await tx.query<AlertRow>(
    `select ${ALERT_COLUMNS} from spike_alerts a
     where a.municipality_code = $1 and a.delivered_at is null and a.created_at > now() - make_interval(days => $2)
     order by a.day`,
    [municipality, withinDays],
  )
  return rows.map(toAlert)
}

export async function webhookTarget(tx: Queryable, municipality: string): Promise<{ url: string; secret: string | null; name: string } | undefined> {
  const [target] = await tx.query<{ url: string; secret: string | null; name: string }>(
    `select s.webhook_url as url, s.webhook_secret as secret, m.name from alert_settings s join municipalities m on m.code = s.municipality_code
     where s.municipality_code = $1 and s.webhook_url is not null`,
    [municipality],
  )
  return target
}

/** Claims an undelivered alert for `leaseMs`; false when it was delivered meanwhile or another sender holds it. */
export async function claimDelivery(tx: Queryable, municipality: string, id: string, leaseMs: number): Promise<boolean> {
  const [claimed] = await tx.query(
    `update spike_alerts set delivery_claimed_until = now() + make_interval(secs => $3::float8 / 1000), delivery_attempts = delivery_attempts + 1
     where municipality_code = $1 and id = $2 and delivered_at is null
       and (delivery_claimed_until is null or delivery_claimed_until < now())
     returning id`,
    [municipality, id, leaseMs],
  )
  return claimed !== undefined
}

/** Ends a delivery attempt: delivered when `error` is null, else the error is kept for the dashboard. */
export async function recordDelivery(tx: Queryable, municipality: string, id: string, error: string | null): Promise<void> {
  await tx.query(
    error === null
      ? `update spike_alerts set delivered_at = now(), delivery_claimed_until = null, last_delivery_error = null where municipality_code = $1 and id = $2`
      : `update spike_alerts set delivery_claimed_until = null, last_delivery_error = $3 where municipality_code = $1 and id = $2`,
    error === null ? [municipality, id] : [municipality, id, error],
  )
}

export async function hasWebhook(tx: Queryable, municipality: string): Promise<boolean> {
  const [hook] = await tx.query(`select 1 from alert_settings where municipality_code = $1 and webhook_url is not null`, [municipality])
  return hook !== undefined
}

export interface AlertSettingsRow {
  webhook_url: string | null
  has_secret: boolean
  updated_by_email: string | null
  updated_at: Date | string
}

export async function selectAlertSettings(tx: Queryable, municipality: string): Promise<AlertSettingsRow | undefined> {
  const [row] = await tx.query<AlertSettingsRow>(
    `select webhook_url, webhook_secret is not null as has_secret, updated_by_email, updated_at from alert_settings where municipality_code = $1`,
    [municipality],
  )
  return row
}

export async function currentWebhookSecret(tx: Queryable, municipality: string): Promise<string | null> {
  const [row] = await tx.query<{ webhook_secret: string | null }>(`select webhook_secret from alert_settings where municipality_code = $1`, [municipality])
  return row?.webhook_secret ?? null
}

/** Sets the webhook; a null `secret` keeps the one stored. */
export async function upsertAlertSettings(
  tx: Queryable,
  municipality: string,
  settings: { webhookUrl: string | null; secret: string | null; actor: { userId: string | null; email: string | null } },
): Promise<AlertSettingsRow> {
  const [row] = await tx.query<AlertSettingsRow>(
    `insert into alert_settings as s (municipality_code, webhook_url, webhook_secret, updated_by, updated_by_email, updated_at)
     values ($1, $2, $3, $4, $5, now())
     on conflict (municipality_code) do update set webhook_url = excluded.webhook_url,
       webhook_secret = coalesce(excluded.webhook_secret, s.webhook_secret),
       updated_by = excluded.updated_by, updated_by_email = excluded.updated_by_email, updated_at = now()
     returning webhook_url, webhook_secret is not null as has_secret, updated_by_email, updated_at`,
    [municipality, settings.webhookUrl, settings.secret, settings.actor.userId, settings.actor.email],
  )
  return row!
}
