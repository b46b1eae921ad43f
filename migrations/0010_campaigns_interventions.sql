-- The municipality's memory of what it did: campaigns (with a code reports can name) and interventions at places.

-- Who entered a row is kept as the account id and a copy of its email, so the record still says who
-- after the account is disabled or its person has left (the point of keeping this register at all).
create table campaigns (
  municipality_code text not null references municipalities (code),
  id uuid not null,
  -- Stored upper-case: reports carry the code upper-case (core's intake schema), so matching is exact.
  code text not null check (code ~ '^[A-Z0-9-]{3,24}$'),
  name text not null check (char_length(name) between 1 and 200),
  starts_on date not null,
  -- Inclusive last day.
  ends_on date not null,
  -- Days after the end in which an after-effect is measured separately.
  lag_days smallint not null default 14 check (lag_days between 0 and 90),
  channels text[] not null default '{}',
  target_groups text[] not null default '{}',
  area geometry(MultiPolygon, 4326),
  notes text check (notes is null or char_length(notes) <= 4000),
  created_by uuid,
  created_by_email text,
  created_at timestamptz not null default now(),
  updated_by uuid,
  updated_by_email text,
  updated_at timestamptz not null default now(),
  primary key (municipality_code, id),
  -- Unique per municipality only: a report's municipality decides which campaign its code means, and a
  -- global constraint would tell one municipality which codes another uses.
  unique (municipality_code, code),
  check (ends_on >= starts_on)
);
create index campaigns_municipality_starts_idx on campaigns (municipality_code, starts_on desc);

create table interventions (
  municipality_code text not null references municipalities (code),
  id uuid not null,
  kind text not null check (kind in ('lighting', 'cameras', 'hosts', 'redesign', 'enforcement', 'other')),
  name text not null check (char_length(name) between 1 and 200),
  -- The day the intervention took effect: the before/after split.
  started_on date not null,
  ended_on date,
  -- Either a place with a radius or an area.
  location geometry(Point, 4326),
  radius_m integer check (radius_m is null or radius_m between 25 and 2000),
  area geometry(MultiPolygon, 4326),
  notes text check (notes is null or char_length(notes) <= 4000),
  created_by uuid,
  created_by_email text,
  created_at timestamptz not null default now(),
  updated_by uuid,
  updated_by_email text,
  updated_at timestamptz not null default now(),
  primary key (municipality_code, id),
  check ((area is not null and location is null and radius_m is null) or (area is null and location is not null and radius_m is not null)),
  check (ended_on is null or ended_on >= started_on)
);
create index interventions_municipality_started_idx on interventions (municipality_code, started_on desc);

grant select, insert, update on campaigns, interventions to meldpunt_app;
alter table campaigns enable row level security;
alter table interventions enable row level security;
create policy tenant_isolation on campaigns to meldpunt_app
  using (municipality_code = current_setting('app.municipality', true))
  with check (municipality_code = current_setting('app.municipality', true));
create policy tenant_isolation on interventions to meldpunt_app
  using (municipality_code = current_setting('app.municipality', true))
  with check (municipality_code = current_setting('app.municipality', true));
