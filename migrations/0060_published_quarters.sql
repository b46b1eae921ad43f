-- Published quarters: the public map's and the national view's figures of one municipality and one quarter of ISO
-- weeks, computed once after the quarter ended and never again (ADR 0040). Only disclosed figures are stored: what
-- the public already sees, nothing it does not.

create table published_quarters (
  municipality_code text not null references municipalities (code),
  -- e.g. 2026-Q3: ISO weeks 27-39 of 2026.
  period text not null check (period ~ '^[0-9]{4}-Q[1-4]$'),
  figures jsonb not null,
  frozen_at timestamptz not null default now(),
  primary key (municipality_code, period)
);

-- Frozen means nobody changes a published quarter afterwards, the owner included. TRUNCATE (tests, a full reset)
-- fires no row trigger.
create function published_quarters_frozen() returns trigger language plpgsql as $$
begin
  raise exception 'published quarter % of % is frozen', old.period, old.municipality_code using errcode = 'check_violation';
end
$$;
create trigger published_quarters_frozen before update or delete on published_quarters
  for each row execute function published_quarters_frozen();

alter table published_quarters enable row level security;
grant select, insert on published_quarters to meldpunt_app;
create policy tenant_isolation on published_quarters to meldpunt_app
  using (municipality_code = current_setting('app.municipality', true))
  with check (municipality_code = current_setting('app.municipality', true));
-- The national view compares the frozen figures of every municipality; it reads nothing else of them.
grant select on published_quarters to meldpunt_national;
create policy national_figures on published_quarters for select to meldpunt_national using (true);

-- A report enters publication by the quarter it was received in (ADR 0040), so freezing reads reports by received_at.
create index reports_municipality_received_idx on reports (municipality_code, received_at);
