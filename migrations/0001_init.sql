-- Base schema: reference tables, tenant tables keyed by municipality_code (Citus-ready), rollups, idempotency.
create extension if not exists postgis;

-- Reference tables (Citus: reference tables, replicated to every node).
create table municipalities (
  code text primary key check (code ~ '^GM[0-9]{4}$'),
  name text not null,
  boundary geometry(MultiPolygon, 4326) not null,
  population integer check (population is null or population >= 0),
  settings jsonb not null default '{}'::jsonb
);
create index municipalities_boundary_gix on municipalities using gist (boundary);

create table neighbourhoods (
  code text primary key check (code ~ '^BU[0-9]{8}$'),
  municipality_code text not null references municipalities (code),
  name text not null,
  boundary geometry(MultiPolygon, 4326) not null
);
create index neighbourhoods_boundary_gix on neighbourhoods using gist (boundary);
create index neighbourhoods_municipality_idx on neighbourhoods (municipality_code);

-- Tenant tables: municipality_code leads every primary and foreign key (Citus distribution column).
create table reports (
  municipality_code text not null references municipalities (code),
  id uuid not null,
  received_at timestamptz not null default now(),
  occurred_from timestamptz not null,
  occurred_to timestamptz not null,
  location geometry(Point, 4326) not null,
  location_precision text not null check (location_precision in ('exact', 'approximate', 'area')),
  category text not null,
  setting text not null,
  reporter_role text not null,
  urgent boolean not null default false,
  age_band text,
  gender text,
  identity_groups text[] not null default '{}',
  description text,
  description_purged_at timestamptz,
  heard_via text,
  campaign_code text,
  neighbourhood_code text,
  -- 100 m RD New (EPSG:28992) cell indices: floor(x / 100), floor(y / 100). Coarser cells divide these.
  cell_x integer not null,
  cell_y integer not null,
  -- Local (Europe/Amsterdam) calendar day, weekday (0 = Sunday) and hour of occurred_from, for rollups and filters.
  local_day date not null,
  local_hour smallint not null check (local_hour between 0 and 23),
  local_weekday smallint not null check (local_weekday between 0 and 6),
  status text not null default 'received',
  primary key (municipality_code, id),
  check (occurred_to >= occurred_from)
);
create index reports_municipality_day_idx on reports (municipality_code, local_day);
create index reports_location_gix on reports using gist (location);

-- Receipt codes are looked up without knowing the municipality; only the SHA-256 of the code is kept.
create table receipts (
  receipt_hash bytea primary key,
  municipality_code text not null,
  report_id uuid not null,
  foreign key (municipality_code, report_id) references reports (municipality_code, id) on delete cascade
);

create table report_additions (
  municipality_code text not null,
  report_id uuid not null,
  id uuid not null,
  added_at timestamptz not null default now(),
  text text,
  text_purged_at timestamptz,
  primary key (municipality_code, report_id, id),
  foreign key (municipality_code, report_id) references reports (municipality_code, id) on delete cascade
);

-- Counts per municipality × day × 100 m cell × category, kept current in the report's own transaction.
create table rollup_cell_day (
  municipality_code text not null,
  day date not null,
  cell_x integer not null,
  cell_y integer not null,
  category text not null,
  n integer not null,
  primary key (municipality_code, day, cell_x, cell_y, category)
);

-- Counts per municipality × day × hour × category × setting, for time series and weekday × hour grids.
create table rollup_hour_day (
  municipality_code text not null,
  day date not null,
  hour smallint not null,
  weekday smallint not null,
  category text not null,
  setting text not null,
  n integer not null,
  primary key (municipality_code, day, hour, category, setting)
);

-- Idempotency keys are stored with the exact response bytes in the same transaction as the report.
create table idempotency_keys (
  key text primary key,
  fingerprint text not null,
  municipality_code text,
  response_status integer not null,
  response_body text not null,
  created_at timestamptz not null default now()
);
create index idempotency_keys_created_idx on idempotency_keys (created_at);
