#!/usr/bin/env bash
# Identification benchmark (docs/benchmarks.md): 45,000 schools x 3 years x 33 indicators
# through `server identify`, end to end from CSV read to JSON written, release build.
# Needs hyperfine (apt-get install hyperfine).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -p server
dir=target/bench-identify
[ -f "$dir/data.csv" ] || python3 scripts/gen-identification-bench.py "$dir"
cmd="target/release/server identify --config $dir/config.json --data $dir/data.csv --out $dir/result.json"
hyperfine --warmup 1 --runs 10 "$cmd"
/usr/bin/time -f "peak memory: %M KB" $cmd
