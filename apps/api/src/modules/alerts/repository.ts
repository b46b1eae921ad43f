// Every SQL statement of spike alerts: the counts a check reads, stored alerts, their delivery, runs and settings.
import { schema, type Queryable } from '@meldpunt/db'
import { and, asc, desc, eq, gt, isNotNull, isNull, lt, or, sql, between } from 'drizzle-orm'
import type { SpikeAlert, SpikeScope, SpikeSignal } from './service.js'

const a = schema.spikeAlerts
const s = schema.alertSettings

const isoOrNull = (v: Date | string | null): string | null => (v === null ? null : new Date(v).toISOString())
const createdWithin = (withinDays: number) => gt(a.createdAt, sql`now() - make_interval(days => ${withinDays})`)

const alertSelection = {
  id: a.id,
  day: a.day,
  scope: a.scope,
  scopeKey: a.scopeKey,
  method: a.method,
  observed: a.observed,
  expected: a.expected,
  upperBound: a.upperBound,
  pValue: a.pValue,
  signals: a.signals,
  createdAt: sql<Date | string>`${a.createdAt}`,
  deliveredAt: sql<Date | string | null>`${a.deliveredAt}`,
  deliveryAttempts: a.deliveryAttempts,
  lastDeliveryError: a.lastDeliveryError,
  deliveryClaimedUntil: sql<Date | string | null>`${a.deliveryClaimedUntil}`,
  hasWebhook: sql<boolean>`exists (select 1 from ${s} where ${s.municipalityCode} = ${a.municipalityCode} and ${s.webhookUrl} is not null)`.mapWith(Boolean),
}

interface AlertRow {
  id: string
  day: string
  scope: string
  scopeKey: string | null
  method: string
  observed: number
  expected: number
  upperBound: number
  pValue: number
  signals: unknown
  createdAt: Date | string
  deliveredAt: Date | string | null
  deliveryAttempts: number
  lastDeliveryError: string | null
  deliveryClaimedUntil: Date | string | null
  hasWebhook: boolean
}

function toAlert(r: AlertRow): SpikeAlert {
  const signals = (typeof r.signals === 'string' ? JSON.parse(r.signals) : r.signals) as SpikeSignal[]
  const head = signals.find((x) => x.scope === r.scope && x.key === r.scopeKey)
  const state = r.deliveredAt !== null ? 'delivered' : !r.hasWebhook ? 'not-configured' : r.deliveryAttempts > 0 && r.deliveryClaimedUntil === null ? 'failed' : 'pending'
  return {
    id: r.id,
    day: r.day,
    scope: r.scope as SpikeScope,
    scopeKey: r.scopeKey,
    method: r.method,
    observed: Number(r.observed),
    expected: Number(r.expected),
    upperBound: Number(r.upperBound),
    pValue: Number(r.pValue),
    weekdayExpected: head?.weekdayExpected ?? Number(r.expected),
    signals,
    createdAt: isoOrNull(r.createdAt)!,
    delivery: { state, deliveredAt: isoOrNull(r.deliveredAt), attempts: r.deliveryAttempts, lastError: r.lastDeliveryError },
  }
}

/** Municipalities with reports between `from` and `to`: the ones a daily run checks. Read across tenants by the owner. */
export async function municipalitiesWithReports(db: Queryable, from: string, to: string): Promise<string[]> {
  const h = schema.rollupHourDay
  const rows = await db.orm.selectDistinct({ code: h.municipalityCode }).from(h).where(between(h.day, from, to)).orderBy(h.municipalityCode)
  return rows.map((r) => r.code)
}

export async function municipalitiesWithUndelivered(db: Queryable, withinDays: number): Promise<string[]> {
  const rows = await db.orm.selectDistinct({ code: a.municipalityCode }).from(a).where(and(isNull(a.deliveredAt), createdWithin(withinDays)))
  return rows.map((r) => r.code)
}

export async function markRunFinished(db: Queryable, day: string): Promise<void> {
  const r = schema.spikeRuns
  await db.orm.insert(r).values({ day }).onConflictDoUpdate({ target: r.day, set: { finishedAt: sql`now()` } })
}

export async function lastFinishedRun(db: Queryable): Promise<string | null> {
  const [row] = await db.orm.select({ day: sql<string | null>`max(${schema.spikeRuns.day})::text` }).from(schema.spikeRuns)
  return row?.day ?? null
}

export function dailyCountsByCategory(tx: Queryable, municipality: string, from: string, to: string): Promise<{ day: string; category: string; n: number }[]> {
  const h = schema.rollupHourDay
  return tx.orm
    .select({ day: h.day, category: h.category, n: sql<number>`sum(${h.n})::int` })
    .from(h)
    .where(and(eq(h.municipalityCode, municipality), between(h.day, from, to)))
    .groupBy(h.day, h.category)
}

export function dailyCountsByNeighbourhood(tx: Queryable, municipality: string, from: string, to: string): Promise<{ day: string; code: string; n: number }[]> {
  const r = schema.reports
  return tx.orm
    .select({ day: r.localDay, code: sql<string>`${r.neighbourhoodCode}`, n: sql<number>`count(*)::int` })
    .from(r)
    .where(and(eq(r.municipalityCode, municipality), between(r.localDay, from, to), isNotNull(r.neighbourhoodCode)))
    .groupBy(r.localDay, r.neighbourhoodCode)
}

/** Stores the day's alert unless the municipality has one for that day already; its id, or null when it had. */
export async function insertAlert(
  tx: Queryable,
  municipality: string,
  alert: { id: string; day: string; head: SpikeSignal; method: string; signals: readonly SpikeSignal[] },
): Promise<string | null> {
  const { head } = alert
  const [row] = await tx.orm
    .insert(a)
    .values({
      municipalityCode: municipality,
      id: alert.id,
      day: alert.day,
      scope: head.scope,
      scopeKey: head.key,
      method: alert.method,
      observed: head.observed,
      expected: head.expected,
      upperBound: head.upperBound,
      pValue: head.pValue,
      signals: alert.signals,
    })
    .onConflictDoNothing({ target: [a.municipalityCode, a.day] })
    .returning({ id: a.id })
  return row?.id ?? null
}

export async function selectAlert(tx: Queryable, municipality: string, id: string): Promise<SpikeAlert | null> {
  const [row] = await tx.orm.select(alertSelection).from(a).where(and(eq(a.municipalityCode, municipality), eq(a.id, id)))
  return row ? toAlert(row) : null
}

export async function selectAlerts(tx: Queryable, municipality: string, from: string, to: string): Promise<SpikeAlert[]> {
  const rows = await tx.orm.select(alertSelection).from(a).where(and(eq(a.municipalityCode, municipality), between(a.day, from, to))).orderBy(desc(a.day))
  return rows.map(toAlert)
}

export async function undeliveredAlerts(tx: Queryable, municipality: string, withinDays: number): Promise<SpikeAlert[]> {
  const rows = await tx.orm
    .select(alertSelection)
    .from(a)
    .where(and(eq(a.municipalityCode, municipality), isNull(a.deliveredAt), createdWithin(withinDays)))
    .orderBy(asc(a.day))
  return rows.map(toAlert)
}

export async function webhookTarget(tx: Queryable, municipality: string): Promise<{ url: string; secret: string | null; name: string } | undefined> {
  const m = schema.municipalities
  const [target] = await tx.orm
    .select({ url: sql<string>`${s.webhookUrl}`, secret: s.webhookSecret, name: m.name })
    .from(s)
    .innerJoin(m, eq(m.code, s.municipalityCode))
    .where(and(eq(s.municipalityCode, municipality), isNotNull(s.webhookUrl)))
  return target
}

/** Claims an undelivered alert for `leaseMs`; false when it was delivered meanwhile or another sender holds it. */
export async function claimDelivery(tx: Queryable, municipality: string, id: string, leaseMs: number): Promise<boolean> {
  const [claimed] = await tx.orm
    .update(a)
    .set({ deliveryClaimedUntil: sql`now() + make_interval(secs => ${leaseMs}::float8 / 1000)`, deliveryAttempts: sql`${a.deliveryAttempts} + 1` })
    .where(
      and(
        eq(a.municipalityCode, municipality),
        eq(a.id, id),
        isNull(a.deliveredAt),
        or(isNull(a.deliveryClaimedUntil), lt(a.deliveryClaimedUntil, sql`now()`)),
      ),
    )
    .returning({ id: a.id })
  return claimed !== undefined
}

/** Ends a delivery attempt: delivered when `error` is null, else the error is kept for the dashboard. */
export async function recordDelivery(tx: Queryable, municipality: string, id: string, error: string | null): Promise<void> {
  await tx.orm
    .update(a)
    .set(error === null ? { deliveredAt: sql`now()`, deliveryClaimedUntil: null, lastDeliveryError: null } : { deliveryClaimedUntil: null, lastDeliveryError: error })
    .where(and(eq(a.municipalityCode, municipality), eq(a.id, id)))
}

export async function hasWebhook(tx: Queryable, municipality: string): Promise<boolean> {
  const [hook] = await tx.orm.select({ one: sql`1` }).from(s).where(and(eq(s.municipalityCode, municipality), isNotNull(s.webhookUrl)))
  return hook !== undefined
}

/** Where a municipality's alerts go, as the settings page shows it (the secret itself never leaves). */
export interface AlertSettingsRow {
  webhookUrl: string | null
  hasSecret: boolean
  updatedBy: string | null
  updatedAt: string
}

const settingsSelection = {
  webhookUrl: s.webhookUrl,
  hasSecret: sql<boolean>`${s.webhookSecret} is not null`.mapWith(Boolean),
  updatedBy: s.updatedByEmail,
  updatedAt: sql<string>`${s.updatedAt}`.mapWith((v: Date | string) => new Date(v).toISOString()),
}

export async function selectAlertSettings(tx: Queryable, municipality: string): Promise<AlertSettingsRow | undefined> {
  const [row] = await tx.orm.select(settingsSelection).from(s).where(eq(s.municipalityCode, municipality))
  return row
}

export async function currentWebhookSecret(tx: Queryable, municipality: string): Promise<string | null> {
  const [row] = await tx.orm.select({ secret: s.webhookSecret }).from(s).where(eq(s.municipalityCode, municipality))
  return row?.secret ?? null
}

/** Sets the webhook; a null `secret` keeps the one stored. */
export async function upsertAlertSettings(
  tx: Queryable,
  municipality: string,
  settings: { webhookUrl: string | null; secret: string | null; actor: { userId: string | null; email: string | null } },
): Promise<AlertSettingsRow> {
  const { actor } = settings
  const [row] = await tx.orm
    .insert(s)
    .values({ municipalityCode: municipality, webhookUrl: settings.webhookUrl, webhookSecret: settings.secret, updatedBy: actor.userId, updatedByEmail: actor.email })
    .onConflictDoUpdate({
      target: s.municipalityCode,
      set: {
        webhookUrl: sql`excluded.webhook_url`,
        webhookSecret: sql`coalesce(excluded.webhook_secret, ${s.webhookSecret})`,
        updatedBy: sql`excluded.updated_by`,
        updatedByEmail: sql`excluded.updated_by_email`,
        updatedAt: sql`now()`,
      },
    })
    .returning(settingsSelection)
  return row!
}
