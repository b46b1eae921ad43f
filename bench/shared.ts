// Helpers the benchmarks share: a fresh PostgreSQL database per run, percentiles, argument parsing.
import pg from 'pg'
import { findStaffByEmail, type Database } from '@meldpunt/db'
import { createStaffAccount, type NewStaffAccount } from '../apps/api/src/modules/staff/accounts.js'
import { execSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'

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

/** CPU seconds used so far by this process, by one other process, and by every PostgreSQL process (Linux /proc). */
export interface CpuReading {
  self: number
  child: number
  postgres: number
}

const clockTicks = (() => {
  try {
    return Number(execSync('getconf CLK_TCK').toString().trim()) || 100
  } catch {
    return 100
  }
})()

function processSeconds(pid: number): number {
  try {
    // Fields after the command name: utime and stime are the 12th and 13th.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
    return (Number(fields[11]) + Number(fields[12])) / clockTicks
  } catch {
    return 0
  }
}

/** The database a PostgreSQL client backend serves, from its process title ("postgres: 15/main: user db host(port) state"). */
function backendDatabase(pid: string): string | undefined {
  const title = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ')
  return /: \S+ (\S+) (?:\S+\(\d+\)|\[local\])/.exec(title)?.[1]
}

/**
 * Null where /proc is not there to read (not Linux): the benchmarks then print no CPU split. With `database`,
 * backends serving other databases are left out: on a shared server their work would be counted as this run's.
 */
export function readCpu(childPid?: number, database?: string): CpuReading | null {
  if (!existsSync('/proc/self/stat')) return null
  let postgres = 0
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() !== 'postgres') continue
      const served = database === undefined ? undefined : backendDatabase(entry)
      if (served === undefined || served === database) postgres += processSeconds(Number(entry))
    } catch {
      // The process ended while we looked.
    }
  }
  const own = process.cpuUsage()
  return { self: (own.user + own.system) / 1e6, child: childPid === undefined ? 0 : processSeconds(childPid), postgres }
}

/** CPU milliseconds per unit of work between two readings, by process group. */
export function cpuPerItem(before: CpuReading | null, after: CpuReading | null, items: number): CpuReading | null {
  if (!before || !after || items <= 0) return null
  const per = (a: number, b: number) => ((b - a) * 1000) / items
  return { self: per(before.self, after.self), child: per(before.child, after.child), postgres: per(before.postgres, after.postgres) }
}

/**
 * A bench's staff account, made on the first run and kept for --reuse runs: the audit log keeps every account it
 * names, and nobody deletes from it.
 */
export async function benchAccount(db: Database, account: NewStaffAccount): Promise<void> {
  if (!(await findStaffByEmail(db, account.email))) await createStaffAccount(db, account)
}
