// Applies migrations/*.sql in name order, once each, on either backend, and records what was applied.
import { createHash } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { sql } from 'drizzle-orm'
import type { Database } from './database.js'
import { schemaMigrations } from './schema.js'

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../../migrations/', import.meta.url))

export interface Migration {
  name: string
  sql: string
  checksum: string
}

export function readMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d{4}_[a-z0-9_-]+\.sql$/.test(f))
    .sort()
    .map((name) => {
      const sql = readFileSync(`${dir}/${name}`, 'utf8')
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') }
    })
}

// Any constant works; it only has to be the same for every instance that migrates this database.
const MIGRATION_LOCK = 727_001

/** Applies pending migrations; refuses to run when an applied file was edited afterwards. Returns the names applied now. */
export async function runMigrations(db: Database, migrations = readMigrations()): Promise<string[]> {
  // The one table no migration creates: it must exist before the first migration is recorded.
  await db.exec(`create table if not exists schema_migrations (
    name text primary key, checksum text not null, applied_at timestamptz not null default now())`)
  return db.transaction(async (tx) => {
    // Two API instances starting together must not both apply the same file.
    await tx.rows(sql`select pg_advisory_xact_lock(${MIGRATION_LOCK})`)
    const applied = new Map((await tx.orm.select().from(schemaMigrations)).map((r) => [r.name, r.checksum]))
    const done: string[] = []
    for (const m of migrations) {
      const seen = applied.get(m.name)
      if (seen !== undefined) {
        if (seen !== m.checksum) throw new Error(`migration ${m.name} was changed after it was applied (checksum differs); add a new migration instead`)
        continue
      }
      await tx.exec(m.sql)
      await tx.orm.insert(schemaMigrations).values({ name: m.name, checksum: m.checksum })
      done.push(m.name)
    }
    return done
  })
}

/** True when every migration file has been applied: what /readyz reports. */
export async function migrationsApplied(db: Database, migrations = readMigrations()): Promise<boolean> {
  try {
    const rows = await db.orm.select({ name: schemaMigrations.name }).from(schemaMigrations)
    const names = new Set(rows.map((r) => r.name))
    return migrations.every((m) => names.has(m.name))
  } catch {
    return false
  }
}

/**
 * Makes `role` the owner of every table, sequence and function the migrations created in the public schema (PostGIS's
 * own objects excepted). Returns how many tables it covered. The role name is checked, then quoted by the server.
 */
export async function transferTableOwnership(db: Database, role: string): Promise<number> {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(role)) throw new RangeError(`not a role name: ${JSON.stringify(role)}`)
  const [row] = await db.query<{ n: number }>(
    `with t as (
       select c.oid, c.relname, c.relkind from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = 'public' and c.relkind in ('r', 'S', 'v') and c.relname <> 'spatial_ref_sys'
         and not exists (select 1 from pg_depend d where d.objid = c.oid and d.deptype = 'e')
     ) select count(*) filter (where relkind = 'r')::int as n from t`,
  )
  await db.exec(`do $$
declare r record;
begin
  for r in select c.relname, c.relkind from pg_class c join pg_namespace n on n.oid = c.relnamespace
           where n.nspname = 'public' and c.relkind in ('r', 'v') and c.relname <> 'spatial_ref_sys'
             and not exists (select 1 from pg_depend d where d.objid = c.oid and d.deptype = 'e') loop
    execute format('alter table %I owner to %I', r.relname, '${role}');
  end loop;
  for r in select p.oid::regprocedure as f from pg_proc p join pg_namespace n on n.oid = p.pronamespace
           where n.nspname = 'public' and not exists (select 1 from pg_depend d where d.objid = p.oid and d.deptype = 'e') loop
    execute format('alter function %s owner to %I', r.f, '${role}');
  end loop;
end
$$`)
  return row?.n ?? 0
}
