-- Intake counters per municipality and clock hour (the flood cap), the retention purge log, and indexes the purge uses.

-- One row per municipality and hour, incremented in the report's own transaction, so the cap holds across API
-- instances and restarts and a rolled-back report never counts.
create table intake_hourly (
  municipality_code text not null references municipalities (code),
  hour timestamptz not null,
  n integer not null check (n >= 0),
  primary key (municipality_code, hour)
);

-- What the retention job purged, when, and up to which moment: a staff admin reads this. Counts only, never text.
create table retention_purges (
  municipality_code text not null references municipalities (code),
  id bigint generated always as identity,
  purged_at timestamptz not null,
  kind text not null check (kind in ('report_description', 'addition_text')),
  retention_months integer not null check (retention_months > 0),
  cutoff timestamptz not null,
  purged_count integer not null check (purged_count > 0),
  primary key (municipality_code, id)
);
create index retention_purges_municipality_at_idx on retention_purges (municipality_code, purged_at desc);

-- Only rows that still hold text are in these indexes, so a daily purge reads just what it will purge.
create index reports_text_retention_idx on reports (municipality_code, received_at) where description is not null;
create index report_additions_text_retention_idx on report_additions (municipality_code, added_at) where text is not null;

-- Staff (meldpunt_app, migrations/0004) read the purge log of their own municipality only; counters are not theirs.
grant select on retention_purges to meldpunt_app;
alter table retention_purges enable row level security;
create policy tenant_isolation on retention_purges to meldpunt_app
  using (municipality_code = current_setting('app.municipality', true))
  with check (municipality_code = current_setting('app.municipality', true));
alter table intake_hourly enable row level security;
