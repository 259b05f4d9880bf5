#!/usr/bin/env bash
# Foundation benchmarks (docs/benchmarks.md): cold start to /readyz with an existing embedded
# cluster, landing-page latency under 50 concurrent connections, WASM bundle size.
# Needs the release build (scripts/run.sh builds it) and wrk (apt-get install wrk).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
data="target/bench-data"
port="${BENCH_PORT:-3900}"
export ROST_DATA_DIR="$data" ROST_PORT="$port" ROST_LOG_FORMAT=json RUST_LOG=warn

# Sets server_pid and elapsed_ms (milliseconds from exec to the first 200 from /readyz).
start_and_wait() {
  local t0 t1
  t0=$(date +%s%N)
  target/release/server > "$data.log" 2>&1 &
  server_pid=$!
  until curl -fs "http://127.0.0.1:$port/readyz" > /dev/null; do sleep 0.01; done
  t1=$(date +%s%N)
  elapsed_ms=$(( (t1 - t0) / 1000000 ))
}
stop() { kill -TERM "$server_pid"; wait "$server_pid" || true; }

rm -rf "$data"; mkdir -p "$data"
start_and_wait; echo "first start (initdb, migrations, seed): $elapsed_ms ms"; stop
for i in 1 2 3 4 5; do
  start_and_wait; echo "cold start to /readyz with an existing cluster, run $i: $elapsed_ms ms"; stop
done

start_and_wait
echo "landing page, 50 connections, 2 threads, 20 s:"
wrk -t2 -c50 -d20s --latency "http://127.0.0.1:$port/" | grep -E "Latency|50%|90%|99%|Requests/sec|Non-2xx|errors"
echo "region page /r/kuzbass, 50 connections, 2 threads, 20 s:"
wrk -t2 -c50 -d20s --latency "http://127.0.0.1:$port/r/kuzbass" | grep -E "Latency|50%|90%|99%|Requests/sec|Non-2xx|errors"
stop

pkg="target/site/$(sed -n 's/.*"site_pkg_dir": "\([^"]*\)".*/\1/p' target/site/manifest.json)"
echo "bundle $pkg (the main module, its JS and the loader are the first load; chunks are lazy):"
for file in "$pkg"/*.wasm "$pkg"/*.js; do
  echo "  $(basename "$file"): $(stat -c %s "$file") bytes raw, $(stat -c %s "$file.gz") bytes gzip"
done
