#!/usr/bin/env bash
# Accounts benchmarks (docs/benchmarks.md): logins per second (argon2id dominates) and an
# authenticated page under 50 concurrent users. Needs the release build and wrk.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
data="target/bench-accounts"
port="${BENCH_PORT:-3901}"
source scripts/bench-common.sh
# Rate limits off (bench-common.sh): this measures the cost of a login, not the limiter.
start_server
email="bench@school27.ru"
password="Бенчмарк-пароль-2026"
register_confirmed "$email" "$password" teacher

body="slug=khabarovsk&email=$email&password=$(python3 -c "import urllib.parse;print(urllib.parse.quote('$password'))")"
cat > "$data/login.lua" <<LUA
wrk.method = "POST"
wrk.body = "$body"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Origin"] = "$base"
wrk.headers["Accept"] = "application/json"
LUA
echo "logins (2 threads, 4 connections, 20 s):"
wrk -t2 -c4 -d20s --latency -s "$data/login.lua" "$base$(action_of /r/khabarovsk/login login)" | grep -E "Requests/sec|50%|99%|Non-2xx"

cookie=$(login_cookie "$email" "$password")
echo "authenticated page /r/khabarovsk/cabinet, 50 connections, 20 s:"
wrk -t2 -c50 -d20s --latency -H "Cookie: $cookie" "$base/r/khabarovsk/cabinet" | grep -E "Requests/sec|50%|90%|99%|Non-2xx"
