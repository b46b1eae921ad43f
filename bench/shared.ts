// Helpers the benchmarks share: a fresh PostgreSQL database per run, percentiles, argument parsing.
import pg from 'pg'

export function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name)
  return i >= 0 ? process.argv[i + 1] : undefined
}

/** Drops and creates `name` on the server DATABASE_URL points at (default: local trust-auth PostgreSQL). */
export async function freshDatabase(name: string): Promise<string> {
  const admin = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
  const client = new pg.Client({ connectionString: admin })
  await client.connect()
  await client.query(`drop database if exists ${name} with (force)`)
  await client.query(`create database ${name}`)
  await client.end()
  const u = new URL(admin)
  u.pathname = `/${name}`
  return u.toString()
}

export function percentile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!
}
