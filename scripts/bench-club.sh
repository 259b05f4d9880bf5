#!/usr/bin/env bash
# Club benchmark (docs/benchmarks.md): a thread page of a 5,000-post thread under 50 connections,
# and search over 100,000 posts. The load generator (server/benches/club.rs) writes the data
# straight into the database and runs on the same machine (wrk is not installed).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
ulimit -n 65536 2>/dev/null || true
data="target/bench-club"
port="${BENCH_PORT:-3905}"
cargo build --release -p server
cargo bench -p server --bench club --no-run
source scripts/bench-common.sh
start_server ROST_DB_MAX_CONNECTIONS="${BENCH_DB_CONNECTIONS:-32}"
cargo bench -q -p server --bench club -- "$base" "$PWD/$data/run"
