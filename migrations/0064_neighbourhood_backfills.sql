-- Where a municipality's neighbourhood back-fill stands: after a neighbourhood import every report is matched to its
-- neighbourhood again, in batches by report id, each batch committing this row with it. An interrupted back-fill goes
-- on from after_id (npm run import-neighbourhoods -- --resume), so no batch is done twice.
create table neighbourhood_backfills (
  municipality_code text primary key references municipalities (code),
  after_id uuid,
  done integer not null default 0,
  total integer not null,
  started_at timestamptz not null default now(),
  finished_at timestamptz
);

-- Written by the owner (the import path); staff may read how far their municipality's back-fill is.
alter table neighbourhood_backfills enable row level security;
create policy tenant_isolation on neighbourhood_backfills to meldpunt_app
  using (municipality_code = current_setting('app.municipality', true))
  with check (municipality_code = current_setting('app.municipality', true));
grant select on neighbourhood_backfills to meldpunt_app;
