-- Spike alerts (one per municipality and day, with every unusual series of that day) and where to send them.

create table spike_alerts (
  municipality_code text not null references municipalities (code),
  id uuid not null,
  day date not null,
  -- The headline signal: the whole municipality when it alarmed, else the strongest neighbourhood or category.
  scope text not null check (scope in ('municipality', 'neighbourhood', 'category')),
  scope_key text,
  method text not null,
  observed integer not null check (observed >= 0),
  expected double precision not null,
  upper_bound double precision not null,
  p_value double precision not null,
  -- Every series that alarmed that day: [{scope, key, observed, expected, upperBound, pValue}].
  signals jsonb not null default '[]'::jsonb,
  created_at timestamptz not null default now(),
  delivered_at timestamptz,
  delivery_attempts integer not null default 0,
  -- A short lease instead of a row lock: delivery waits on the network, and PGlite has one connection.
  delivery_claimed_until timestamptz,
  last_delivery_error text,
  primary key (municipality_code, id),
  -- One alert per municipality and day, however often the check runs (scheduled, on demand, several instances).
  unique (municipality_code, day)
);
create index spike_alerts_undelivered_idx on spike_alerts (municipality_code, created_at) where delivered_at is null;

-- A tenant table, not municipalities.settings: that reference table is readable for every tenant, and this
-- holds the secret the webhook's signature is made with.
create table alert_settings (
  municipality_code text primary key references municipalities (code),
  webhook_url text check (webhook_url is null or webhook_url ~ '^https?://'),
  webhook_secret text,
  updated_by uuid,
  updated_by_email text,
  updated_at timestamptz not null default now()
);

-- Days the scheduled check completed, so a restart catches up on a day it missed. Not tenant data.
create table spike_runs (
  day date primary key,
  finished_at timestamptz not null default now()
);

grant select, insert, update on spike_alerts, alert_settings to meldpunt_app;
alter table spike_alerts enable row level security;
alter table alert_settings enable row level security;
create policy tenant_isolation on spike_alerts to meldpunt_app
  using (municipality_code = current_setting('app.municipality', true))
  with check (municipality_code = current_setting('app.municipality', true));
create policy tenant_isolation on alert_settings to meldpunt_app
  using (municipality_code = current_setting('app.municipality', true))
  with check (municipality_code = current_setting('app.municipality', true));
