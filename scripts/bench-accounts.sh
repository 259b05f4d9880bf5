#!/usr/bin/env bash
# Accounts benchmarks (docs/benchmarks.md): logins per second (argon2id dominates) and an
# authenticated page under 50 concurrent users. Needs the release build and wrk.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
data="target/bench-accounts"
port="${BENCH_PORT:-3901}"
base="http://127.0.0.1:$port"
rm -rf "$data"
# Rate limits off: this measures the cost of a login, not the limiter.
ROST_RATE_LIMITS=false ROST_DATA_DIR="$data" ROST_PORT="$port" ROST_LOG_FORMAT=json RUST_LOG=warn target/release/server > "$data.log" 2>&1 &
server_pid=$!
trap 'kill -TERM $server_pid; wait $server_pid || true' EXIT
until curl -fs "$base/readyz" > /dev/null; do sleep 0.05; done

# Server-function paths carry a hash; read them from the forms of the pages.
action_of() { curl -s "$base$1" | grep -o "action=\"/api/$2[0-9]*\"" | head -n 1 | cut -d'"' -f2; }
register=$(action_of /r/khabarovsk/register register)
login=$(action_of /r/khabarovsk/login login)
confirm=$(action_of "/confirm?token=x" confirm_email)
read -r ids school < <(psql -h "$PWD/$data/run" -U postgres -d rost -At -F ' ' -c \
  "select s.municipality_id, s.id from schools s join tenants t on t.id = s.tenant_id
   where t.slug = 'khabarovsk' order by s.code limit 1")
email="bench@school27.ru"
password="Бенчмарк-пароль-2026"
curl -fs -X POST -H "Origin: $base" -H 'Accept: application/json' "$base$register" \
  --data-urlencode "form[slug]=khabarovsk" --data-urlencode "form[full_name]=Бенчмарков Иван" \
  --data-urlencode "form[email]=$email" --data-urlencode "form[password]=$password" \
  --data-urlencode "form[municipality_id]=$ids" --data-urlencode "form[school_id]=$school" \
  --data-urlencode "form[position]=teacher" --data-urlencode "form[subjects]=" \
  --data-urlencode "form[experience_years]=" --data-urlencode "form[consent]=on" > /dev/null
sleep 1.5
token=$(python3 - "$data/mail" <<'PY'
import email, glob, re, sys
for path in glob.glob(sys.argv[1] + "/*.eml"):
    message = email.message_from_file(open(path, encoding="utf-8"))
    for part in message.walk():
        if part.get_content_type() == "text/plain":
            text = part.get_payload(decode=True).decode("utf-8")
            print(re.search(r"token=([A-Za-z0-9_-]+)", text).group(1))
PY
)
curl -fs -X POST -H "Origin: $base" -H 'Accept: application/json' "$base$confirm" --data "token=$token" > /dev/null

body="slug=khabarovsk&email=$email&password=$(python3 -c "import urllib.parse;print(urllib.parse.quote('$password'))")"
cat > "$data/login.lua" <<LUA
wrk.method = "POST"
wrk.body = "$body"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Origin"] = "$base"
wrk.headers["Accept"] = "application/json"
LUA
echo "logins (2 threads, 4 connections, 20 s):"
wrk -t2 -c4 -d20s --latency -s "$data/login.lua" "$base$login" | grep -E "Requests/sec|50%|99%|Non-2xx"

cookie=$(curl -s -D - -o /dev/null -X POST -H "Origin: $base" -H 'Accept: application/json' --data "$body" "$base$login" |
  grep -i '^set-cookie: rost_access' | sed 's/^[Ss]et-[Cc]ookie: //; s/;.*//' | tr -d '\r')
echo "authenticated page /r/khabarovsk/cabinet, 50 connections, 20 s:"
wrk -t2 -c50 -d20s --latency -H "Cookie: $cookie" "$base/r/khabarovsk/cabinet" | grep -E "Requests/sec|50%|90%|99%|Non-2xx"
