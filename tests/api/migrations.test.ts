// The migration runner: applies each file once, records it, and refuses an applied file that was edited.
import { readMigrations, runMigrations } from '@meldpunt/db'
import { beforeAll, describe, expect, it } from 'vitest'
import { testDatabase } from '../helpers/database.js'
import type { Database } from '@meldpunt/db'

let db: Database
beforeAll(async () => {
  db = await testDatabase()
})

describe('migrations', () => {
  it('records every applied file with its checksum; a second run applies nothing', async () => {
    const files = readMigrations()
    const rows = await db.query<{ name: string; checksum: string }>('select name, checksum from schema_migrations order by name')
    expect(rows.map((r) => r.name)).toEqual(files.map((f) => f.name))
    expect(rows.map((r) => r.checksum)).toEqual(files.map((f) => f.checksum))
    expect(await runMigrations(db)).toEqual([])
  })

  it('installs PostGIS with PROJ (RD New transforms work)', async () => {
    const [row] = await db.query<{ x: number }>(`select ST_X(ST_Transform(ST_SetSRID(ST_MakePoint(4.89, 52.37), 4326), 28992)) as x`)
    expect(row!.x).toBeCloseTo(121138.33, 1)
  })

  it('refuses to run when an applied migration was changed', async () => {
    const edited = readMigrations().map((m, i) => (i === 0 ? { ...m, checksum: 'edited' } : m))
    await expect(runMigrations(db, edited)).rejects.toThrow(/changed after it was applied/)
  })

  it('applies a new file once, in order, inside a transaction', async () => {
    const extra = { name: '9999_test_probe.sql', sql: 'create table test_probe (x int); insert into test_probe values (1);', checksum: 'probe' }
    try {
      expect(await runMigrations(db, [...readMigrations(), extra])).toEqual(['9999_test_probe.sql'])
      expect(await runMigrations(db, [...readMigrations(), extra])).toEqual([])
      // A failing file leaves nothing behind.
      const broken = { name: '9999_zz_broken.sql', sql: 'create table half_done (x int); select no_such_function();', checksum: 'b' }
      await expect(runMigrations(db, [...readMigrations(), extra, broken])).rejects.toThrow()
      expect(await db.query(`select 1 from information_schema.tables where table_name = 'half_done'`)).toHaveLength(0)
    } finally {
      await db.query('drop table if exists test_probe')
      await db.query(`delete from schema_migrations where name like '9999_%'`)
    }
  })

  it('every tenant table has municipality_code leading its primary key', async () => {
    const rows = await db.query<{ table_name: string; first: string }>(
      `select tc.table_name, (array_agg(kcu.column_name order by kcu.ordinal_position))[1] as first
       from information_schema.table_constraints tc
       join information_schema.key_column_usage kcu on kcu.constraint_name = tc.constraint_name and kcu.table_name = tc.table_name
       where tc.constraint_type = 'PRIMARY KEY' and tc.table_name in ('reports', 'report_additions', 'rollup_cell_day', 'rollup_hour_day')
       group by tc.table_name`,
    )
    expect(rows).toHaveLength(4)
    for (const r of rows) expect(r.first).toBe('municipality_code')
  })

  it('documents that a report counts at the local time of its window\'s middle', async () => {
    const rows = await db.query<{ column_name: string; comment: string | null }>(
      `select a.attname as column_name, col_description(a.attrelid, a.attnum) as comment
       from pg_attribute a where a.attrelid = 'reports'::regclass and a.attname in ('local_day', 'local_hour', 'local_weekday')`,
    )
    expect(rows).toHaveLength(3)
    for (const r of rows) expect(r.comment, r.column_name).toMatch(/middle of \[occurred_from, occurred_to\]/)
  })
})
