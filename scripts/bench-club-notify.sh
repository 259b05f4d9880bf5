#!/usr/bin/env bash
# Club notifications benchmark (docs/benchmarks.md, «Club notifications»): replies posted through
# the club's server function while 500 members follow the section, each post fanned out to 500
# notifications in its own transaction, the mail job running beside. The load generator
# (server/benches/club_notify.rs) runs on the same machine.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
ulimit -n 65536 2>/dev/null || true
data="target/bench-club-notify"
port="${BENCH_PORT:-3906}"
cargo build --release -p server
cargo bench -p server --bench club_notify --no-run
source scripts/bench-common.sh
start_server ROST_DB_MAX_CONNECTIONS="${BENCH_DB_CONNECTIONS:-32}"
cargo bench -q -p server --bench club_notify -- "$base" "$PWD/$data/run"
