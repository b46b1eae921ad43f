// The deployment docker-compose.yml describes, on a real PostgreSQL: a superuser prepares the database and migrates,
// the API runs as a role that owns the tables but is no superuser. Also what the image may hold.
import { createDatabase, loadMunicipalities, runMigrations, transferTableOwnership, type Database } from '@meldpunt/db'
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import pg from 'pg'
import { afterAll, describe, expect, it } from 'vitest'
import { buildApp } from '../../apps/api/src/app.js'
import { testConfig } from '../../apps/api/src/config.js'
import { contractBody, newKey } from '../fixtures.js'

const ADMIN = process.env.DATABASE_URL
const NAME = 'meldpunt_deploy_test'

function urlFor(user: string | null, database: string): string {
  const u = new URL(ADMIN!)
  if (user) u.username = user
  u.pathname = `/${database}`
  return u.toString()
}

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN })
  await client.connect()
  try {
    await client.query(sql)
  } finally {
    await client.end()
  }
}

describe('the image', () => {
  it('keeps .env files and the embedded database out, and installs production dependencies only', () => {
    const ignored = readFileSync('.dockerignore', 'utf8').split('\n').map((l) => l.trim())
    for (const entry of ['.env', '.env.*', 'data', 'node_modules']) expect(ignored, entry).toContain(entry)
    const dockerfile = readFileSync('Dockerfile', 'utf8')
    const running = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '))
    expect(running).toContain('npm ci --omit=dev')
    expect(running).toMatch(/USER node/)
    const compose = readFileSync('docker-compose.yml', 'utf8')
    expect(compose).toContain('postgres://meldpunt:${MELDPUNT_DB_PASSWORD}@db:5432/meldpunt')
    expect(compose).toMatch(/MIGRATE_ON_START: "false"/)
  })
})

describe.skipIf(!ADMIN)('database roles on PostgreSQL', () => {
  let db: Database | undefined
  afterAll(async () => {
    await db?.close()
    await admin(`drop database if exists ${NAME} with (force)`)
  })

  it('runs intake as the non-superuser owner after init.sql and `migrate --owner` as the superuser', async () => {
    await admin(`drop database if exists ${NAME} with (force)`)
    await admin(`create database ${NAME}`)
    const init = spawnSync('psql', [urlFor(null, NAME), '-q', '-v', `DBNAME=${NAME}`, '-f', 'deploy/postgres/init.sql'], { encoding: 'utf8' })
    expect(init.status, init.stderr).toBe(0)

    const superuser = await createDatabase({ url: urlFor(null, NAME) })
    try {
      await runMigrations(superuser)
      await loadMunicipalities(superuser)
      expect(await transferTableOwnership(superuser, 'meldpunt')).toBeGreaterThan(20)
    } finally {
      await superuser.close()
    }

    db = await createDatabase({ url: urlFor('meldpunt', NAME) })
    const [who] = await db.query<{ rolsuper: boolean; rolbypassrls: boolean }>(`select rolsuper, rolbypassrls from pg_roles where rolname = current_user`)
    expect(who).toEqual({ rolsuper: false, rolbypassrls: false })
    // Nothing a superuser may do: reading server files, changing roles.
    await expect(db.query(`select pg_read_file('/etc/hostname')`)).rejects.toThrow(/permission denied/)
    await expect(db.query(`alter role meldpunt superuser`)).rejects.toThrow()

    const app = await buildApp({ config: testConfig({ MIGRATE_ON_START: false }), database: db })
    try {
      const res = await app.inject({ method: 'POST', url: '/api/v1/reports', headers: { 'content-type': 'application/json', 'idempotency-key': newKey() }, payload: JSON.stringify(contractBody()) })
      expect(res.statusCode, res.body).toBe(201)
      const [row] = await db.query<{ n: number }>(`select count(*)::int as n from reports`)
      expect(row!.n).toBe(1)
    } finally {
      await app.close()
    }
  })
})
