#!/usr/bin/env bash
# Identification from the web UI (docs/benchmarks.md): the benchmark data of
# bench-identification.sh (45,000 schools x 3 years x 33 indicators) loaded into a region, then
# the «Рассчитать» server function timed end to end (data read from PostgreSQL, engine, cut-offs,
# result stored), the first page of the result, one school's explanation, and the server's
# peak memory. Needs the release build, hyperfine and curl.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
cargo build --release -p server
bench=target/bench-identify
[ -f "$bench/data.csv" ] || python3 scripts/gen-identification-bench.py "$bench"
data=target/bench-web
port="${BENCH_PORT:-3902}"
source scripts/bench-common.sh
email="analyst@bench.ru"
password="Бенчмарк-аналитик-2026"
# An operator: registered, confirmed through the .eml link, granted the role.
start_server
register_confirmed "$email" "$password" methodologist
psql_ "insert into role_grants (tenant_id, user_id, role) select t.id, u.id, 'regional_operator'
       from tenants t, users u where t.slug = 'khabarovsk' and u.email = '$email'" > /dev/null
cookie=$(login_cookie "$email" "$password")
# Only the benchmark's years: the demo seed loads a few schools' years of its own.
psql_ "delete from indicator_years y using tenants t where t.id = y.tenant_id and t.slug = 'khabarovsk';
       delete from indicator_year_versions v using tenants t where t.id = v.tenant_id and t.slug = 'khabarovsk'" > /dev/null

# Data and configuration, as the operator's pages load them.
echo "upload and check $(du -h "$bench/data.csv" | cut -f1) of indicator data:"
start=$(date +%s.%N)
upload=$(curl -s -o /dev/null -w '%{redirect_url}' -H "Origin: $base" -H "Cookie: $cookie" \
  -F kind=indicators -F "file=@$bench/data.csv" "$base/r/khabarovsk/admin/identification/upload")
commit=$(action_of "${upload#"$base"}" commit_upload)
call "$commit" --data "slug=khabarovsk&id=${upload##*/}" > /dev/null
echo "  $(python3 -c "print(round($(date +%s.%N) - $start, 2))") s (upload, check, preview, commit)"
create=$(action_of /r/khabarovsk/admin/identification create_config)
config=$(call "$create" --data-urlencode "slug=khabarovsk" --data-urlencode "source=json" \
  --data-urlencode "json@$bench/config.json" | tr -d '"')
run=$(action_of "/r/khabarovsk/admin/identification/configs/$config" start_run)

echo "«Рассчитать» (45,000 schools x 3 years x 33 indicators, data in PostgreSQL):"
hyperfine --warmup 1 --runs 5 \
  "curl -fs -o /dev/null -X POST -H 'Origin: $base' -H 'Accept: application/json' -H 'Cookie: $cookie' --data 'slug=khabarovsk&config=$config' $base$run"
last=$(psql_ "select id from identification_runs order by created_at desc limit 1")
echo "the result page (first 100 of 45,000 schools, counts, chart):"
hyperfine --warmup 1 --runs 5 "curl -fs -o /dev/null -H 'Cookie: $cookie' $base/r/khabarovsk/admin/identification/runs/$last"
echo "one school's explanation:"
hyperfine --warmup 1 --runs 5 "curl -fs -o /dev/null -H 'Cookie: $cookie' '$base/r/khabarovsk/admin/identification/runs/$last?school=00042'"
echo "server peak memory: $(grep VmHWM /proc/$server_pid/status | awk '{print $2, $3}')"
