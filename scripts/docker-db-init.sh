#!/usr/bin/env bash
# Run once by the postgres image on a fresh volume (docker-compose.yml mounts it into
# /docker-entrypoint-initdb.d): creates the application role the app connects as. It is not a
# superuser and cannot bypass row-level security; the migrations (run as the owner) grant it
# what it needs.
set -euo pipefail
psql -v ON_ERROR_STOP=1 -v password="$APP_DB_PASSWORD" --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" <<'SQL'
create role rost_app login password :'password' nosuperuser nobypassrls nocreatedb nocreaterole;
SQL
