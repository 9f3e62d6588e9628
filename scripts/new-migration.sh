#!/usr/bin/env bash
# Writes prisma/migrations/<timestamp>_<name>/migration.sql: the SQL from the schema as committed
# (git HEAD) to prisma/schema.prisma as it is now. `prisma migrate dev` does not work with the
# JavaScript schema engine (docs/decisions/002-prisma-offline.md); this is its replacement.
# Needs DATABASE_URL pointing at any reachable PostgreSQL (the CLI's adapter connects to it).
set -euo pipefail
cd "$(dirname "$0")/.."
name=${1:?usage: scripts/new-migration.sh <name>}
: "${DATABASE_URL:?set DATABASE_URL to a reachable PostgreSQL database}"
old=$(mktemp --suffix=.prisma)
trap 'rm -f "$old"' EXIT
git show HEAD:prisma/schema.prisma > "$old"
dir="prisma/migrations/$(date -u +%Y%m%d%H%M%S)_${name}"
mkdir -p "$dir"
npx prisma migrate diff --from-schema-datamodel "$old" --to-schema-datamodel prisma/schema.prisma --script > "$dir/migration.sql"
echo "wrote $dir/migration.sql"
