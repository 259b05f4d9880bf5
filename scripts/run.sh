#!/usr/bin/env bash
# Installs what is missing, builds the release bundle and server, and starts Rost on
# http://127.0.0.1:${ROST_PORT:-3000}. Without DATABASE_URL it runs its own PostgreSQL in ./data.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh run
source scripts/env.sh
scripts/build-assets.sh release
cargo build --release -p server
exec target/release/server "$@"
