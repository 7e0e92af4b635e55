#!/usr/bin/env bash
# Run once by the official postgres image on an empty data directory
# (/docker-entrypoint-initdb.d/): one database and one owner role per component, each owner
# with its own password from the environment, each database closed to everyone else.
#
# A service connects as its owner only to migrate and to create its app role (hence CREATEROLE:
# the app role — <service>_app, no BYPASSRLS — is what serves requests, under row-level
# security; servicekit/roles.py). The gateway's database holds its tenant registry.
set -euo pipefail

create_database() {
  local name="$1" password="$2"
  psql --set ON_ERROR_STOP=1 --no-psqlrc --username "$POSTGRES_USER" --dbname postgres \
    --set name="$name" --set password="$password" <<'SQL'
CREATE ROLE :"name" LOGIN CREATEROLE NOSUPERUSER NOCREATEDB NOBYPASSRLS PASSWORD :'password';
CREATE DATABASE :"name" OWNER :"name";
REVOKE ALL ON DATABASE :"name" FROM PUBLIC;
SQL
}

create_database groups "${GROUPS_DB_PASSWORD:?GROUPS_DB_PASSWORD is not set}"
create_database enquiry "${ENQUIRY_DB_PASSWORD:?ENQUIRY_DB_PASSWORD is not set}"
create_database knowledge "${KNOWLEDGE_DB_PASSWORD:?KNOWLEDGE_DB_PASSWORD is not set}"
create_database webhooks "${WEBHOOKS_DB_PASSWORD:?WEBHOOKS_DB_PASSWORD is not set}"
create_database gateway "${GATEWAY_DB_PASSWORD:?GATEWAY_DB_PASSWORD is not set}"
