// One connection factory for both backends: embedded PGlite+PostGIS when no URL is given, node-postgres otherwise.
import { mkdirSync } from 'node:fs'
import pg from 'pg'
import { sql, type SQL } from 'drizzle-orm'
import { NodePgSession, type NodePgClient } from 'drizzle-orm/node-postgres'
import { PgDatabase, PgDialect, type PgQueryResultHKT } from 'drizzle-orm/pg-core'
import { PgliteSession, type PgliteClient } from 'drizzle-orm/pglite'
import type { Transaction as PgliteTransaction } from '@electric-sql/pglite'

/** drizzle's query builder on one connection; no relational `query` API (the schema declares no relations). */
export type Orm = PgDatabase<PgQueryResultHKT>

export interface Queryable {
  /** drizzle on this connection: inside `transaction`, the transaction's, so `app.municipality` and the role apply. */
  readonly orm: Orm
  /** Rows of a drizzle `sql` statement, typed by the caller; `name` as for `query`. */
  rows<T>(statement: SQL, options?: { name?: string }): Promise<T[]>
  /** `name` makes it a prepared statement on PostgreSQL (planned once per connection); PGlite ignores it. */
  query<T = Record<string, unknown>>(text: string, params?: readonly unknown[], options?: { name?: string }): Promise<T[]>
  /** Runs a script of several statements without parameters (migrations). */
  exec(script: string): Promise<void>
}

type RawQuery = <T>(text: string, params?: readonly unknown[], options?: { name?: string }) => Promise<T[]>

const dialect = new PgDialect()

/** One connection's Queryable: drizzle and raw SQL over the same client. */
function queryable(orm: Orm, query: RawQuery, exec: (script: string) => Promise<void>): Queryable {
  return {
    orm,
    query,
    exec,
    // Through `this.query`, so a copy of the object with another `query` (a test's failing database) runs it too.
    rows<T>(this: Queryable, statement: SQL, options?: { name?: string }) {
      const compiled = dialect.sqlToQuery(statement)
      return this.query<T>(compiled.sql, compiled.params, options)
    },
  }
}

const postgresOrm = (client: NodePgClient): Orm => new PgDatabase(dialect, new NodePgSession(client, dialect, undefined), undefined)
const pgliteOrm = (client: PgliteClient | PgliteTransaction): Orm => new PgDatabase(dialect, new PgliteSession(client, dialect, undefined), undefined)

export interface TransactionOptions {
  /** Sets `app.municipality` for this transaction only, which row-level security policies key on. */
  municipality?: string
}

export interface Database extends Queryable {
  readonly kind: 'pglite' | 'postgres'
  transaction<T>(fn: (tx: Queryable) => Promise<T>, options?: TransactionOptions): Promise<T>
  /** Connections in use and waiting, for metrics; PGlite has one in-process connection. */
  poolStats(): { total: number; idle: number; waiting: number }
  close(): Promise<void>
}

export interface DatabaseOptions {
  /** postgres:// URL; when absent the embedded database is used. */
  url?: string
  /** Folder of the embedded database; `memory://` keeps it in memory (tests). */
  dataDir?: string
  /** Upper bound on pooled connections (PostgreSQL only). */
  poolSize?: number
  /** Per-statement timeout in milliseconds (PostgreSQL only). */
  statementTimeoutMs?: number
  /** Longest wait for a pooled connection in milliseconds (PostgreSQL only). */
  connectionTimeoutMs?: number
}

export async function createDatabase(options: DatabaseOptions): Promise<Database> {
  return options.url ? createPostgres(options.url, options) : createPglite(options.dataDir ?? './data')
}

async function setTenant(tx: Queryable, options?: TransactionOptions): Promise<void> {
  if (options?.municipality) await tx.rows(sql`select set_config('app.municipality', ${options.municipality}, true)`)
}

async function createPostgres(url: string, options: DatabaseOptions): Promise<Database> {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    statement_timeout: options.statementTimeoutMs ?? 15_000,
    connectionTimeoutMillis: options.connectionTimeoutMs ?? 10_000,
    // A statement whose client has died (a killed API process) is cancelled within a second instead of running
    // on: intake is one autocommit statement, and nobody is left to receive its answer (PostgreSQL 14+).
    options: '-c client_connection_check_interval=1000',
  })
  // An idle client that loses its server must not crash the process; the next query reconnects.
  pool.on('error', () => {})
  const query = async <T>(text: string, params?: readonly unknown[], options?: { name?: string }): Promise<T[]> =>
    (await pool.query({ text, values: params as unknown[], ...(options?.name ? { name: options.name } : {}) })).rows as T[]
  return {
    kind: 'postgres',
    ...queryable(postgresOrm(pool), query, async (script) => void (await pool.query(script))),
    async transaction(fn, txOptions) {
      const client = await pool.connect()
      const tx = queryable(
        postgresOrm(client),
        async <T>(text: string, params?: readonly unknown[], options?: { name?: string }) =>
          (await client.query({ text, values: params as unknown[], ...(options?.name ? { name: options.name } : {}) })).rows as T[],
        async (script) => void (await client.query(script)),
      )
      try {
        await client.query('begin')
        await setTenant(tx, txOptions)
        const result = await fn(tx)
        await client.query('commit')
        return result
      } catch (error) {
        await client.query('rollback').catch(() => {})
        throw error
      } finally {
        client.release()
      }
    },
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    close: () => pool.end(),
  }
}

async function createPglite(dataDir: string): Promise<Database> {
  const { PGlite } = await import('@electric-sql/pglite')
  const { postgis } = await import('@electric-sql/pglite-postgis')
  if (!dataDir.startsWith('memory://')) mkdirSync(dataDir, { recursive: true })
  const client = await PGlite.create({ dataDir, extensions: { postgis } })
  const query = async <T>(text: string, params?: readonly unknown[]): Promise<T[]> =>
    (await client.query<T>(text, params as unknown[])).rows
  return {
    kind: 'pglite',
    ...queryable(pgliteOrm(client), query, async (script) => void (await client.exec(script))),
    transaction: (fn, txOptions) =>
      client.transaction(async (t) => {
        const tx = queryable(
          pgliteOrm(t),
          async <T>(text: string, params?: readonly unknown[]) => (await t.query<T>(text, params as unknown[])).rows,
          async (script) => void (await t.exec(script)),
        )
        await setTenant(tx, txOptions)
        return fn(tx)
      }),
    poolStats: () => ({ total: 1, idle: 1, waiting: 0 }),
    close: () => client.close(),
  }
}
