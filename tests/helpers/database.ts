// One migrated test database per process: embedded PGlite in memory, or the PostgreSQL that DATABASE_URL names.
import { createDatabase, loadMunicipalities, runMigrations, type Database } from '@meldpunt/db'

let shared: Promise<Database> | undefined

/** Tenant data tables emptied between test files; reference tables (municipalities) stay loaded. */
export const DATA_TABLES = ['report_additions', 'receipts', 'rollup_cell_day', 'rollup_hour_day', 'idempotency_keys', 'reports', 'rollup_cell_hour', 'rollup_cell_month', 'audit_log', 'staff_sessions', 'staff_users', 'neighbourhoods', 'intake_hourly', 'retention_purges',
  'campaigns', 'interventions', 'spike_alerts', 'alert_settings', 'spike_runs', 'published_quarters', 'staff_devices', 'place_labels', 'neighbourhood_backfills',
  'rate_limit_hits', 'pow_spent', 'job_leases', 'rollup_hour_weight',
  'register_history', 'staff_sign_in_links', 'staff_recovery_codes']

export function testDatabase(): Promise<Database> {
  shared ??= (async () => {
    // PGlite with PostGIS costs seconds to start, so the whole API suite shares one instance.
    const db = await createDatabase({ url: process.env.DATABASE_URL, dataDir: 'memory://' })
    await runMigrations(db)
    await loadMunicipalities(db)
    return db
  })()
  return shared
}

export async function resetData(db: Database): Promise<void> {
  const existing = await db.query<{ table_name: string }>(
    `select table_name from information_schema.tables where table_schema = 'public' and table_name = any($1)`,
    [DATA_TABLES],
  )
  if (!existing.length) return
  // The audit log refuses TRUNCATE by trigger (migrations/0156); tests connect as a superuser, which may switch
  // ordinary triggers off for its own transaction. The product never does.
  await db.transaction(async (tx) => {
    await tx.query(`set local session_replication_role = replica`)
    await tx.query(`truncate ${existing.map((t) => t.table_name).join(', ')} cascade`)
  })
}

/** Every row of every table in the public schema as text: what privacy tests search for leaked client data. */
export async function dumpAllTables(db: Database): Promise<string> {
  const tables = await db.query<{ table_name: string }>(
    `select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' and table_name <> 'spatial_ref_sys'`,
  )
  const parts: string[] = []
  for (const { table_name } of tables) {
    const rows = await db.query<{ r: string }>(`select t::text as r from ${table_name} t`)
    parts.push(`## ${table_name}\n${rows.map((r) => r.r).join('\n')}`)
  }
  return parts.join('\n')
}

/**
 * Holds every intake at its first statement (a lock on the key table) until released, so requests stay in flight:
 * what in-flight, load-shedding and shutdown tests need. Resolves once the lock is taken.
 */
export async function holdIntake(db: Database): Promise<{ release: () => void; done: Promise<void> }> {
  let release!: () => void
  const held = new Promise<void>((r) => (release = r))
  let locked!: () => void
  const isLocked = new Promise<void>((r) => (locked = r))
  const done = db.transaction(async (tx) => {
    await tx.query('lock table idempotency_keys in access exclusive mode')
    locked()
    await held
  })
  await isLocked
  return { release, done }
}
