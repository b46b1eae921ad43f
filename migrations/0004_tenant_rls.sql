-- Row-level security: staff queries run as meldpunt_app (not owner, not BYPASSRLS) and see only the rows of the
-- municipality named by the transaction-local setting app.municipality; with no setting they see nothing.

do $$
begin
  -- Roles are cluster-wide: several databases on one server share it, so create it only once.
  if not exists (select 1 from pg_roles where rolname = 'meldpunt_app') then
    create role meldpunt_app nologin nosuperuser nobypassrls nocreatedb nocreaterole noinherit;
  end if;
  -- A non-superuser owner must be a member to `set role meldpunt_app`; a superuser always may.
  if not (select rolsuper from pg_roles where rolname = current_user) then
    execute format('grant meldpunt_app to %I', current_user);
  end if;
end
$$;
-- Whatever an earlier server had, the role must never bypass the policies below.
alter role meldpunt_app nologin nosuperuser nobypassrls;

grant usage on schema public to meldpunt_app;
-- Reference tables: boundaries and names, the same for every tenant.
grant select on municipalities, neighbourhoods to meldpunt_app;
-- Tenant tables staff read. receipts and idempotency_keys are deliberately not granted: staff never need them.
grant select on reports, report_additions, rollup_cell_day, rollup_hour_day, rollup_cell_hour, rollup_cell_month to meldpunt_app;
-- Reads of report details are audited in the same transaction as the read.
grant insert on audit_log to meldpunt_app;

-- Not FORCEd: the owner is the intake, migration and import path, which routes reports across municipalities
-- (point-in-polygon, receipt lookup by hash) before any tenant is known. Isolation is for meldpunt_app.
alter table reports enable row level security;
alter table report_additions enable row level security;
alter table rollup_cell_day enable row level security;
alter table rollup_hour_day enable row level security;
alter table rollup_cell_hour enable row level security;
alter table rollup_cell_month enable row level security;
alter table audit_log enable row level security;
alter table receipts enable row level security;
alter table idempotency_keys enable row level security;

create policy tenant_isolation on reports to meldpunt_app
  using (municipality_code = current_setting('app.municipality', true))
  with check (municipality_code = current_setting('app.municipality', true));
create policy tenant_isolation on report_additions to meldpunt_app
  using (municipality_code = current_setting('app.municipality', true))
  with check (municipality_code = current_setting('app.municipality', true));
create policy tenant_isolation on rollup_cell_day to meldpunt_app
  using (municipality_code = current_setting('app.municipality', true))
  with check (municipality_code = current_setting('app.municipality', true));
create policy tenant_isolation on rollup_hour_day to meldpunt_app
  using (municipality_code = current_setting('app.municipality', true))
  with check (municipality_code = current_setting('app.municipality', true));
create policy tenant_isolation on rollup_cell_hour to meldpunt_app
  using (municipality_code = current_setting('app.municipality', true))
  with check (municipality_code = current_setting('app.municipality', true));
create policy tenant_isolation on rollup_cell_month to meldpunt_app
  using (municipality_code = current_setting('app.municipality', true))
  with check (municipality_code = current_setting('app.municipality', true));
create policy tenant_isolation on audit_log to meldpunt_app
  using (municipality_code = current_setting('app.municipality', true))
  with check (municipality_code = current_setting('app.municipality', true));
-- receipts and idempotency_keys get RLS with no policy for meldpunt_app: should a grant ever slip in, it still sees nothing.
