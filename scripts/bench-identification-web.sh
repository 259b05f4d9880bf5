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
base="http://127.0.0.1:$port"
rm -rf "$data"
email="analyst@bench.ru"
password="Бенчмарк-аналитик-2026"
ROST_BOOTSTRAP_OPERATORS="khabarovsk:$email" ROST_RATE_LIMITS=false ROST_DATA_DIR="$data" ROST_PORT="$port" \
  ROST_LOG_FORMAT=json RUST_LOG=warn target/release/server > "$data.log" 2>&1 &
server_pid=$!
trap 'kill -TERM $server_pid; wait $server_pid || true' EXIT
until curl -fs "$base/readyz" > /dev/null; do sleep 0.05; done
psql_() { psql -h "$PWD/$data/run" -U postgres -d rost -At -F ' ' -c "$1"; }

# Server-function paths carry a hash; read them from the forms of the pages.
action_of() { curl -s -H "Cookie: ${cookie:-}" "$base$1" | grep -o "action=\"/api/$2[0-9]*\"" | head -n 1 | cut -d'"' -f2; }
call() { curl -fs -X POST -H "Origin: $base" -H 'Accept: application/json' -H "Cookie: ${cookie:-}" "$base$1" "${@:2}"; }

# An operator: registered, confirmed through the .eml link, appointed by a restart.
register=$(action_of /r/khabarovsk/register register)
confirm=$(action_of "/confirm?token=x" confirm_email)
read -r municipality school < <(psql_ "select s.municipality_id, s.id from schools s join tenants t on t.id = s.tenant_id
   where t.slug = 'khabarovsk' order by s.code limit 1")
call "$register" --data-urlencode "form[slug]=khabarovsk" --data-urlencode "form[full_name]=Аналитик Бенчмарков" \
  --data-urlencode "form[email]=$email" --data-urlencode "form[password]=$password" \
  --data-urlencode "form[municipality_id]=$municipality" --data-urlencode "form[school_id]=$school" \
  --data-urlencode "form[position]=methodologist" --data-urlencode "form[subjects]=" \
  --data-urlencode "form[experience_years]=" --data-urlencode "form[consent]=on" > /dev/null
sleep 1.5
token=$(python3 - "$data/mail" <<'PY'
import email, glob, re, sys
for path in glob.glob(sys.argv[1] + "/*.eml"):
    message = email.message_from_file(open(path, encoding="utf-8"))
    for part in message.walk():
        if part.get_content_type() == "text/plain":
            print(re.search(r"token=([A-Za-z0-9_-]+)", part.get_payload(decode=True).decode()).group(1))
PY
)
call "$confirm" --data "token=$token" > /dev/null
psql_ "insert into role_grants (tenant_id, user_id, role) select t.id, u.id, 'regional_operator'
       from tenants t, users u where t.slug = 'khabarovsk' and u.email = '$email'" > /dev/null
login=$(action_of /r/khabarovsk/login login)
cookie=$(curl -s -D - -o /dev/null -X POST -H "Origin: $base" -H 'Accept: application/json' \
  --data-urlencode "slug=khabarovsk" --data-urlencode "email=$email" --data-urlencode "password=$password" "$base$login" |
  grep -i '^set-cookie: rost_access' | sed 's/^[Ss]et-[Cc]ookie: //; s/;.*//' | tr -d '\r')

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
