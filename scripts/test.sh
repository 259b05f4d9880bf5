#!/usr/bin/env bash
# Every check, in order: formatting, lints, unit and integration tests, browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh test
source scripts/env.sh
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"

step() { printf '\n\033[1;32m==> %s\033[0m\n' "$*"; }

# A fresh checkout gains nothing from incremental compilation, and its files take gigabytes.
if [ -n "${CI:-}" ]; then export CARGO_INCREMENTAL=0; fi

# The shared test cluster is left running by the test process; stop it on the way out. On a
# failure, what PostgreSQL and the machine said goes to the log first: a crashed cluster fails
# every test after it with the same connection error, and only its own log names the cause.
stop_test_cluster() {
  local status=$?
  local cluster=target/tmp/rost-test-cluster
  if [ "$status" -ne 0 ] && [ -f "$cluster/postgres.log" ]; then
    printf '\n==> the test cluster after a failure (exit %s)\n' "$status"
    grep -E 'PANIC|terminated by signal|No space|out of memory|database system (was|is)' \
      "$cluster/postgres.log" | tail -n 40 || true
    df -h . /tmp /dev/shm 2>/dev/null || true
    free -m 2>/dev/null || true
    dmesg 2>/dev/null | grep -iE 'killed process|out of memory|segfault' | tail -n 5 || true
  fi
  if [ -f "$cluster/pg/postmaster.pid" ]; then
    kill -INT "$(head -n 1 "$cluster/pg/postmaster.pid")" 2>/dev/null || true
  fi
  exit "$status"
}
trap stop_test_cluster EXIT

step "cargo fmt --check"
cargo fmt --all -- --check && echo "fmt: clean"

step "structure (scripts/check-structure.py)"
# No import cycle between top-level modules, no file over 600 lines, no function over 80 (120 for a view).
python3 scripts/check-structure.py

step "cargo clippy -- -D warnings"
cargo clippy -p app -p server --all-targets -- -D warnings
cargo clippy -p frontend --target wasm32-unknown-unknown -- -D warnings
echo "clippy: clean"

step "unit and integration tests"
cargo test -p app --features ssr
cargo test -p server -- --skip attacks::no_attack_succeeds

step "attack suite"
# Its own run, so its summary line (`attacks: N tried, 0 succeeded`) is printed.
cargo test -p server --test integration attacks::no_attack_succeeds -- --nocapture

step "browser tests (headless Chromium)"
scripts/build-assets.sh release
(cd tests/browser && npm test)
echo "screenshots: tests/browser/artifacts/"
