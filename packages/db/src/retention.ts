// Retention: purges free text past each municipality's retention period, logs what was purged, and prunes intake bookkeeping.
import { desc, eq, exists, sql, type SQL } from 'drizzle-orm'
import type { Database, Queryable } from './database.js'
import { idempotencyKeys, intakeHourly, municipalities, reportAdditions, reports, retentionPurges } from './schema.js'

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

/**
 * One purge and its log row as one statement. Calendar months in the database's arithmetic (31 March minus one
 * month is the last day of February).
 */
function purgeStatement(kind: PurgeKind, municipality: string, now: Date, months: number): SQL {
  const purge =
    kind === 'report_description'
      ? sql`update ${reports} set description = null, description_purged_at = ${now}
            where municipality_code = ${municipality} and description is not null and received_at < (select cutoff from c)`
      : sql`update ${reportAdditions} set text = null, text_purged_at = ${now}
            where municipality_code = ${municipality} and text is not null and added_at < (select cutoff from c)`
  return sql`
    with c as (select ${now}::timestamptz - make_interval(months => ${months}) as cutoff), purged as (${purge} returning 1)
    insert into ${retentionPurges} (municipality_code, purged_at, kind, retention_months, cutoff, purged_count)
    select ${municipality}, ${now}, ${kind}, ${months}, (select cutoff from c), count(*) from purged having count(*) > 0
    returning purged_count, cutoff`
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
    const [lock] = await tx.rows<{ locked: boolean }>(sql`select pg_try_advisory_xact_lock(${RETENTION_LOCK}) as locked`)
    if (!lock?.locked) return { ran: false, purged: [], idempotencyKeysDeleted: 0, intakeCountersDeleted: 0 }
    const withReports = await tx.orm
      .select({ code: municipalities.code, settings: municipalities.settings })
      .from(municipalities)
      .where(exists(tx.orm.select({ one: sql`1` }).from(reports).where(eq(reports.municipalityCode, municipalities.code))))
      .orderBy(municipalities.code)
    const purged: PurgeLogEntry[] = []
    for (const m of withReports) {
      const months = retentionMonths(m.settings, options.defaultMonths)
      for (const kind of ['report_description', 'addition_text'] as const) {
        const [row] = await tx.rows<{ purged_count: number; cutoff: Date }>(purgeStatement(kind, m.code, now, months))
        if (row) purged.push({ municipalityCode: m.code, kind, purgedAt: now, retentionMonths: months, cutoff: new Date(row.cutoff), count: Number(row.purged_count) })
      }
    }
    const idempotencyKeysDeleted = await deleteCount(
      tx,
      sql`delete from ${idempotencyKeys} where created_at < ${now}::timestamptz - make_interval(days => ${options.idempotencyKeyTtlDays ?? 30})`,
    )
    const intakeCountersDeleted = await deleteCount(
      tx,
      sql`delete from ${intakeHourly} where hour < ${now}::timestamptz - make_interval(hours => ${INTAKE_COUNTER_KEEP_HOURS})`,
    )
    return { ran: true, purged, idempotencyKeysDeleted, intakeCountersDeleted }
  })
}

async function deleteCount(tx: Queryable, deletion: SQL): Promise<number> {
  const [row] = await tx.rows<{ n: number }>(sql`with d as (${deletion} returning 1) select count(*)::int as n from d`)
  return row?.n ?? 0
}

/** The purge log of one municipality, newest first: what a staff admin sees. */
export async function listPurges(db: Queryable, municipalityCode: string, limit = 100): Promise<PurgeLogEntry[]> {
  const t = retentionPurges
  return db.orm
    .select({
      municipalityCode: t.municipalityCode,
      kind: sql<PurgeKind>`${t.kind}`,
      purgedAt: t.purgedAt,
      retentionMonths: t.retentionMonths,
      cutoff: t.cutoff,
      count: t.purgedCount,
    })
    .from(t)
    .where(eq(t.municipalityCode, municipalityCode))
    .orderBy(desc(t.purgedAt), desc(t.id))
    .limit(limit)
}
