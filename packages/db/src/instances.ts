// Shared state of several API instances (migrations/0110): the rate-limit key's daily secret, rate-limit counters
// and leases of background jobs. Spent proof-of-work challenges are written by the intake statement (report-write.ts).
import { sql } from 'drizzle-orm'
import type { Queryable } from './database.js'

/**
 * The secret of UTC day `day` (YYYY-MM-DD): the first instance to ask stores `candidate`, every other one reads
 * it. Secrets before yesterday are deleted in the same statement, so none outlives its use by more than a day.
 *
 * When another instance inserts the day's secret at the same moment, the insert here waits for it and then does
 * nothing, while the read in the same statement still sees the snapshot from before that insert committed: the
 * statement finds no secret. Asking again, in a new statement with a new snapshot, reads the other instance's.
 */
export async function dailySecret(db: Queryable, day: string, candidate: Uint8Array): Promise<Buffer> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const [row] = await db.rows<{ secret: string | null }>(sql`
with ins as (
  insert into rate_limit_secrets (day, secret) values (${day}::date, decode(${Buffer.from(candidate).toString('hex')}, 'hex'))
  on conflict (day) do nothing
  returning secret
), del as (
  delete from rate_limit_secrets where day < ${day}::date - 1
)
select encode(coalesce((select secret from ins), (select secret from rate_limit_secrets where day = ${day}::date)), 'hex') as secret`)
    if (row?.secret) return Buffer.from(row.secret, 'hex')
  }
  throw new Error('no rate-limit secret for the day')
}

/** One hit on a rate-limit bucket: the count in its current window and the milliseconds left of that window. */
export async function rateLimitHit(db: Queryable, key: string, windowMs: number): Promise<{ current: number; ttl: number }> {
  const [row] = await db.rows<{ hits: number; ttl: number }>(sql`
insert into rate_limit_hits as h (key, hits, expires_at) values (${key}, 1, clock_timestamp() + ${windowMs}::int * interval '1 millisecond')
on conflict (key) do update set
  hits = case when h.expires_at <= clock_timestamp() then 1 else h.hits + 1 end,
  expires_at = case when h.expires_at <= clock_timestamp() then excluded.expires_at else h.expires_at end
returning hits, greatest(0, ceil(extract(epoch from (expires_at - clock_timestamp())) * 1000))::int as ttl`)
  if (!row) throw new Error('the rate-limit statement returned no row')
  return { current: row.hits, ttl: row.ttl }
}

/** Deletes finished rate-limit windows and expired spent challenges (the retention purge calls this). */
export async function pruneInstanceState(db: Queryable): Promise<{ rateLimitRows: number; spentChallenges: number }> {
  const [row] = await db.rows<{ hits: number; spent: number }>(sql`
with h as (delete from rate_limit_hits where expires_at <= now() returning 1),
     p as (delete from pow_spent where expires_at <= now() returning 1)
select (select count(*) from h)::int as hits, (select count(*) from p)::int as spent`)
  return { rateLimitRows: row?.hits ?? 0, spentChallenges: row?.spent ?? 0 }
}

export type LeaseOutcome = 'acquired' | 'done' | 'held'

/**
 * Takes the lease of one run of a job: a new run, or one whose holder stopped renewing (crashed) before finishing.
 * 'done': the run was finished (by anyone); 'held': another holder's lease is still running.
 */
export async function acquireLease(db: Queryable, job: string, runKey: string, holder: string, leaseMs: number): Promise<LeaseOutcome> {
  const [row] = await db.rows<{ taken: boolean; finished: boolean }>(sql`
with up as (
  insert into job_leases as l (job, run_key, holder, lease_until) values (${job}, ${runKey}, ${holder}, clock_timestamp() + ${leaseMs}::int * interval '1 millisecond')
  on conflict (job, run_key) do update set holder = excluded.holder, lease_until = excluded.lease_until
  where l.finished_at is null and (l.lease_until <= clock_timestamp() or l.holder = excluded.holder)
  returning 1
)
select exists (select 1 from up) as taken,
       exists (select 1 from job_leases where job = ${job} and run_key = ${runKey} and finished_at is not null) as finished`)
  if (row?.taken) return 'acquired'
  return row?.finished ? 'done' : 'held'
}

/** Extends a held lease; false when it was lost (expired and taken over), so the holder should stop. */
export async function renewLease(db: Queryable, job: string, runKey: string, holder: string, leaseMs: number): Promise<boolean> {
  const rows = await db.rows<{ one: number }>(sql`
update job_leases set lease_until = clock_timestamp() + ${leaseMs}::int * interval '1 millisecond'
where job = ${job} and run_key = ${runKey} and holder = ${holder} and finished_at is null
returning 1 as one`)
  return rows.length === 1
}

export async function finishLease(db: Queryable, job: string, runKey: string, holder: string): Promise<void> {
  await db.rows(sql`update job_leases set finished_at = clock_timestamp() where job = ${job} and run_key = ${runKey} and holder = ${holder}`)
}

/** Gives a lease up unfinished (the run failed), so another instance may take it at once. */
export async function releaseLease(db: Queryable, job: string, runKey: string, holder: string): Promise<void> {
  await db.rows(sql`update job_leases set lease_until = clock_timestamp() where job = ${job} and run_key = ${runKey} and holder = ${holder} and finished_at is null`)
}
