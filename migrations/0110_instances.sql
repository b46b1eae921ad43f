-- State that several API instances behind a load balancer must share (issue 17): the daily secret that hashes client
-- addresses for rate limiting, the rate-limit counters, spent proof-of-work challenges and leases of background jobs.
-- None of it is tenant data and none of it is read by staff: no grants to meldpunt_app, row level security on.

-- One random secret per UTC day, shared by every instance so a resident has one bucket however many processes
-- serve them. Rows older than yesterday are deleted when a new day's secret is made: a bucket key cannot be linked
-- back to an address after that, not even by us.
create table rate_limit_secrets (
  day date primary key,
  secret bytea not null
);

-- Rate-limit counters: lost on a crash (unlogged), which only resets the current minute's counts.
create unlogged table rate_limit_hits (
  key text primary key,
  hits integer not null,
  expires_at timestamptz not null
);

-- A proof-of-work challenge is spent in the statement that stores its report (packages/db/src/report-write.ts):
-- spent exactly when the report commits, refused on every instance afterwards. Kept until the challenge expires.
create table pow_spent (
  nonce text primary key,
  key_hash text not null,
  expires_at timestamptz not null
);

-- One row per job and run (the spike check's day, the purge's interval): who holds it until when, and when it
-- finished. A holder that dies stops renewing; once lease_until passes another instance takes the run over.
create table job_leases (
  job text not null,
  run_key text not null,
  holder text not null,
  lease_until timestamptz not null,
  finished_at timestamptz,
  primary key (job, run_key)
);

alter table rate_limit_secrets enable row level security;
alter table rate_limit_hits enable row level security;
alter table pow_spent enable row level security;
alter table job_leases enable row level security;
