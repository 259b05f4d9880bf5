#!/usr/bin/env bash
# Club benchmark (docs/benchmarks.md): a thread page of a 5,000-post thread under 50 connections,
# and search over 100,000 posts. server/benches/club.rs writes the data straight into the
# database and signs a member in; `wrk` (Debian's, installed if missing) then loads the server.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
ulimit -n 65536 2>/dev/null || true
if ! command -v wrk > /dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk > /dev/null
fi
data="target/bench-club"
port="${BENCH_PORT:-3905}"
cargo build --release -p server
cargo bench -p server --bench club --no-run
source scripts/bench-common.sh
start_server ROST_DB_MAX_CONNECTIONS="${BENCH_DB_CONNECTIONS:-32}"
load="$PWD/$data.load"
rm -rf "$load" && mkdir -p "$load"
cargo bench -q -p server --bench club -- "$base" "$PWD/$data/run" "$load"
echo "thread page, 5,000 posts, 50 connections:"
CLUB_LOAD="$load" MODE=thread wrk -t2 -c50 -d20s --latency -s scripts/club-load.lua "$base"
echo "search, 100,000+ posts, 50 connections:"
CLUB_LOAD="$load" MODE=search wrk -t2 -c50 -d20s --latency -s scripts/club-load.lua "$base"
