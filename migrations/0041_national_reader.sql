-- The national view's own database role: it reads one rollup across every municipality, and nothing else. The national
-- view cannot run as meldpunt_app (its policies show one municipality per transaction), and running it as the owner
-- would let one careless query reach the reports table and its free text; as this role that query is refused.

do $$
begin
  -- Roles are cluster-wide: several databases on one server share it, so create it only once.
  if not exists (select 1 from pg_roles where rolname = 'meldpunt_national') then
    create role meldpunt_national nologin nosuperuser nobypassrls nocreatedb nocreaterole noinherit;
  end if;
  -- A non-superuser owner must be a member to `set role meldpunt_national`; a superuser always may.
  if not (select rolsuper from pg_roles where rolname = current_user) then
    execute format('grant meldpunt_national to %I', current_user);
  end if;
end
$$;
alter role meldpunt_national nologin nosuperuser nobypassrls;

grant usage on schema public to meldpunt_national;
-- Names, population and settings (the minimum count); not boundaries, which the view does not need.
grant select (code, name, population, settings) on municipalities to meldpunt_national;
-- Counts per municipality × day × hour × category × setting: enough for weekly series and category shares. No cell
-- rollup: the national view has no map, so it cannot place anything.
grant select on rollup_hour_day to meldpunt_national;
-- rollup_hour_day has row-level security (0004) with a policy for meldpunt_app only; without this one the national
-- role would see no rows at all. Every municipality's aggregates are what it is for.
create policy national_aggregates on rollup_hour_day for select to meldpunt_national using (true);
