-- Campaign and intervention registers: entries are deleted softly (who and when stay on the row, every reader leaves
-- the row out) and every change keeps the version it replaced, so a successor can see how an entry came to be.

alter table campaigns
  add column deleted_at timestamptz,
  add column deleted_by uuid,
  add column deleted_by_email text;
alter table interventions
  add column deleted_at timestamptz,
  add column deleted_by uuid,
  add column deleted_by_email text;

-- Comparison groups leave out municipalities with a campaign in the weeks measured; a deleted campaign is no campaign.
grant select (deleted_at) on campaigns to meldpunt_national;

-- One row per change: the entry as it was before (as the API showed it), what changed, who changed it and when.
-- The application writes rows in the same transaction as the change and never alters them.
create table register_history (
  municipality_code text not null references municipalities (code),
  id bigint generated always as identity,
  register text not null check (register in ('campaign', 'intervention')),
  entry_id uuid not null,
  change text not null check (change in ('update', 'delete')),
  fields text[] not null default '{}',
  previous jsonb not null,
  changed_at timestamptz not null default now(),
  changed_by uuid,
  changed_by_email text,
  primary key (municipality_code, id)
);
create index register_history_entry_idx on register_history (municipality_code, register, entry_id, changed_at);

grant select, insert on register_history to meldpunt_app;
alter table register_history enable row level security;
create policy tenant_isolation on register_history to meldpunt_app
  using (municipality_code = current_setting('app.municipality', true))
  with check (municipality_code = current_setting('app.municipality', true));
