#!/usr/bin/env bash
# Autosave benchmark (docs/benchmarks.md): 1,000 test-takers saving every 5 s with bursts, then
# open-loop rates to find the ceiling, then the stored answers counted against the
# acknowledged ones. The load generator (server/benches/autosave.rs) runs on the same machine.
# Optional arguments: the open-loop rates per second (default 1000 … 6000).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
ulimit -n 65536 2>/dev/null || true
data="target/bench-diagnostics"
port="${BENCH_PORT:-3903}"
cargo build --release -p server
cargo bench -p server --bench autosave --no-run
source scripts/bench-common.sh
start_server ROST_DB_MAX_CONNECTIONS="${BENCH_DB_CONNECTIONS:-32}"
cargo bench -q -p server --bench autosave -- "$base" "$PWD/$data/run" "$@"
