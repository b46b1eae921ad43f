-- Runs once, as the superuser, when the PostgreSQL container creates its data folder (docker-entrypoint-initdb.d).
-- The API then connects as `meldpunt`, which owns the database but is no superuser: it cannot read files, load
-- code or bypass row-level security. What needs a superuser happens here instead: PostGIS, and the two roles the
-- migrations hand out (meldpunt_app for tenant reads, meldpunt_national for the national view).
\set ON_ERROR_STOP on
create extension if not exists postgis;
do $$
begin
  if not exists (select 1 from pg_roles where rolname = 'meldpunt_app') then
    create role meldpunt_app nologin nosuperuser nobypassrls nocreatedb nocreaterole noinherit;
  end if;
  if not exists (select 1 from pg_roles where rolname = 'meldpunt_national') then
    create role meldpunt_national nologin nosuperuser nobypassrls nocreatedb nocreaterole noinherit;
  end if;
  if not exists (select 1 from pg_roles where rolname = 'meldpunt') then
    create role meldpunt login nosuperuser nobypassrls nocreatedb nocreaterole;
  end if;
end
$$;
-- With admin option, so the migrations' own `grant … to current_user` (for installations without this script) passes.
grant meldpunt_app, meldpunt_national to meldpunt with admin option;
alter database :"DBNAME" owner to meldpunt;
alter schema public owner to meldpunt;
