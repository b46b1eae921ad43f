#!/bin/sh
# docker-entrypoint-initdb.d: runs init.sql once as the superuser, then gives the API's role its password.
set -eu
psql -v ON_ERROR_STOP=1 -U "$POSTGRES_USER" -d "$POSTGRES_DB" -v DBNAME="$POSTGRES_DB" -f /docker-entrypoint-initdb.d/init.sql.in
psql -v ON_ERROR_STOP=1 -U "$POSTGRES_USER" -d "$POSTGRES_DB" -v pw="$MELDPUNT_DB_PASSWORD" <<'SQL'
alter role meldpunt password :'pw';
SQL
