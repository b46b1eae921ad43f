// Retention: purges free text past each municipality's retention period, logs what was purged, and prunes intake bookkeeping.
import type { Database, Queryable } from './database.js'

export const DEFAULT_RETENTION_MONTHS = 12
/** Anything longer than ten years is a typo in settings, not a policy. */
const MAX_RETENTION_MONTHS = 120
/** Hourly intake counters are only read for the current hour; two days leave room for clock and zone doubts. */
const INTAKE_COUNTER_KEEP_HOURS = 48
// Any constant: only one API instance at a time runs the purge.
const RETENTION_LOCK = 727_020

export type PurgeKind = 'report_description' | 'addition_text'

export interface PurgeLogEntry {
  municipalityCode: string
  kind: PurgeKind
  purgedAt: Date
  retentionMonths: number
  cutoff: Date
  count: number
}

export interface RetentionRun {
  /** False when another instance held the lock and this run did nothing. */
  ran: boolean
  purged: PurgeLogEntry[]
  idempotencyKeysDeleted: number
  intakeCountersDeleted: number
}

/** A municipality's retention period in months from its settings; anything unusable falls back to the default. */
export function retentionMonths(settings: Record<string, unknown> | null | undefined, fallback = DEFAULT_RETENTION_MONTHS): number {
  const raw = settings?.retentionMonths
  const value = typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : raw
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= MAX_RETENTION_MONTHS ? value : fallback
}

// $1 municipality, $2 now, $3 retention months. Calendar months in the database's arithmetic (31 March minus one
// month is the last day of February).
const PURGE_SQL: Record<PurgeKind, string> = {
  report_description: `
    with c as (select $2::timestamptz - make_interval(months => $3) as cutoff), purged as (
      update reports set description = null, description_purged_at = $2
      where municipality_code = $1 and description is not null and received_at < (select cutoff from c)
      returning 1
    )
    insert into retention_purges (municipality_code, purged_at, kind, retention_months, cutoff, purged_count)
    select $1, $2, 'report_description', $3, (select cutoff from c), count(*) from purged having count(*) > 0
    returning purged_count, cutoff`,
  addition_text: `
    with c as (select $2::timestamptz - make_interval(months => $3) as cutoff), purged as (
      update report_additions set text = null, text_purged_at = $2
      where municipality_code = $1 and text is not null and added_at < (select cutoff from c)
      returning 1
    )
    insert into retention_purges (municipality_code, purged_at, kind, retention_months, cutoff, purged_count)
    select $1, $2, 'addition_text', $3, (select cutoff from c), count(*) from purged having count(*) > 0
    returning purged_count, cutoff`,
}

/**
 * Purges report descriptions and additions received before `now` minus the municipality's retention period
 * (settings.retentionMonths, calendar months). Counts, rollups and locations stay: only text goes. Each purge
 * and its log row are one statement, so nothing is purged without being logged. Runs as the owner (intake
 * path), across municipalities, in one transaction under an advisory lock so instances never run it twice.
 */
export async function purgeExpiredText(
  db: Database,
  options: { now?: Date; defaultMonths?: number; idempotencyKeyTtlDays?: number } = {},
): Promise<RetentionRun> {
  const now = options.now ?? new Date()
  return db.transaction(async (tx) => {
    const [lock] = await tx.query<{ locked: boolean }>('select pg_try_advisory_xact_lock($1) as locked', [RETENTION_LOCK])
    if (!lock?.locked) return { ran: false, purged: [], idempotencyKeysDeleted: 0, intakeCountersDeleted: 0 }
    const municipalities = await tx.query<{ code: string; settings: Record<string, unknown> | null }>(
      `select m.code, m.settings from municipalities m
       where exists (select 1 from reports r where r.municipality_code = m.code)
       order by m.code`,
    )
    const purged: PurgeLogEntry[] = []
    for (const m of municipalities) {
      const months = retentionMonths(m.settings, options.defaultMonths)
      for (const kind of ['report_description', 'addition_text'] as const) {
        const [row] = await tx.query<{ purged_count: number; cutoff: Date }>(PURGE_SQL[kind], [m.code, now, months])
        if (row) purged.push({ municipalityCode: m.code, kind, purgedAt: now, retentionMonths: months, cutoff: new Date(row.cutoff), count: Number(row.purged_count) })
      }
    }
    const idempotencyKeysDeleted = await deleteCount(
      tx,
      `delete from idempotency_keys where created_at < $1::timestamptz - make_interval(days => $2) returning 1`,
      [now, options.idempotencyKeyTtlDays ?? 30],
    )
    const intakeCountersDeleted = await deleteCount(
      tx,
      `delete from intake_hourly where hour < $1::timestamptz - make_interval(hours => $2) returning 1`,
      [now, INTAKE_COUNTER_KEEP_HOURS],
    )
    return { ran: true, purged, idempotencyKeysDeleted, intakeCountersDeleted }
  })
}

async function deleteCount(tx: Queryable, sql: string, params: unknown[]): Promise<number> {
  const [row] = await tx.query<{ n: number }>(`with d as (${sql}) select count(*)::int as n from d`, params)
  return row?.n ?? 0
}

/** The purge log of one municipality, newest first: what a staff admin sees. */
export async function listPurges(db: Queryable, municipalityCode: string, limit = 100): Promise<PurgeLogEntry[]> {
  const rows = await db.query<{ municipality_code: string; kind: PurgeKind; purged_at: Date; retention_months: number; cutoff: Date; purged_count: number }>(
    `select municipality_code, kind, purged_at, retention_months, cutoff, purged_count from retention_purges
     where municipality_code = $1 order by purged_at desc, id desc limit $2`,
    [municipalityCode, limit],
  )
  return rows.map((r) => ({
    municipalityCode: r.municipality_code,
    kind: r.kind,
    purgedAt: new Date(r.purged_at),
    retentionMonths: r.retention_months,
    cutoff: new Date(r.cutoff),
    count: r.purged_count,
  }))
}
