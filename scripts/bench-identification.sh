#!/usr/bin/env bash
# Identification benchmark (docs/benchmarks.md) through `server identify`, end to end from CSV
# read to JSON written, release build. Needs hyperfine (apt-get install hyperfine); the Russian
# part also needs pandas (pip install pandas) for the side-by-side reference.
#   plain:   45,000 schools x 3 years x 33 indicators, `,` and decimal points;
#   russian: 45,000 x 4 x 33 as Russian Excel saves it (BOM, `;`, decimal commas, quoted names),
#            the same table with `,`, and scripts/identification-pandas.py, in one hyperfine run.
# Usage: bench-identification.sh [plain|russian|all]
set -euo pipefail
cd "$(dirname "$0")/.."
what=${1:-all}
cargo build --release -p server
server=target/release/server

if [ "$what" = plain ] || [ "$what" = all ]; then
  dir=target/bench-identify
  [ -f "$dir/data.csv" ] || python3 scripts/gen-identification-bench.py "$dir"
  cmd="$server identify --config $dir/config.json --data $dir/data.csv --out $dir/result.json"
  hyperfine --warmup 1 --runs 10 "$cmd"
  /usr/bin/time -f "peak memory: %M KB" $cmd
fi

if [ "$what" = russian ] || [ "$what" = all ]; then
  dir=target/bench-identify-ru
  [ -f "$dir/data-ru.csv" ] || python3 scripts/gen-identification-bench.py "$dir" 45000 --years 4 --russian
  russian="$server identify --config $dir/config.json --data $dir/data-ru.csv --out $dir/result-ru.json"
  plain="$server identify --config $dir/config.json --data $dir/data.csv --out $dir/result.json"
  pandas="python3 scripts/identification-pandas.py $dir/config.json $dir/data-ru.csv $dir/pandas.json"
  hyperfine --warmup 1 --runs 20 -n russian "$russian" -n plain "$plain" -n pandas "$pandas"
  cmp "$dir/result-ru.json" "$dir/result.json" && echo "the two formats give byte-identical output"
  echo "pandas statuses: $($pandas)"
  python3 -c 'import json, sys, collections
c = collections.Counter(s for school in json.load(open(sys.argv[1]))["schools"] for s in school["statuses"])
print("Rost statuses:   " + json.dumps(dict(c)))' "$dir/result-ru.json"
  /usr/bin/time -f "peak memory, russian: %M KB" $russian
  /usr/bin/time -f "peak memory, plain: %M KB" $plain
fi
